/*
 * fdt.h - the little of the flattened device tree the kernel reads: the
 * size of RAM and the command line. All reads are bounds-checked.
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

#endif
