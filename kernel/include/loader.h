/* loader.h - putting an ELF program and its arguments into an address space. */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <types.h>

struct vmspace;

#define USER_STACK_TOP	0x0000000080000000UL
#define USER_STACK_SIZE (256 * 1024UL)

/* Check the ELF image and map its segments into vs (eager, private copies
 * of the file's bytes, zero-filled past them). 0 and *entry, or a negative
 * error with *why saying what is wrong with the file. */
int program_load(struct vmspace *vs, const void *img, size_t size, uint64_t *entry,
		 const char **why);
/* Map the stack and write argc/argv on it: 0 and the initial sp and argv
 * address, or a negative error. */
int program_setup_stack(struct vmspace *vs, int argc, char *const argv[], uint64_t *sp,
			uint64_t *uargv);

#endif
