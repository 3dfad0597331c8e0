/*
 * fdt.h - the little of the flattened device tree the kernel reads: the
 * size of RAM, the command line and the devices of one kind. All reads are
 * bounds-checked.
 */
#ifndef FDT_H
#define FDT_H

#include <stddef.h>
#include <stdint.h>

/* 0 if blob (at most max_size bytes) is a well-formed device tree whose
 * structure walk stays in bounds, else a negative error. */
int fdt_check(const void *blob, size_t max_size);
/* Base and size of the first /memory node's first reg range: 0, or -1. */
int fdt_memory(const void *blob, uint64_t *base, uint64_t *size);
/* /chosen's bootargs (NUL-terminated inside the blob), or NULL. */
const char *fdt_bootargs(const void *blob);

/* A device node: its first reg range and its interrupt (a GIC interrupt
 * id: SPI n is 32 + n, PPI n is 16 + n; 0 if it has none). */
struct fdt_device {
	uint64_t base, size;
	uint32_t irq;
};
/* The children of the root whose compatible list names `compatible` and
 * that have a reg range, in the tree's order: how many there are (the
 * first max of them stored in out), or -1 for a damaged tree. */
int fdt_devices(const void *blob, const char *compatible, struct fdt_device *out, int max);

/* The /cpus node's children whose device_type is "cpu", in the tree's
 * order: each one's reg (its MPIDR affinity bits) and whether its
 * enable-method is "psci". How many there are (the first max stored), or
 * -1 for a damaged tree. */
struct fdt_cpu {
	uint64_t mpidr;
	int psci;
};
int fdt_cpus(const void *blob, struct fdt_cpu *out, int max);
/* The /psci node's method: 'h' for "hvc", 's' for "smc", 0 if none. */
int fdt_psci_method(const void *blob);

#endif
