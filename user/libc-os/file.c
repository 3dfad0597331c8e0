/*
 * file.c - POSIX file calls: on the file server's files, and read, write
 * and close on every kind of descriptor.
 *
 * What a descriptor is comes from the descriptor table (fdtable.c): the
 * console, a file (the server's descriptor), or a pipe's end (pipe.c). A
 * file's read of BULK_READ_MIN bytes or more, or write of BULK_WRITE_MIN,
 * is one call whose bulk buffer is the program's own buffer, which the
 * server copies to or from directly (FS_BULK, fs_proto.h). Others, and
 * those the server refuses that way, go through messages, split here into
 * pieces that fit one (FS_READ_MAX for a read, whose reply is only data;
 * FS_DATA_MAX for a write, whose data follows the request).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bower/syscall_nr.h>
#include "fs_client.h"
#include "errno_ret.h"
#include "console_stdio.h"
#include "fdtable.h"
#include "pipe.h"
#include "path.h"
#include "identity.h"

/* A request about descriptor fd, a file's: NULL with errno set (not_file
 * for another kind of descriptor) if it cannot be made. */
static struct fs_request *fd_request(enum fs_op op, int fd, int not_file)
{
	int sfd = fd_server(fd, not_file);
	if (sfd < 0)
		return NULL;
	struct fs_request *req = fs_begin(op);
	if (req)
		req->fd = sfd;
	return req;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	/* The descriptor first: an open refused at the limit makes no file. */
	int fd = fd_alloc(FD_FILE, -1);
	if (fd < 0)
		return -1;
	struct fs_request *req = fs_begin(FS_OPEN);
	long sfd = -1;
	if (req && fs_set_path(req, path) == 0) {
		req->flags = flags;
		req->mode = mode & ~libos_umask();
		sfd = fs_call(0);
	}
	if (sfd < 0) {
		fd_release(fd);
		return -1;
	}
	struct fd_entry *e = fd_get(fd);
	e->handle = (int)sfd;
	e->flags = flags & (O_ACCMODE | O_APPEND);
	e->cloexec = (flags & O_CLOEXEC) != 0;
	char abs[FS_PATH_MAX];
	if (path_absolute(path, abs, sizeof(abs)) == 0) { /* for fchdir: it may go without */
		path_normalise(abs);
		e->path = strdup(abs);
	}
	return fd;
}

int close(int fd)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	struct fd_entry was = *e;
	fd_release(fd); /* free whatever closing says, as POSIX says */
	if (fd_drop_number(&was))
		return 0; /* another number (dup) still stands for it */
	free(was.path);
	if (was.kind == FD_PIPE)
		return (int)errno_ret(bower_cap_delete(was.handle));
	if (was.kind != FD_FILE)
		return 0;
	struct fs_request *req = fs_begin(FS_CLOSE);
	if (!req)
		return -1;
	req->fd = was.handle;
	return (int)fs_call(0);
}

/* Below these many bytes a read or write goes by message: the copies
 * through the connection's buffer cost less than the bulk call's own
 * system call and page look-ups (user/tests/iosizes.c measures where they
 * cross: docs/measurements.md). A write's message has one copy more than
 * a read's, so the bulk call pays off sooner. */
#define BULK_READ_MIN  1024
#define BULK_WRITE_MIN 512

/* The whole read or write of the server's descriptor sfd in one call, the
 * server copying straight to or from buf (FS_BULK): the result, or
 * FS_BULK_REFUSED (nothing to tell the program: it is asked again by
 * message). */
static long bulk_io(enum fs_op op, int sfd, void *buf, size_t len, off_t offset)
{
	struct fs_request *req = fs_begin(op);
	if (!req)
		return -errno;
	req->fd = sfd;
	req->len = len;
	req->flags = FS_BULK;
	if (offset >= 0) {
		req->flags |= FS_AT_OFFSET;
		req->offset = offset;
	}
	return fs_call_bulk(buf, len, op == FS_READ ? BOWER_BULK_WRITE : BOWER_BULK_READ);
}

/* Read or write a file descriptor at its offset or (offset >= 0) at a
 * given one: in one bulk call, or in message-sized pieces. */
static ssize_t file_io(enum fs_op op, int fd, void *buf, size_t len, off_t offset)
{
	int sfd = fd_server(fd, offset >= 0 ? ESPIPE : EBADF);
	if (sfd < 0)
		return -1;
	if (len >= (op == FS_READ ? BULK_READ_MIN : BULK_WRITE_MIN)) {
		long got = bulk_io(op, sfd, buf, len, offset);
		if (got != FS_BULK_REFUSED)
			return errno_ret(got);
	}
	size_t done = 0;
	do {
		struct fs_request *req = fs_begin(op);
		if (!req)
			return -1;
		size_t max = op == FS_READ ? FS_READ_MAX : FS_DATA_MAX;
		size_t n = len - done < max ? len - done : max;
		req->fd = sfd;
		req->len = n;
		if (offset >= 0) {
			req->flags = FS_AT_OFFSET;
			req->offset = offset + (off_t)done;
		}
		if (op == FS_WRITE)
			memcpy(req + 1, (const char *)buf + done, n);
		long got = fs_call(op == FS_WRITE ? n : 0);
		if (got < 0)
			return done ? (ssize_t)done : -1;
		if (op == FS_READ)
			memcpy((char *)buf + done, fs_reply_data(), (size_t)got);
		done += (size_t)got;
		if ((size_t)got < n)
			break;
	} while (done < len);
	return (ssize_t)done;
}

