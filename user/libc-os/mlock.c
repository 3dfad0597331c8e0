/*
 * mlock.c - mlock, munlock, mlockall, munlockall.
 *
 * The kernel does the locking (vm_lock, docs/syscalls.md): it brings each
 * page in, and pins a MAP_LLM mapping's pages under its cap, where a lock
 * past the cap is ENOMEM. mlockall(MCL_CURRENT) locks every mapping but
 * the part of the heap beyond the break: the heap is one lazy mapping as
 * large as malloc may ever grow (start.c), and what malloc has not reached
 * is not yet memory the program has. MCL_FUTURE is kept here: each mapping
 * mmap makes from then on is locked as it is made (and mmap fails with
 * EAGAIN if it cannot be, as POSIX says). The heap's growth is not: its
 * pages come in at their first touch and, being anonymous, never leave.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"

extern char __heap_start[], __heap_end[];

static int lock_future; /* MCL_FUTURE is in force */

int mlock(const void *addr, size_t len)
{
	return (int)errno_ret(bower_vm_lock((uintptr_t)addr, len, BOWER_VM_LOCK));
}

int munlock(const void *addr, size_t len)
{
	return (int)errno_ret(bower_vm_lock((uintptr_t)addr, len, 0));
}

/* Lock or unlock every mapping of [from, to), holes skipped. */
static long all_mappings(uintptr_t from, uintptr_t to, int flags)
{
	return to > from ? bower_vm_lock(from, to - from, flags | BOWER_VM_LOCK_MAPPED) : 0;
}

int mlockall(int flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE))) {
		errno = EINVAL;
		return -1;
	}
	if (flags & MCL_CURRENT) {
		uintptr_t brk = (uintptr_t)sbrk(0), page = 4096;
		brk = (brk + page - 1) & ~(page - 1);
		/* A lock that fails undoes itself; the one before it is undone here. */
		long err = all_mappings(BOWER_USER_BASE, brk, BOWER_VM_LOCK);
		if (!err && (err = all_mappings((uintptr_t)__heap_end, BOWER_USER_TOP, BOWER_VM_LOCK)))
			all_mappings(BOWER_USER_BASE, brk, 0);
		if (err)
			return (int)errno_ret(err);
	}
	lock_future = (flags & MCL_FUTURE) != 0;
	return 0;
}

int munlockall(void)
{
	lock_future = 0;
	return (int)errno_ret(all_mappings(BOWER_USER_BASE, BOWER_USER_TOP, 0));
}

int libos_lock_new_mapping(void *addr, size_t len)
{
	if (!lock_future || bower_vm_lock((uintptr_t)addr, len, BOWER_VM_LOCK) == 0)
		return 0;
	bower_vm_unmap((uintptr_t)addr, len);
	errno = EAGAIN;
	return -1;
}
