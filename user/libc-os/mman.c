/*
 * mman.c - mmap and munmap.
 *
 * Anonymous mappings are lazy kernel memory: pages are zero-filled on first
 * touch. A file mapping asks the file server for the file's memory object
 * (FS_MMAP: it checks the descriptor's mode against the protection and
 * flags and hands back a capability), then maps that object; its pages come
 * from the server's pager on first touch, the same pages read() and write()
 * see. The capability goes as soon as the object is mapped: the mapping
 * holds the object, and its end (munmap, of all of it or of a part) is the
 * kernel's business, which tells the server when the last one goes.
 * MAP_LLM asks for a mapping with a resident cap whose faults the pager
 * answers with a batch of predicted pages (docs/llm.md): with MAP_SHARED,
 * or with a read-only MAP_PRIVATE (how inference programs map weights; with
 * nothing written there is nothing to copy, so it is the shared mapping).
 * Any other MAP_PRIVATE mapping of a file is copy on write: the kernel
 * gives it a copy of a page at its first write (BOWER_MAP_PRIVATE).
 * MAP_FIXED replaces whatever the range held, for files as for anonymous
 * memory. A mapping of /dev/zero is anonymous memory (the server says so:
 * FS_MMAP_ANONYMOUS), as on Linux; with no other process to share it
 * with (there is no fork), MAP_SHARED makes the same. After mlockall(MCL_FUTURE) a new mapping is locked (mlock.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "fs_client.h"
#include "fdtable.h"

static void *map_anonymous(void *addr, size_t len, int prot, int flags)
{
	int bflags = (flags & MAP_FIXED) ? BOWER_MAP_FIXED : 0;
	long r = bower_vm_map((uintptr_t)addr, len, prot, bflags);
	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

static void *map_file(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	if (offset % 4096) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (fd < 0) { /* not anonymous, and no descriptor: POSIX says EBADF */
		errno = EBADF;
		return MAP_FAILED;
	}
	int sfd = fd_server(fd, ENODEV); /* the console and pipes have no pages */
	if (sfd < 0)
		return MAP_FAILED;
	struct fs_request *req = fs_begin(FS_MMAP);
	if (!req)
		return MAP_FAILED;
	req->fd = sfd;
	req->len = (uint64_t)offset + len;
	req->flags = flags;
	req->mode = (uint32_t)prot;
	int cap = -1;
	long answer = fs_call_cap(0, &cap);
	if (answer < 0)
		return MAP_FAILED;
	if (answer == FS_MMAP_ANONYMOUS) /* /dev/zero: zero-filled memory of its own */
		return map_anonymous(addr, len, prot, flags);
	int bflags = ((flags & MAP_LLM) ? BOWER_MAP_LLM : 0) | ((flags & MAP_FIXED) ? BOWER_MAP_FIXED : 0) |
		     ((flags & MAP_PRIVATE) ? BOWER_MAP_PRIVATE : 0);
	long r = bower_vm_map_pmo(cap, (uintptr_t)addr, len, prot & (PROT_READ | PROT_WRITE), bflags,
				  (unsigned long)offset / 4096);
	bower_cap_delete(cap); /* the mapping holds the object now */
	if (r < 0) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	if (len == 0 || offset < 0 || !!(flags & MAP_SHARED) == !!(flags & MAP_PRIVATE)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	/* More than the address space holds (at addr, for MAP_FIXED): POSIX's
	 * ENOMEM, before a file is asked for anything. */
	if (len > BOWER_USER_TOP - BOWER_USER_BASE ||
	    ((flags & MAP_FIXED) && (uintptr_t)addr > BOWER_USER_TOP - len)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	void *at = (flags & MAP_ANONYMOUS)
		       ? (offset ? (errno = EINVAL, MAP_FAILED) : map_anonymous(addr, len, prot, flags))
		       : map_file(addr, len, prot, flags, fd, offset);
	if (at != MAP_FAILED && libos_lock_new_mapping(at, len) < 0)
		return MAP_FAILED; /* mlockall(MCL_FUTURE), and it cannot be locked */
	return at;
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)errno_ret(bower_vm_protect((uintptr_t)addr, len, prot));
}

int munmap(void *addr, size_t len)
{
	return (int)errno_ret(bower_vm_unmap((uintptr_t)addr, len));
}

int mincore(void *addr, size_t len, unsigned char *vec)
{
	if (!vec) {
		errno = EFAULT;
		return -1;
	}
	return (int)errno_ret(bower_vm_mincore((uintptr_t)addr, len, vec));
}

/* A shared file mapping shows the file server's own pages: tmpfs's are
 * the file, and a disk file's are its page cache, so what MS_SYNC adds is
 * the write-back of the disk files' pages that mappings dirtied. The
 * mapping does not say which file it shows, so it asks for all of them
 * (FS_SYNC, as sync does); with nothing dirty that is a look at the cache.
 * MS_ASYNC asks for nothing more: dirty pages go back anyway (when they
 * leave the cache, when the last mapping goes, at sync), as on Linux,
 * where MS_ASYNC has nothing to start either. It checks its arguments and
 * that the range is mapped (ENOMEM if not, as POSIX says) first. */
int msync(void *addr, size_t len, int flags)
{
	if (((uintptr_t)addr & 4095) || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC))) {
		errno = EINVAL;
		return -1;
	}
	/* The kernel's mincore without a vector only checks the range. */
	if (errno_ret(bower_vm_mincore((uintptr_t)addr, len, NULL)) < 0)
		return -1;
	return flags & MS_SYNC ? libos_sync() : 0;
}
