/*
 * program.c - loading an ELF executable into a fresh address space.
 *
 * lib/elf checks the file first (bounds, machine, overlaps); here each
 * PT_LOAD segment becomes a region backed by an eager anonymous PMO holding
 * a private copy of the file's bytes, and the stack becomes a lazy region,
 * so a deep stack costs only the pages it touches.
 *
 * Stack layout at entry (growing down from USER_STACK_TOP):
 *	argument strings, then the argv[] array (NULL-terminated), sp 16-aligned
 *	x0 = argc, x1 = argv.
 */
#include <loader.h>
#include <vmspace.h>
#include <pmo.h>
#include <elf64.h>
#include <string.h>
#include <bower/abi.h>

static unsigned segment_perm(uint32_t flags)
{
	unsigned perm = 0;
	if (flags & ELF64_PF_R)
		perm |= VM_READ;
	if (flags & ELF64_PF_W)
		perm |= VM_WRITE;
	if (flags & ELF64_PF_X)
		perm |= VM_EXEC;
	return perm;
}

int program_load(struct vmspace *vs, const void *img, size_t size, uint64_t *entry,
		 const char **why)
{
	if (elf64_check(img, size, USER_STACK_TOP - USER_STACK_SIZE, why) < 0)
		return -BOWER_ENOEXEC;
	struct elf64_segment seg;
	for (unsigned i = 0; elf64_load_segment(img, i, &seg) == 0; i++) {
		vaddr_t start = ALIGN_DOWN(seg.vaddr, PAGE_SIZE);
		size_t len = ALIGN_UP(seg.vaddr + seg.memsz, PAGE_SIZE) - start;
		if (len == 0)
			continue;
		struct pmo *pmo = pmo_create_anon(len / PAGE_SIZE, true);
		if (!pmo)
			return -BOWER_ENOMEM;
		int err = vmspace_map(vs, start, len, segment_perm(seg.flags), pmo, 0);
		pmo_put(pmo);
		if (err == -BOWER_EINVAL) {
			*why = "segments share a page or leave the user range";
			return -BOWER_ENOEXEC;
		}
		if (err < 0)
			return err;
		err = vmspace_write(vs, seg.vaddr, seg.data, seg.filesz);
		if (err < 0)
			return err;
	}
	*entry = elf64_entry(img);
	return 0;
}

int program_setup_stack(struct vmspace *vs, int argc, char *const argv[], uint64_t *sp,
			uint64_t *uargv)
{
	struct pmo *pmo = pmo_create_anon(USER_STACK_SIZE / PAGE_SIZE, false);
	if (!pmo)
		return -BOWER_ENOMEM;
	int err = vmspace_map(vs, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE,
			      VM_READ | VM_WRITE, pmo, 0);
	pmo_put(pmo);
	if (err < 0)
		return err;

	uint64_t ptrs[BOWER_ARG_MAX + 1];
	uint64_t top = USER_STACK_TOP;
	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]) + 1;
		top -= n;
		if ((err = vmspace_write(vs, top, argv[i], n)) < 0)
			return err;
		ptrs[i] = top;
	}
	ptrs[argc] = 0;
	top = ALIGN_DOWN(top - (argc + 1) * sizeof(uint64_t), 16);
	if ((err = vmspace_write(vs, top, ptrs, (argc + 1) * sizeof(uint64_t))) < 0)
		return err;
	*uargv = top;
	*sp = top;
	return 0;
}