ssize_t read(int fd, void *buf, size_t len)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	if (e->kind == FD_CONSOLE) {
		console_stdio_flush();
		return errno_ret(bower_console_read(buf, len));
	}
	if (e->kind == FD_PIPE)
		return pipe_fd_read(e->handle, buf, len);
	return file_io(FS_READ, fd, buf, len, -1);
}

ssize_t libos_write(int fd, const void *buf, size_t len)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	if (e->kind == FD_CONSOLE)
		return errno_ret(bower_console_write(buf, len));
	if (e->kind == FD_PIPE)
		return pipe_fd_write(e->handle, buf, len);
	return file_io(FS_WRITE, fd, (void *)buf, len, -1);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	/* What printf holds for standard output goes first, and before
	 * anything on the console, so output stays in order. */
	if (fd == 1 || fd_kind(fd) == FD_CONSOLE)
		console_stdio_flush();
	return libos_write(fd, buf, len);
}

ssize_t pread(int fd, void *buf, size_t len, off_t offset)
{
	if (offset < 0) {
		errno = EINVAL;
		return -1;
	}
	return file_io(FS_READ, fd, buf, len, offset);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t offset)
{
	if (offset < 0) {
		errno = EINVAL;
		return -1;
	}
	return file_io(FS_WRITE, fd, (void *)buf, len, offset);
}

off_t lseek(int fd, off_t offset, int whence)
{
	struct fs_request *req = fd_request(FS_LSEEK, fd, ESPIPE);
	if (!req)
		return -1;
	req->offset = offset;
	req->flags = whence;
	return (off_t)fs_call(0);
}

int ftruncate(int fd, off_t length)
{
	struct fs_request *req = fd_request(FS_FTRUNCATE, fd, EINVAL);
	if (!req)
		return -1;
	req->offset = length;
	return (int)fs_call(0);
}

int fsync(int fd)
{
	struct fs_request *req = fd_request(FS_FSYNC, fd, EINVAL);
	return req ? (int)fs_call(0) : -1;
}

int libos_sync(void)
{
	struct fs_request *req = fs_begin(FS_SYNC);
	return req ? (int)fs_call(0) : -1;
}

void sync(void)
{
	libos_sync();
}

static int path_call(enum fs_op op, const char *path, mode_t mode)
{
	struct fs_request *req = fs_begin(op);
	if (!req || fs_set_path(req, path) < 0)
		return -1;
	req->mode = mode;
	return (int)fs_call(0);
}

int unlink(const char *path)
{
	return path_call(FS_UNLINK, path, 0);
}

int mkdir(const char *path, mode_t mode)
{
	return path_call(FS_MKDIR, path, mode & ~libos_umask());
}

int chmod(const char *path, mode_t mode)
{
	if (!path || !*path) { /* the server takes an empty path as "the descriptor" */
		errno = ENOENT;
		return -1;
	}
	return path_call(FS_CHMOD, path, mode & 07777);
}

int fchmod(int fd, mode_t mode)
{
	struct fs_request *req = fd_request(FS_CHMOD, fd, EINVAL);
	if (!req)
		return -1;
	req->mode = mode & 07777;
	return (int)fs_call(0);
}

int rmdir(const char *path)
{
	return path_call(FS_RMDIR, path, 0);
}

int rename(const char *from, const char *to)
{
	struct fs_request *req = fs_begin(FS_RENAME);
	if (!req || fs_set_path(req, to) < 0) /* the new path, made absolute as any */
		return -1;
	size_t n = strlen(req->path) + 1;
	memcpy(req + 1, req->path, n);
	if (fs_set_path(req, from) < 0)
		return -1;
	req->len = n;
	return (int)fs_call(n);
}

static void to_stat(const struct fs_stat *fs, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_size = (off_t)fs->size;
	st->st_ino = (ino_t)fs->ino;
	st->st_nlink = (nlink_t)fs->nlink;
	st->st_mode = (fs->type == FS_TYPE_DIR	  ? S_IFDIR
		       : fs->type == FS_TYPE_CHAR ? S_IFCHR
						  : S_IFREG) |
		      (fs->mode & 07777);
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)((fs->size + 511) / 512);
	st->st_atime = (time_t)fs->atime;
	st->st_mtime = (time_t)fs->mtime;
	st->st_ctime = (time_t)fs->ctime;
}

int stat(const char *path, struct stat *st)
{
	if (path_call(FS_STAT, path, 0) < 0)
		return -1;
	to_stat(fs_reply_data(), st);
	return 0;
}

int fstat(int fd, struct stat *st)
{
	enum fd_kind kind = fd_kind(fd);
	if (kind == FD_CONSOLE || kind == FD_PIPE) {
		memset(st, 0, sizeof(*st));
		st->st_mode = kind == FD_PIPE ? (S_IFIFO | 0600) : (S_IFCHR | 0620);
		st->st_blksize = kind == FD_PIPE ? BOWER_PIPE_SIZE : 0;
		return 0;
	}
	if (!fd_request(FS_FSTAT, fd, EBADF) || fs_call(0) < 0)
		return -1;
	to_stat(fs_reply_data(), st);
	return 0;
}

int isatty(int fd)
{
	enum fd_kind kind = fd_kind(fd);
	if (kind == FD_CONSOLE)
		return 1;
	errno = kind == FD_FREE ? EBADF : ENOTTY;
	return 0;
}
