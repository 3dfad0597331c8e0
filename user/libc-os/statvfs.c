/*
 * statvfs.c - statvfs and fstatvfs (POSIX), statfs and fstatfs (Linux):
 * the file system a path or descriptor is on, as the file server tells it
 * (FS_STATFS): tmpfs, bounded by memory, or the disk's ext2, by its
 * superblock's counts. The console and pipes are on no file system here:
 * EINVAL.
 */
#include <errno.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <bower/fs_proto.h>
#include "fdtable.h"
#include "fs_client.h"

/* Ask for the file system of path, or of fd when path is NULL. */
static const struct fs_statfs *ask(const char *path, int fd)
{
	if (path && !*path) {
		errno = ENOENT; /* the server takes an empty path as "the descriptor" */
		return NULL;
	}
	int sfd = path ? -1 : fd_server(fd, EINVAL);
	if (!path && sfd < 0)
		return NULL;
	struct fs_request *req = fs_begin(FS_STATFS);
	if (!req || (path && fs_set_path(req, path) < 0))
		return NULL;
	req->fd = sfd;
	if (fs_call(0) < 0)
		return NULL;
	return fs_reply_data();
}

static int to_statvfs(const struct fs_statfs *s, struct statvfs *out)
{
	if (!s)
		return -1;
	*out = (struct statvfs){
	    .f_bsize = s->block_size,
	    .f_frsize = s->block_size,
	    .f_blocks = s->blocks,
	    .f_bfree = s->free_blocks,
	    .f_bavail = s->avail_blocks,
	    .f_files = s->files,
	    .f_ffree = s->free_files,
	    .f_favail = s->free_files,
	    .f_fsid = s->fsid,
	    .f_flag = (s->flags & FS_STATFS_RDONLY ? ST_RDONLY : 0) | ST_NOSUID,
	    .f_namemax = s->name_max,
	};
	return 0;
}

static int to_statfs(const struct fs_statfs *s, struct statfs *out)
{
	if (!s)
		return -1;
	memset(out, 0, sizeof(*out));
	out->f_type = (long)s->type;
	out->f_bsize = out->f_frsize = (long)s->block_size;
	out->f_blocks = s->blocks;
	out->f_bfree = s->free_blocks;
	out->f_bavail = s->avail_blocks;
	out->f_files = s->files;
	out->f_ffree = s->free_files;
	out->f_fsid.__val[0] = (int)s->fsid;
	out->f_namelen = s->name_max;
	out->f_flags = (s->flags & FS_STATFS_RDONLY ? ST_RDONLY : 0) | ST_NOSUID;
	return 0;
}

int statvfs(const char *restrict path, struct statvfs *restrict buf)
{
	return to_statvfs(ask(path, -1), buf);
}

int fstatvfs(int fd, struct statvfs *buf)
{
	return to_statvfs(ask(NULL, fd), buf);
}

int statfs(const char *path, struct statfs *buf)
{
	return to_statfs(ask(path, -1), buf);
}

int fstatfs(int fd, struct statfs *buf)
{
	return to_statfs(ask(NULL, fd), buf);
}
