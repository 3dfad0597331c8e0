/*
 * device.h - the devices user space drives, found in the device tree, and
 * the objects that name them: a device's registers are a memory object
 * (kind PMO_DEVICE), its interrupt an IRQ object (irq_object.h). init gets
 * a capability to each at boot and hands them to drivers (docs/devices.md).
 */
#ifndef KERNEL_DEVICE_H
#define KERNEL_DEVICE_H

#include <types.h>
#include <object.h>

struct device {
	paddr_t base; /* its registers: [base, base + size) */
	size_t size;
	unsigned irq; /* its interrupt id (0: none) */
	const char *compatible;
};

#define DEVICES_MAX 64

/* Find in the device tree the devices user space drives (virtio-mmio
 * transports, today), those with registers below RAM and an interrupt:
 * how many, at most DEVICES_MAX. */
int devices_init(const void *dtb);
/* The objects for every device found, as capabilities for init: a
 * device's registers, then its interrupt, pair after pair. Each holds a
 * reference for the caller, dropped with devices_put once init has its
 * copies. The number of capabilities (even), at most max. */
int devices_caps(struct cap *out, int max);
void devices_put(struct cap *caps, int n);

#endif
