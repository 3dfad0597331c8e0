/* bulk.h - FS_READ and FS_WRITE straight to and from the caller's memory. */
#ifndef FS_BULK_H
#define FS_BULK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "tmpfs.h"

/* Read or write [off, off + len) of file n, the data in the held call's
 * bulk buffer: the bytes moved, -errno from tmpfs, or FS_BULK_REFUSED when
 * the kernel could not reach the whole buffer (fs_proto.h). */
ssize_t bulk_read(struct tnode *n, uint64_t off, size_t len);
ssize_t bulk_write(struct tnode *n, uint64_t off, size_t len);
/* The same for a file of the disk (diskfs.c). */
struct dnode;
ssize_t bulk_disk_read(struct dnode *d, uint64_t off, size_t len);
ssize_t bulk_disk_write(struct dnode *d, uint64_t off, size_t len);

#endif
