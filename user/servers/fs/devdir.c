/*
 * devdir.c - /dev: the null and zero devices, as every POSIX system has.
 *
 * Two nodes of a read-only directory (beside /dev/shm, an ordinary one
 * for shared memory objects), character devices to stat, that any
 * program may open for reading and writing. /dev/null reads as an empty
 * file and takes every write; /dev/zero reads as zeros without end and
 * takes every write too. Their offsets move but mean nothing. Neither can
 * be truncated, removed or renamed (EROFS, the directory's and their
 * own). Mapping /dev/zero is how programs got anonymous memory before
 * MAP_ANONYMOUS: the server answers FS_MMAP_ANONYMOUS and the C library
 * maps anonymous memory (user/libc-os/mman.c); /dev/null has no pages to
 * map (ENODEV, as on Linux).
 */
#include <string.h>
#include "devdir.h"

static void make(const char *path, uint8_t device)
{
	struct tnode *n;
	if (tmpfs_create(path, FS_TYPE_CHAR, &n) < 0)
		return;
	n->device = device;
	n->readonly = 1; /* its name: writing it is the device's business */
}

void devdir_init(void)
{
	struct tnode *dev;
	if (tmpfs_create(DEVDIR, FS_TYPE_DIR, &dev) < 0)
		return;
	make(DEVDIR "/null", DEV_NULL);
	make(DEVDIR "/zero", DEV_ZERO);
	struct tnode *shm; /* POSIX shared memory objects' (user/libc-os/shm.c) */
	tmpfs_create(DEVDIR "/shm", FS_TYPE_DIR, &shm);
	dev->readonly = 1;
}

ssize_t devdir_read(const struct tnode *n, void *buf, size_t len)
{
	if (n->device != DEV_ZERO)
		return 0; /* the end of an empty file */
	memset(buf, 0, len);
	return (ssize_t)len;
}

ssize_t devdir_write(const struct tnode *n, size_t len)
{
	(void)n;
	return (ssize_t)len;
}
