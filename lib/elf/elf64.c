/*
 * elf64.c - the checks that make an ELF file safe to load.
 *
 * The file comes from outside the kernel's trust (the ramdisk, later a file
 * system), so every offset and size is checked, with overflow-safe
 * arithmetic, before the loader uses it: header fields, the program header
 * table's place in the file, each PT_LOAD's bytes in the file and addresses
 * in user space, overlaps between segments, the entry point inside an
 * executable segment. Copies of headers are made with memcpy because the
 * image need not be aligned.
 */
#include "elf64.h"
#include <string.h>

#define PT_LOAD	   1
#define ET_EXEC	   2
#define ET_DYN	   3
#define EM_AARCH64 183
#define PAGE	   4096ULL

static int fail(const char **why, const char *reason)
{
	*why = reason;
	return ELF64_EBADFILE;
}

static void read_ehdr(const void *img, struct elf64_ehdr *eh)
{
	memcpy(eh, img, sizeof(*eh));
}

static void read_phdr(const void *img, const struct elf64_ehdr *eh, unsigned i,
		      struct elf64_phdr *ph)
{
	memcpy(ph, (const uint8_t *)img + eh->e_phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
}

static int check_header(const struct elf64_ehdr *eh, size_t size, const char **why)
{
	const uint8_t *id = eh->e_ident;
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return fail(why, "not an ELF file");
	if (id[4] != 2)
		return fail(why, "not a 64-bit ELF file");
	if (id[5] != 1)
		return fail(why, "not little-endian");
	if (id[6] != 1 || eh->e_version != 1)
		return fail(why, "unknown ELF version");
	if (eh->e_machine != EM_AARCH64)
		return fail(why, "not for AArch64");
	if (eh->e_type == ET_DYN)
		return fail(why, "position-independent or dynamic executables are not supported");
	if (eh->e_type != ET_EXEC)
		return fail(why, "not an executable");
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return fail(why, "unexpected program header size");
	if (eh->e_phnum == 0)
		return fail(why, "no program headers");
	if (eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > size - eh->e_phoff)
		return fail(why, "program headers outside the file");
	return 0;
}

static int check_segment(const struct elf64_phdr *ph, size_t size, uint64_t user_limit,
			 const char **why)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail(why, "segment has more file bytes than memory");
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return fail(why, "segment outside the file");
	if (ph->p_vaddr + ph->p_memsz < ph->p_vaddr || ph->p_vaddr + ph->p_memsz > user_limit)
		return fail(why, "segment outside user space");
	if (ph->p_vaddr % PAGE != ph->p_offset % PAGE)
		return fail(why, "segment address and file offset disagree modulo the page size");
	return 0;
}

int elf64_check(const void *img, size_t size, uint64_t user_limit, const char **why)
{
	struct elf64_ehdr eh;
	struct elf64_phdr a, b;
	int err;
	if (size < sizeof(eh))
		return fail(why, size >= 4 && memcmp(img,
						     "\x7f"
						     "ELF",
						     4) == 0
				     ? "truncated ELF header"
				     : "not an ELF file");
	read_ehdr(img, &eh);
	if ((err = check_header(&eh, size, why)) < 0)
		return err;
	int loads = 0, entry_ok = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		read_phdr(img, &eh, i, &a);
		if (a.p_type != PT_LOAD || a.p_memsz == 0) /* an empty segment loads nothing */
			continue;
		loads++;
		if ((err = check_segment(&a, size, user_limit, why)) < 0)
			return err;
		if ((a.p_flags & ELF64_PF_X) && eh.e_entry >= a.p_vaddr &&
		    eh.e_entry - a.p_vaddr < a.p_memsz)
			entry_ok = 1;
		for (unsigned j = 0; j < i; j++) {
			read_phdr(img, &eh, j, &b);
			if (b.p_type == PT_LOAD && a.p_vaddr < b.p_vaddr + b.p_memsz &&
			    b.p_vaddr < a.p_vaddr + a.p_memsz)
				return fail(why, "segments overlap");
		}
	}
	if (!loads)
		return fail(why, "nothing to load");
	if (!entry_ok)
		return fail(why, "entry point outside the executable segments");
	return 0;
}

uint64_t elf64_entry(const void *img)
{
	struct elf64_ehdr eh;
	read_ehdr(img, &eh);
	return eh.e_entry;
}

int elf64_load_segment(const void *img, unsigned index, struct elf64_segment *out)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	read_ehdr(img, &eh);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		read_phdr(img, &eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (index-- > 0)
			continue;
		out->vaddr = ph.p_vaddr;
		out->memsz = ph.p_memsz;
		out->data = (const uint8_t *)img + ph.p_offset;
		out->filesz = ph.p_filesz;
		out->flags = ph.p_flags;
		return 0;
	}
	return -1;
}
