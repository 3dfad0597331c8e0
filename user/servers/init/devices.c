/*
 * devices.c - the devices the kernel gave init, sorted.
 *
 * init's first slots hold a capability to every device the kernel found in
 * the device tree: a device's registers, then its interrupt, pair after
 * pair (docs/devices.md). Every one is a virtio-mmio transport, most of
 * them empty. init looks behind each (maps its registers read-only for a
 * moment and reads what device it holds), keeps the pairs of block
 * devices for their driver and deletes the others, so that no capability
 * to a device stays anywhere without a use.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include <bower/virtio.h>
#include "init.h"

struct disk disks[MAX_DISKS];
int ndisks;

/* The virtio device id behind the transport whose registers are in slot
 * regs (0: none, or not a modern virtio-mmio transport). */
static unsigned virtio_device_id(int regs, const struct bower_dev_info *info)
{
	long va = bower_vm_map_pmo(regs, 0, 4096, BOWER_PROT_READ, 0, 0);
	if (va < 0)
		return 0;
	volatile uint32_t *r = (volatile uint32_t *)(va + (long)info->offset);
	unsigned id = 0;
	if (r[VIRTIO_MMIO_MAGIC / 4] == VIRTIO_MMIO_MAGIC_VALUE && r[VIRTIO_MMIO_VERSION / 4] == 2)
		id = r[VIRTIO_MMIO_DEVICE_ID / 4];
	bower_vm_unmap((uintptr_t)va, 4096);
	return id;
}

static bool is_kind(int slot, unsigned kind, struct bower_dev_info *info)
{
	return bower_dev_info(slot, info) == 0 && info->kind == kind;
}

int devices_sort(void)
{
	struct bower_dev_info regs, irq;
	for (int slot = 0; is_kind(slot, BOWER_DEV_MMIO, &regs); slot += 2) {
		bool keep = is_kind(slot + 1, BOWER_DEV_IRQ, &irq) &&
			    strcmp(regs.compatible, "virtio,mmio") == 0 && ndisks < MAX_DISKS &&
			    virtio_device_id(slot, &regs) == VIRTIO_ID_BLOCK;
		if (keep) {
			disks[ndisks++] = (struct disk){.regs = slot,
							.irq = slot + 1,
							.phys = regs.phys,
							.intid = irq.irq,
							.pid = -1,
							.port = -1};
			continue;
		}
		bower_cap_delete(slot);
		bower_cap_delete(slot + 1);
	}
	return ndisks;
}
