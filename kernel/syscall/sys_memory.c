/*
 * sys_memory.c - system calls about memory: mapping anonymous memory and
 * reading the allocator's counters (what leak tests compare).
 */
#include <syscall.h>
#include <process.h>
#include <vmspace.h>
#include <pmo.h>
#include <pmm.h>

#define MMAP_BASE 0x0000000100000000UL /* where unhinted mappings go */

static unsigned prot_to_perm(int prot)
{
	unsigned perm = 0;
	if (prot & BOWER_PROT_READ)
		perm |= VM_READ;
	if (prot & BOWER_PROT_WRITE)
		perm |= VM_WRITE | VM_READ;
	if (prot & BOWER_PROT_EXEC)
		perm |= VM_EXEC | VM_READ;
	return perm;
}

long sys_vm_map(uintptr_t addr, size_t len, int prot, int flags)
{
	struct vmspace *vs = current_process()->vs;
	int known = BOWER_MAP_FIXED | BOWER_MAP_EAGER;
	if (len == 0 || len > BOWER_USER_TOP || (flags & ~known) ||
	    (prot & ~(BOWER_PROT_READ | BOWER_PROT_WRITE | BOWER_PROT_EXEC)))
		return -BOWER_EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (flags & BOWER_MAP_FIXED) {
		if (!IS_ALIGNED(addr, PAGE_SIZE))
			return -BOWER_EINVAL;
	} else {
		addr = vmspace_find_free(vs, addr ? addr : MMAP_BASE, len);
		if (!addr)
			return -BOWER_ENOMEM;
	}
	struct pmo *pmo = pmo_create_anon(len / PAGE_SIZE, flags & BOWER_MAP_EAGER);
	if (!pmo)
		return -BOWER_ENOMEM;
	int err = vmspace_map(vs, addr, len, prot_to_perm(prot), pmo, 0);
	pmo_put(pmo);
	return err < 0 ? err : (long)addr;
}

long sys_vm_unmap(uintptr_t addr, size_t len)
{
	return vmspace_unmap(current_process()->vs, addr, ALIGN_UP(len, PAGE_SIZE));
}

long sys_mem_stat(struct bower_memstat *uout)
{
	struct bower_memstat st = {
	    .total_pages = pmm_total_pages(),
	    .free_pages = pmm_free_pages(),
	};
	return copy_to_user(uout, &st, sizeof(st));
}
