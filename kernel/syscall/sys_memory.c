/*
 * sys_memory.c - system calls about memory: mapping anonymous memory and
 * reading the allocator's counters (what leak tests compare).
 */
#include <syscall.h>
#include <process.h>
#include <vmspace.h>
#include <pmo.h>
#include <pmm.h>
#include <rtc.h>

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
		long err = vmspace_unmap_for_fixed(vs, addr, len);
		if (err < 0)
			return err;
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

long sys_vm_protect(uintptr_t addr, size_t len, int prot)
{
	if (prot & ~(BOWER_PROT_READ | BOWER_PROT_WRITE | BOWER_PROT_EXEC))
		return -BOWER_EINVAL;
	return vmspace_protect(current_process()->vs, addr, ALIGN_UP(len, PAGE_SIZE),
			       prot_to_perm(prot));
}

long sys_vm_lock(uintptr_t addr, size_t len, int flags)
{
	if (flags & ~(BOWER_VM_LOCK | BOWER_VM_LOCK_MAPPED))
		return -BOWER_EINVAL;
	/* As mlock: the range is widened to whole pages. */
	uintptr_t start = ALIGN_DOWN(addr, PAGE_SIZE);
	if (len == 0)
		return 0;
	if (addr + len < addr)
		return -BOWER_ENOMEM;
	return vmspace_lock(current_process()->vs, start, ALIGN_UP(addr + len, PAGE_SIZE) - start,
			    (unsigned)flags);
}

long sys_vm_limit(int resource, const struct bower_vm_limit *uset, struct bower_vm_limit *uold)
{
	struct vmspace *vs = current_process()->vs;
	struct bower_vm_limit set;
	if (resource < 0 || resource >= BOWER_VM_LIMITS)
		return -BOWER_EINVAL;
	if (uset && copy_from_user(&set, uset, sizeof(set)))
		return -BOWER_EFAULT;
	if (uset && set.soft > set.hard)
		return -BOWER_EINVAL;
	/* Every process is root, whom POSIX lets raise the hard limit too.
	 * A soft limit below what is mapped already takes nothing away: the
	 * next map fails, as on Linux. The old ones first: a bad pointer
	 * changes nothing. */
	if (uold && copy_to_user(uold, &vs->limits[resource], sizeof(*uold)))
		return -BOWER_EFAULT;
	if (uset)
		vs->limits[resource] = set;
	return 0;
}

long sys_vm_unmap(uintptr_t addr, size_t len)
{
	return vmspace_unmap(current_process()->vs, addr, ALIGN_UP(len, PAGE_SIZE));
}

long sys_rtc_epoch(struct bower_rtc_epoch *uout)
{
	struct rtc_epoch e = rtc_epoch();
	struct bower_rtc_epoch out = {.seconds = e.seconds, .counter = e.counter};
	return copy_to_user(uout, &out, sizeof(out));
}

long sys_mem_stat(struct bower_memstat *uout)
{
	struct bower_memstat st = {
	    .total_pages = pmm_total_pages(),
	    .free_pages = pmm_free_pages(),
	};
	return copy_to_user(uout, &st, sizeof(st));
}

/* Which pages of [addr, addr + len) are resident in this address space's
 * page table (mincore): one byte per page, 1 if resident. Every page must
 * lie in a mapping (ENOMEM otherwise, as Linux says). vec NULL: only that
 * check (msync uses it). No pointer is kept across the copies, which may
 * sleep: each page is looked up afresh. */
long sys_vm_mincore(uintptr_t addr, size_t len, unsigned char *uvec)
{
	struct vmspace *vs = current_process()->vs;
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -BOWER_EINVAL;
	if (len > BOWER_USER_TOP || addr + ALIGN_UP(len, PAGE_SIZE) > BOWER_USER_TOP)
		return -BOWER_ENOMEM;
	size_t pages = ALIGN_UP(len, PAGE_SIZE) / PAGE_SIZE;
	unsigned char chunk[256];
	for (size_t done = 0; done < pages;) {
		size_t n = MIN(pages - done, sizeof(chunk));
		for (size_t i = 0; i < n; i++) {
			vaddr_t va = addr + (done + i) * PAGE_SIZE;
			if (!vmspace_find_region(vs, va))
				return -BOWER_ENOMEM;
			chunk[i] = arch_pt_mapped(&vs->pt, va);
		}
		if (uvec && copy_to_user(uvec + done, chunk, n))
			return -BOWER_EFAULT;
		done += n;
	}
	return 0;
}
