/*
 * irq.c - interrupt objects: a device's interrupt delivered to user space
 * as a signal on a notification.
 *
 * The cycle, for a line that stays raised until the device is told (a
 * level-sensitive line, as virtio-mmio's are):
 *   1. The interrupt comes (trap_irq): the kernel masks the line at the
 *      controller, marks the object pending, signals the bound
 *      notification and ends the interrupt. The device still asks, but the
 *      masked line cannot interrupt again.
 *   2. The driver, woken by the notification, reads and clears the
 *      device's own interrupt status (its registers are mapped in the
 *      driver) and calls irq_ack: the line is unmasked. If the device asks
 *      again meanwhile, the interrupt comes again at once: nothing is lost.
 * So a driver that never acknowledges costs one interrupt, not a storm,
 * and an interrupt nobody takes waits, masked and pending, for the next
 * holder's bind.
 *
 * Bindings belong to processes: the notification a driver bound is
 * dropped when the driver ends (irq_process_ending), so a dead driver's
 * notification is freed with it, while the object itself lives on with
 * whoever else holds a capability to it (init keeps one, to start a
 * driver again). The last capability gone masks the line for good.
 */
#include <irq_object.h>
#include <device.h>
#include <irq.h>
#include <list.h>
#include <notification.h>
#include <slab.h>
#include <bower/abi.h>

#define FIRST_SPI 32
#define LINES	  1020 /* GICv2: interrupt ids 1020 and up are special */

struct irq_object {
	struct kobject kobj;
	const struct device *device;
	struct kobject *notify; /* bound: signalled when it comes (one reference) */
	struct process *binder; /* who bound it; NULL when unbound */
	bool pending;		/* came, line masked, not yet acknowledged */
	struct list_node node;	/* in `objects` */
};

/* Every interrupt object: a few (init deletes those of devices it has no
 * driver for), so an interrupt finds its own by a walk. */
static struct list_node objects = {&objects, &objects};

static struct irq_object *on_line(unsigned intid)
{
	struct irq_object *q;
	list_for_each_entry (q, &objects, node)
		if (q->device->irq == intid)
			return q;
	return NULL;
}

static struct irq_object *irq_of(struct kobject *obj)
{
	return container_of(obj, struct irq_object, kobj);
}

static void unbind(struct irq_object *q)
{
	if (!q->binder)
		return;
	kobj_put(q->notify);
	q->notify = NULL;
	q->binder = NULL;
}

static void irq_destroy(struct kobject *obj)
{
	struct irq_object *q = irq_of(obj);
	irq_disable_line(q->device->irq);
	unbind(q);
	list_remove(&q->node);
	kfree(q);
}

static const struct kobj_ops irq_ops = {.destroy = irq_destroy};

struct kobject *irq_object_create(const struct device *dev)
{
	if (dev->irq < FIRST_SPI || dev->irq >= LINES || on_line(dev->irq))
		return NULL;
	struct irq_object *q = kzalloc(sizeof(*q));
	if (!q)
		return NULL;
	kobj_init(&q->kobj, KOBJ_IRQ, &irq_ops);
	q->device = dev;
	list_add_tail(&objects, &q->node);
	irq_disable_line(dev->irq);
	return &q->kobj;
}

bool irq_object_fire(unsigned intid)
{
	struct irq_object *q = on_line(intid);
	if (!q)
		return false;
	irq_disable_line(intid);
	q->pending = true;
	if (q->notify)
		notification_signal(q->notify);
	return true;
}

int irq_object_bind(struct kobject *obj, struct kobject *notify, struct process *binder)
{
	struct irq_object *q = irq_of(obj);
	if (q->binder && q->binder != binder)
		return -BOWER_EBUSY;
	kobj_get(notify);
	unbind(q);
	q->notify = notify;
	q->binder = binder;
	if (q->pending)
		notification_signal(notify); /* it came while nobody took it */
	else
		irq_enable_line(q->device->irq);
	return 0;
}

int irq_object_ack(struct kobject *obj)
{
	struct irq_object *q = irq_of(obj);
	if (q->pending) {
		q->pending = false;
		irq_enable_line(q->device->irq);
	}
	return 0;
}

void irq_process_ending(struct process *p)
{
	struct irq_object *q;
	list_for_each_entry (q, &objects, node)
		if (q->binder == p)
			unbind(q);
}

unsigned irq_object_intid(struct kobject *obj)
{
	return irq_of(obj)->device->irq;
}

unsigned irq_object_flags(struct kobject *obj)
{
	struct irq_object *q = irq_of(obj);
	return (q->binder ? BOWER_IRQ_BOUND : 0) | (q->pending ? BOWER_IRQ_PENDING : 0);
}

const struct device *irq_object_device(struct kobject *obj)
{
	return irq_of(obj)->device;
}
