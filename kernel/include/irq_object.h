/*
 * irq_object.h - a device's interrupt as an object (object/irq.c).
 *
 * Its holder binds it to a notification; when the interrupt comes the
 * kernel masks the line and signals the notification, and the line stays
 * masked until the holder acknowledges the interrupt (after it has made
 * the device lower it), so a device that keeps asking cannot keep the CPU
 * in the kernel.
 */
#ifndef KERNEL_IRQ_OBJECT_H
#define KERNEL_IRQ_OBJECT_H

#include <types.h>
#include <object.h>

struct device;
struct process;

/* The object for dev's interrupt, line masked, one reference: NULL if out
 * of memory, or if the line is not one a device may have (an SPI) or
 * already has an object. */
struct kobject *irq_object_create(const struct device *dev);
/* The interrupt intid came (trap_irq): mask it, mark it pending, signal
 * the bound notification. false if no object has the line. */
bool irq_object_fire(unsigned intid);
/* Signal notify (taking a reference) from now on when the interrupt
 * comes, instead of any notification binder bound before; binder ends the
 * binding by ending. An interrupt already pending (unacknowledged by an
 * earlier holder) signals notify at once; otherwise the line is unmasked.
 * 0, or -EBUSY while another process's binding stands (one driver at a
 * time takes a device's interrupts). */
int irq_object_bind(struct kobject *irq, struct kobject *notify, struct process *binder);
/* The holder has dealt with the interrupt: unmask the line. A line not
 * pending is left as it is. Always 0. */
int irq_object_ack(struct kobject *irq);
/* p is ending: the notifications it bound go (their interrupts stay
 * masked if pending, for the next holder to bind). */
void irq_process_ending(struct process *p);
unsigned irq_object_intid(struct kobject *irq);
/* BOWER_IRQ_BOUND, BOWER_IRQ_PENDING as they are now (dev_info). */
unsigned irq_object_flags(struct kobject *irq);
const struct device *irq_object_device(struct kobject *irq);

#endif
