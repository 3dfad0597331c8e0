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

/* Make `to` a copy of the open `from` (to free, or just closed). */
static int copy_to(int to, const struct fd_entry *from)
{
	struct fd_entry e = *from;
	if (fd_install(to, e.kind, e.handle) < 0)
		return -1;
	fd_get(to)->flags = e.flags; /* the flags are the object's; FD_CLOEXEC is not */
	fd_get(to)->path = e.path;   /* shared: it goes with the last number */
	return to;
}

/* The lowest free descriptor at or above min, as a copy of from. */
static int copy_from(int min, const struct fd_entry *from)
{
	for (int fd = min; (unsigned long)fd < libos_nofile; fd++)
		if (fd_kind(fd) == FD_FREE)
			return copy_to(fd, from);
	errno = EMFILE;
	return -1;
}

int dup(int fd)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	struct fd_entry was = *e;
	return copy_from(0, &was);
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
	struct fd_entry was = *e;
	if (fd_kind(to) != FD_FREE)
		close(to); /* its errors are not dup2's (POSIX) */
	return copy_to(to, &was);
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
	struct fd_entry was = *e;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg < 0 || (unsigned long)arg >= libos_nofile) {
			errno = EINVAL;
			return -1;
		}
		int copy = copy_from((int)arg, &was);
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
