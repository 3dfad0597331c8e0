/*
 * bulk.c - FS_READ and FS_WRITE straight to and from the caller's memory.
 *
 * A request with FS_BULK names its data by the call's bulk buffer, so the
 * file's pages are copied to or from the program's own buffer by the
 * kernel, once, a run of pages that follow each other in the server's
 * memory per system call (ipc_caller_write, ipc_caller_read), and the
 * whole request is one round trip however long it is.
 *
 * The kernel copies only what it can reach without waiting: not a page a
 * pager serves, which for a file mapping is this very server, busy here.
 * Any shortfall turns the request into FS_BULK_REFUSED, and the library
 * sends it again by message, as it always did. A read stops at once; a
 * write keeps what it stored (the messages store the same bytes again), so
 * the file is never left with bytes that were not the program's.
 */
#include <errno.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "bulk.h"
#include "diskfs.h"

/* A hole's zeros are copied from here (tmpfs hands out a hole a page at a
 * time). Read-only data, so the page is there from the start: a lazy one
 * would be made on the first hole read, and the server would hold a page
 * more after it than before. */
static const char zeros[TMPFS_PAGE];

struct transfer {
	int refused; /* the kernel did not copy all it was asked */
};

static ssize_t to_caller(void *arg, size_t done, void *file, size_t n)
{
	long got = bower_ipc_caller_write(done, file ? file : zeros, n);
	struct transfer *t = arg;
	t->refused |= got != (long)n;
	return got;
}

static ssize_t from_caller(void *arg, size_t done, void *file, size_t n)
{
	long got = bower_ipc_caller_read(done, file, n);
	struct transfer *t = arg;
	t->refused |= got != (long)n;
	return got;
}

/* What a transfer came to: its bytes, or FS_BULK_REFUSED if the kernel
 * fell short anywhere (read after the transfer, which sets it). */
static ssize_t verdict(const struct transfer *t, ssize_t got)
{
	return t->refused ? FS_BULK_REFUSED : got;
}

ssize_t bulk_read(struct tnode *n, uint64_t off, size_t len)
{
	struct transfer t = {0};
	return verdict(&t, tmpfs_read_with(n, off, len, to_caller, &t));
}

ssize_t bulk_write(struct tnode *n, uint64_t off, size_t len)
{
	struct transfer t = {0};
	return verdict(&t, tmpfs_write_with(n, off, len, from_caller, &t));
}

ssize_t bulk_disk_read(struct dnode *d, uint64_t off, size_t len)
{
	struct transfer t = {0};
	return verdict(&t, diskfs_read_with(d, off, len, to_caller, &t));
}

ssize_t bulk_disk_write(struct dnode *d, uint64_t off, size_t len)
{
	struct transfer t = {0};
	return verdict(&t, diskfs_write_with(d, off, len, from_caller, &t));
}
