/*
 * elf64.h - checking and reading 64-bit Arm ELF executables.
 *
 * Our own definitions of the few ELF structures we read (the kernel has no
 * libc headers). elf64_check validates everything the loader relies on, so
 * the loader itself can trust the offsets it is given.
 */
#ifndef ELF64_H
#define ELF64_H

#include <stddef.h>
#include <stdint.h>

#define ELF64_PF_X 0x1
#define ELF64_PF_W 0x2
#define ELF64_PF_R 0x4

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

/* A loadable segment, as the loader needs it. */
struct elf64_segment {
	uint64_t vaddr;
	uint64_t memsz;
	const void *data; /* filesz bytes inside the image */
	uint64_t filesz;
	uint32_t flags; /* ELF64_PF_* */
};

enum elf64_error {
	ELF64_EBADFILE = -1, /* see *why for the reason */
};

/* Check that img (size bytes) is a static AArch64 executable whose loadable
 * segments lie inside the file and below user_limit and do not overlap.
 * 0, or ELF64_EBADFILE with *why set to a short reason. */
int elf64_check(const void *img, size_t size, uint64_t user_limit, const char **why);
/* After a successful check: the entry point. */
uint64_t elf64_entry(const void *img);
/* After a successful check: the index-th PT_LOAD segment (0, 1, ...): 0 and
 * *out, or -1 when there are no more. */
int elf64_load_segment(const void *img, unsigned index, struct elf64_segment *out);

#endif
