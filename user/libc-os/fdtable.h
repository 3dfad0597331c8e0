/*
 * fdtable.h - what each of a process's descriptors is (fdtable.c).
 *
 * A descriptor is the console, a file of the file server (its descriptor
 * there), or an end of a kernel pipe (its capability slot). The numbers
 * are the C library's: the lowest free one is handed out, whatever kind
 * it is, as POSIX says, below the RLIMIT_NOFILE soft limit. Copies (dup.c)
 * are numbers with the same kind and handle: they share the object, its
 * offset included, and the last number's close closes it.
 */
#ifndef LIBOS_FDTABLE_H
#define LIBOS_FDTABLE_H

enum fd_kind {
	FD_FREE,
	FD_CONSOLE, /* read: what is typed; write: the console */
	FD_FILE,    /* handle: the file server's descriptor */
	FD_PIPE,    /* handle: the capability slot of a pipe end */
};

struct fd_entry {
	enum fd_kind kind;
	int handle;
	int flags;   /* the open's O_ACCMODE | O_APPEND, for fcntl's F_GETFL */
	int cloexec; /* FD_CLOEXEC, kept for F_GETFD (no exec here to act on it) */
	char *path;  /* a file's absolute path as opened (fchdir), shared by copies; or NULL */
	unsigned *numbers; /* how many numbers stand for the object, shared by them
			    * (fd_copy); NULL while this is the only one */
};

/* The entry of descriptor fd, or NULL with EBADF if it is not open. */
struct fd_entry *fd_get(int fd);
/* The kind of descriptor fd (FD_FREE if it is not open). */
enum fd_kind fd_kind(int fd);
/* The lowest free descriptor, now holding kind and handle: it, or -1 with
 * EMFILE (at the limit) or ENOMEM. */
int fd_alloc(enum fd_kind kind, int handle);
/* Make descriptor fd (free or not) hold kind and handle: 0, or -1 with
 * EBADF (past the limit) or ENOMEM. What it held is not closed. */
int fd_install(int fd, enum fd_kind kind, int handle);
/* Descriptor fd is free again (its object closed by the caller). */
void fd_release(int fd);
/* Make descriptor to (free) a copy of the open descriptor from (dup): the
 * same object (server descriptor, pipe end, console), its flags and path,
 * counted as one more number for it: to, or -1 with errno. */
int fd_copy(int to, int from);
/* e's number has gone (fd_release'd, e is what it held): count it out of
 * its object's numbers, and say whether another still stands for the
 * object (then it must not be closed). */
int fd_drop_number(const struct fd_entry *e);
/* The file server's descriptor for fd: it, or -1 with errno (EBADF, or
 * not_file for another kind). */
int fd_server(int fd, int not_file);
/* The soft RLIMIT_NOFILE limit, as rlimit.c last learned it. */
extern unsigned long libos_nofile;

#endif
