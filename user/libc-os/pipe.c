/*
 * pipe.c - pipe(), and read and write on a pipe's descriptors.
 *
 * A pipe is a kernel object (docs/ipc.md); each of its two descriptors
 * holds the capability slot of one end, so closing a descriptor deletes
 * its end, and the other side sees the end of the stream or EPIPE once no
 * process holds that end any more. A write that finds no reader raises
 * SIGPIPE, as POSIX says (raise: docs/signals.md): a handler runs, SIG_IGN
 * lets the write fail with EPIPE, and the default ends the program.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "fdtable.h"
#include "pipe.h"

int pipe(int fds[2])
{
	int ends[2];
	long err = bower_pipe_create(ends);
	if (err < 0)
		return (int)errno_ret(err);
	fds[0] = fd_alloc(FD_PIPE, ends[0]);
	fds[1] = fds[0] < 0 ? -1 : fd_alloc(FD_PIPE, ends[1]);
	if (fds[1] < 0) {
		if (fds[0] >= 0)
			fd_release(fds[0]);
		bower_cap_delete(ends[0]);
		bower_cap_delete(ends[1]);
		return -1;
	}
	fd_get(fds[0])->flags = O_RDONLY;
	fd_get(fds[1])->flags = O_WRONLY;
	return 0;
}

ssize_t pipe_fd_read(int slot, void *buf, size_t len)
{
	long n = bower_pipe_read(slot, buf, len, 0);
	if (n == -BOWER_EACCES)
		n = -BOWER_EBADF; /* the write end: not open for reading */
	return errno_ret(n);
}

ssize_t pipe_fd_write(int slot, const void *buf, size_t len)
{
	long n = bower_pipe_write(slot, buf, len, 0);
	if (n == -BOWER_EPIPE)
		raise(SIGPIPE);
	if (n == -BOWER_EACCES)
		n = -BOWER_EBADF;
	return errno_ret(n);
}
