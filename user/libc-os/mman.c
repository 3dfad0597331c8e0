/*
 * mman.c - mmap and munmap of anonymous memory.
 *
 * Anonymous mappings are lazy: pages are zero-filled on first touch.
 * Mapping a file needs the user-level pager, which does not exist yet, so
 * it fails with ENODEV rather than pretending.
 */
#include <errno.h>
#include <sys/mman.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	if (!(flags & MAP_ANONYMOUS)) {
		(void)fd;
		errno = ENODEV;
		return MAP_FAILED;
	}
	if (offset != 0 || !(flags & (MAP_SHARED | MAP_PRIVATE))) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	int bflags = (flags & MAP_FIXED) ? BOWER_MAP_FIXED : 0;
	long r = bower_vm_map((uintptr_t)addr, len, prot, bflags);
	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

int munmap(void *addr, size_t len)
{
	return (int)errno_ret(bower_vm_unmap((uintptr_t)addr, len));
}
