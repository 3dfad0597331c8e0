/*
 * sys_device.c - system calls for drivers: interrupts, DMA memory, and
 * what a device capability stands for (docs/devices.md).
 *
 * A device's registers need no call of their own: they are a memory
 * object, mapped with vm_map_pmo like any other (as device memory).
 */
#include <syscall.h>
#include <process.h>
#include <pmo.h>
#include <device.h>
#include <irq_object.h>
#include <string.h>

static struct cap_table *caps(void)
{
	return &current_process()->caps;
}

long sys_irq_bind(int irq_slot, int notify_slot)
{
	struct kobject *irq, *n;
	long err = cap_lookup(caps(), irq_slot, KOBJ_IRQ, BOWER_RIGHT_WAIT, &irq);
	if (!err)
		err = cap_lookup(caps(), notify_slot, KOBJ_NOTIFICATION, BOWER_RIGHT_SIGNAL, &n);
	return err ? err : irq_object_bind(irq, n, current_process());
}

long sys_irq_ack(int irq_slot)
{
	struct kobject *irq;
	long err = cap_lookup(caps(), irq_slot, KOBJ_IRQ, BOWER_RIGHT_WAIT, &irq);
	return err ? err : irq_object_ack(irq);
}

long sys_dma_create(unsigned long npages)
{
	if (npages == 0 || npages > BOWER_DMA_MAX_PAGES)
		return -BOWER_EINVAL;
	return pmo_install_new(caps(), pmo_create_dma(npages));
}

static void set_compatible(struct bower_dev_info *info, const struct device *dev)
{
	size_t n = MIN(strlen(dev->compatible), sizeof(info->compatible) - 1);
	memcpy(info->compatible, dev->compatible, n);
}

long sys_dev_info(int slot, struct bower_dev_info *uout)
{
	struct kobject *obj;
	struct bower_dev_info info = {0};
	long err = cap_lookup(caps(), slot, KOBJ_NONE, 0, &obj);
	if (err)
		return err;
	struct pmo *pmo = obj->type == KOBJ_PMO ? container_of(obj, struct pmo, kobj) : NULL;
	if (obj->type == KOBJ_IRQ) {
		info.kind = BOWER_DEV_IRQ;
		info.irq = irq_object_intid(obj);
		info.flags = irq_object_flags(obj);
		set_compatible(&info, irq_object_device(obj));
	} else if (pmo && pmo->kind == PMO_DEVICE) {
		info.kind = BOWER_DEV_MMIO;
		info.irq = pmo->device->irq;
		info.phys = pmo->phys;
		info.size = pmo->bytes;
		info.offset = pmo->phys & (PAGE_SIZE - 1);
		set_compatible(&info, pmo->device);
	} else if (pmo && pmo->kind == PMO_DMA) {
		info.kind = BOWER_DEV_DMA;
		info.phys = pmo->phys;
		info.size = pmo->bytes;
	} else {
		return -BOWER_EINVAL;
	}
	/* Last, as it may sleep: nothing looked up is used after it. */
	return copy_to_user(uout, &info, sizeof(info));
}
