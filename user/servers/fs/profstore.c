/*
 * profstore.c - saved profiles, in tmpfs or on the disk (profstore.h).
 *
 * The same three operations on either side of the tree: a path under
 * /disk goes to diskfs.c (written through to the disk at once), any other
 * to tmpfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include "diskfs.h"
#include "profstore.h"
#include "tmpfs.h"

static int disk_save(const char *dir, const char *path, const void *buf, size_t len)
{
	struct dnode *d;
	int err = diskfs_mkdir(dir);
	if (err < 0 && err != -EEXIST)
		return err;
	if ((err = diskfs_open(path, O_RDWR | O_CREAT | O_TRUNC, &d)) < 0)
		return err;
	long wrote = diskfs_write(d, 0, buf, len);
	diskfs_close(d);
	return wrote < 0 ? (int)wrote : wrote == (long)len ? 0 : -EIO;
}

static int memory_save(const char *dir, const char *path, const void *buf, size_t len)
{
	struct tnode *n;
	if ((tmpfs_lookup(dir, &n) != 0 && tmpfs_create(dir, FS_TYPE_DIR, &n) != 0) ||
	    (tmpfs_lookup(path, &n) != 0 && tmpfs_create(path, FS_TYPE_FILE, &n) != 0))
		return -ENOSPC;
	tmpfs_truncate(n, 0);
	return tmpfs_write(n, 0, buf, len) == (ssize_t)len ? 0 : -ENOSPC;
}

int profstore_save(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[FS_PATH_MAX];
	const char *rest, *dir_rest;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (diskfs_path(path, &rest) && diskfs_path(dir, &dir_rest))
		return disk_save(dir_rest, rest, buf, len);
	return memory_save(dir, path, buf, len);
}

void *profstore_load(const char *dir, const char *name, size_t max, size_t *len)
{
	char path[FS_PATH_MAX];
	const char *rest;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return NULL;
	void *buf = NULL;
	if (diskfs_path(path, &rest)) {
		struct dnode *d;
		if (diskfs_open(rest, O_RDONLY, &d) < 0)
			return NULL;
		*len = (size_t)diskfs_size(d);
		if (*len <= max && (buf = malloc(*len ? *len : 1)) &&
		    diskfs_read(d, 0, buf, *len) != (long)*len) {
			free(buf);
			buf = NULL;
		}
		diskfs_close(d);
		return buf;
	}
	struct tnode *n;
	if (tmpfs_lookup(path, &n) != 0 || n->type != FS_TYPE_FILE || n->size > max)
		return NULL;
	*len = (size_t)n->size;
	if ((buf = malloc(*len ? *len : 1)) && tmpfs_read(n, 0, buf, *len) != (ssize_t)*len) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

void profstore_remove(const char *dir, const char *name)
{
	char path[FS_PATH_MAX];
	const char *rest;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return;
	if (diskfs_path(path, &rest))
		diskfs_remove(rest, 0);
	else
		tmpfs_unlink(path); /* it may never have been saved */
}
