/*
 * device.c - devices as capabilities: what the device tree lists, as
 * objects for init.
 *
 * The kernel drives none of these devices; it only knows where they are.
 * At boot it reads the device tree for the kinds of device user space
 * drives (virtio-mmio transports: QEMU virt has 32, 0x200 bytes of
 * registers each from 0x0a000000, SPIs 16 to 47), and makes for each one a
 * memory object of its registers and an object for its interrupt. init
 * receives a capability to every one (its first slots) and gives each
 * device's pair to that device's driver alone: only a holder can map the
 * registers or take the interrupt.
 *
 * A device's registers are a PMO of their own kind: its pages are the
 * device's physical pages, which are not RAM. They are never counted,
 * pinned or freed, so their page array stays empty (get_page makes the
 * address from the range): code that takes RAM pages out of a PMO finds
 * none here (a pager answering with them, pager_page, is refused). A
 * mapping of them is uncached device memory and never executable
 * (vmspace_map), and the kernel copies into no such page for anyone
 * (arch_pt_user_page).
 *
 * Protection is by page, as the MMU gives it: a range smaller than a page
 * is mapped as its whole page, so on virt, where eight transports share
 * each page, a driver that maps its transport can reach the seven beside
 * it. docs/devices.md says what that means.
 */
#include <device.h>
#include <irq_object.h>
#include <pmo.h>
#include <fdt.h>
#include <printk.h>
#include <bower/abi.h>
#include "plat/virt/plat.h"

/* The kinds of device the device tree may list that user space drives. */
static const char *const driven[] = {"virtio,mmio"};

static struct device found[DEVICES_MAX];
static int nfound;

static int device_get_page(struct pmo *pmo, size_t index, paddr_t *pa)
{
	if (index >= pmo->npages)
		return -BOWER_EINVAL;
	*pa = ALIGN_DOWN(pmo->phys, PAGE_SIZE) + index * PAGE_SIZE;
	return 0;
}

static void device_destroy(struct pmo *pmo)
{
	(void)pmo; /* the pages are the device's: nothing to give back */
}

static const struct pmo_ops device_ops = {
    .get_page = device_get_page,
    .destroy = device_destroy,
};

struct pmo *pmo_create_device(paddr_t base, size_t bytes, const struct device *dev)
{
	size_t npages =
	    (ALIGN_UP(base + bytes, PAGE_SIZE) - ALIGN_DOWN(base, PAGE_SIZE)) / PAGE_SIZE;
	struct pmo *pmo = pmo_alloc(npages, &device_ops, PMO_DEVICE);
	if (pmo) {
		pmo->phys = base;
		pmo->bytes = bytes;
		pmo->device = dev;
	}
	return pmo;
}

int devices_init(const void *dtb)
{
	for (size_t k = 0; k < ARRAY_SIZE(driven); k++) {
		struct fdt_device devs[DEVICES_MAX];
		int n = fdt_devices(dtb, driven[k], devs, DEVICES_MAX - nfound);
		if (n > DEVICES_MAX - nfound) {
			printk("bower: %d %s devices; using the first %d\n", n, driven[k],
			       DEVICES_MAX - nfound);
			n = DEVICES_MAX - nfound;
		}
		for (int i = 0; i < n; i++) {
			/* Registers must lie below RAM (where the kernel maps
			 * devices), and a device is driven by its interrupt. */
			if (devs[i].size == 0 || devs[i].base + devs[i].size > PLAT_RAM_BASE ||
			    devs[i].base + devs[i].size < devs[i].base || devs[i].irq == 0)
				continue;
			found[nfound++] = (struct device){.base = devs[i].base,
							  .size = devs[i].size,
							  .irq = devs[i].irq,
							  .compatible = driven[k]};
		}
	}
	return nfound;
}

int devices_caps(struct cap *out, int max)
{
	int n = 0;
	for (int i = 0; i < nfound && n + 2 <= max; i++) {
		struct pmo *regs = pmo_create_device(found[i].base, found[i].size, &found[i]);
		struct kobject *irq = regs ? irq_object_create(&found[i]) : NULL;
		if (!irq) {
			if (regs)
				pmo_put(regs);
			printk("bower: no objects for the device at 0x%lx\n",
			       (unsigned long)found[i].base);
			continue;
		}
		out[n++] = (struct cap){.obj = &regs->kobj,
					.rights = BOWER_RIGHT_READ | BOWER_RIGHT_WRITE |
						  BOWER_RIGHT_GRANT};
		out[n++] = (struct cap){.obj = irq, .rights = BOWER_RIGHT_WAIT | BOWER_RIGHT_GRANT};
	}
	return n;
}

void devices_put(struct cap *caps, int n)
{
	for (int i = 0; i < n; i++)
		kobj_put(caps[i].obj);
}
