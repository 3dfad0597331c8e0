/*
 * dup.c - dup, dup2, and fcntl: copies of descriptors and their flags.
 *
 * A copy is another number for the same object (fdtable.h): the same
 * file server descriptor, so the same offset, as POSIX's shared open file
 * description; the same pipe end; the console. Closing a number closes the
 * object only when no other stands for it. FD_CLOEXEC is kept and
 * reported: with no exec here it changes nothing (spawn passes only what
 * its file actions name).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include "fdtable.h"

/* The lowest free descriptor at or above min, as a copy of from. */
static int copy_from(int min, int from)
{
	for (int fd = min; (unsigned long)fd < libos_nofile; fd++)
		if (fd_kind(fd) == FD_FREE)
			return fd_copy(fd, from);
	errno = EMFILE;
	return -1;
}

int dup(int fd)
{
	if (!fd_get(fd))
		return -1;
	return copy_from(0, fd);
}

int dup2(int fd, int to)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	if (to < 0 || (unsigned long)to >= libos_nofile) {
		errno = EBADF;
		return -1;
	}
	if (to == fd)
		return to;
	if (fd_kind(to) != FD_FREE)
		close(to); /* its errors are not dup2's (POSIX) */
	return fd_copy(to, fd);
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_SETFD || cmd == F_SETFL
			   ? va_arg(ap, long)
			   : 0;
	va_end(ap);
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg < 0 || (unsigned long)arg >= libos_nofile) {
			errno = EINVAL;
			return -1;
		}
		int copy = copy_from((int)arg, fd);
		if (copy >= 0)
			fd_get(copy)->cloexec = cmd == F_DUPFD_CLOEXEC;
		return copy;
	}
	case F_GETFD:
		return e->cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		e->cloexec = (arg & FD_CLOEXEC) != 0;
		return 0;
	case F_GETFL:
		return e->flags;
	case F_SETFL:
		/* O_APPEND and O_NONBLOCK are the only flags it may change; the
		 * file server keeps O_APPEND per descriptor from the open, and
		 * nothing here blocks less, so a change is refused. */
		if ((arg & (O_APPEND | O_NONBLOCK)) == (e->flags & (O_APPEND | O_NONBLOCK)))
			return 0;
		errno = ENOTSUP;
		return -1;
	default:
		errno = EINVAL;
		return -1;
	}
}
