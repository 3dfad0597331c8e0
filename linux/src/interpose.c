/*
 * interpose.c - the preloaded library's side: Linux's calls, wrapped.
 *
 * bower-pager puts libbower-pager.so in LD_PRELOAD, so a program's calls to
 * these functions come here first. A file mapping the pager wants
 * (bp_wants: --files, or a regular file of at least 1 MiB) goes to bp_map;
 * every other call on a range the pager serves goes through the pager's
 * rule (region.c: the mapping becomes Linux's own first, except munmap of
 * whole mappings, msync, and dropping pages with madvise, which the pager
 * does itself); everything else is passed to the system call unchanged.
 *
 * The system calls are made with syscall(2), not through the next
 * library's symbol: no dlsym, which may allocate, and no chance of coming
 * back here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "bower/pager.h"
#include "pager.h"

#define EXPORT __attribute__((visibility("default")))

EXPORT void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (!(flags & MAP_ANONYMOUS) && fd >= 0 && bp_wants(fd, prot, flags))
		return bp_map(addr, len, prot, flags, fd, off);
	if ((flags & MAP_FIXED) && bp_serves(addr, len) && bp_unserve(addr, len) < 0)
		return MAP_FAILED;
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

EXPORT void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

EXPORT int munmap(void *addr, size_t len)
{
	return bp_unmap(addr, len);
}

EXPORT void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL;
	if (flags & MREMAP_FIXED) {
		va_list ap;
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	if (bp_serves(old, old_len ? old_len : 1) && bp_unserve(old, old_len ? old_len : 1) < 0)
		return MAP_FAILED;
	if ((flags & MREMAP_FIXED) && bp_serves(new_addr, new_len) &&
	    bp_unserve(new_addr, new_len) < 0)
		return MAP_FAILED;
	return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

EXPORT int mprotect(void *addr, size_t len, int prot)
{
	if (bp_serves(addr, len) && bp_unserve(addr, len) < 0)
		return -1;
	return (int)syscall(SYS_mprotect, addr, len, prot);
}

EXPORT int msync(void *addr, size_t len, int flags)
{
	return bp_msync(addr, len, flags);
}

EXPORT int madvise(void *addr, size_t len, int advice)
{
	if (bp_serves(addr, len)) {
		int done = bp_drop(addr, len, advice);
		if (done <= 0)
			return done;
	}
	return (int)syscall(SYS_madvise, addr, len, advice);
}
