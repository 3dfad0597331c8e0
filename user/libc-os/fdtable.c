/*
 * fdtable.c - the process's descriptors: which number is what.
 *
 * 0, 1 and 2 start as the console, unless the parent said otherwise (its
 * start block, startinfo.c). The table grows as descriptors are opened
 * (doubling, from a few entries kept in the program's own data), so it
 * costs what is open; it is bounded by RLIMIT_NOFILE, whose soft limit
 * rlimit.c keeps here, and by memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include "fdtable.h"
#include "fs_client.h"

#define FIRST_SIZE 16

static struct fd_entry first[FIRST_SIZE] = {{FD_CONSOLE, 0, O_RDONLY, 0, NULL, NULL},
					     {FD_CONSOLE, 1, O_WRONLY, 0, NULL, NULL},
					     {FD_CONSOLE, 2, O_WRONLY, 0, NULL, NULL}};
static struct fd_entry *table = first;
static int size = FIRST_SIZE;
static int first_free = FIRST_FILE_FD; /* no free descriptor below it */

unsigned long libos_nofile = FS_NOFILE_DEFAULT + FIRST_FILE_FD;

struct fd_entry *fd_get(int fd)
{
	if (fd < 0 || fd >= size || table[fd].kind == FD_FREE) {
		errno = EBADF;
		return NULL;
	}
	return &table[fd];
}

enum fd_kind fd_kind(int fd)
{
	return fd >= 0 && fd < size ? table[fd].kind : FD_FREE;
}

/* Make room for descriptor fd: 0, or -1 with ENOMEM. */
static int grow(int fd)
{
	if (fd < size)
		return 0;
	int want = size;
	while (want <= fd)
		want *= 2;
	struct fd_entry *t = table == first ? malloc(want * sizeof(*t))
					    : realloc(table, want * sizeof(*t));
	if (!t) {
		errno = ENOMEM;
		return -1;
	}
	if (table == first)
		memcpy(t, first, sizeof(first));
	memset(t + size, 0, (size_t)(want - size) * sizeof(*t));
	table = t;
	size = want;
	return 0;
}

int fd_install(int fd, enum fd_kind kind, int handle)
{
	if (fd < 0 || (unsigned long)fd >= libos_nofile) {
		errno = EBADF;
		return -1;
	}
	if (grow(fd) < 0)
		return -1;
	int flags = kind == FD_FILE || kind == FD_CONSOLE ? O_RDWR : 0;
	table[fd] = (struct fd_entry){kind, handle, flags, 0, NULL, NULL};
	return 0;
}

int fd_alloc(enum fd_kind kind, int handle)
{
	int fd = first_free;
	while (fd < size && table[fd].kind != FD_FREE)
		fd++;
	first_free = fd;
	if ((unsigned long)fd >= libos_nofile) {
		errno = EMFILE;
		return -1;
	}
	return fd_install(fd, kind, handle) < 0 ? -1 : fd;
}

void fd_release(int fd)
{
	if (fd < 0 || fd >= size)
		return;
	table[fd] = (struct fd_entry){FD_FREE, 0, 0, 0, NULL, NULL};
	if (fd < first_free)
		first_free = fd;
}

int fd_copy(int to, int from)
{
	struct fd_entry *e = fd_get(from);
	if (!e)
		return -1;
	if (!e->numbers) { /* the first copy: from now on they are counted */
		if (!(e->numbers = malloc(sizeof(*e->numbers)))) {
			errno = ENOMEM;
			return -1;
		}
		*e->numbers = 1;
	}
	struct fd_entry was = *e;
	if (fd_install(to, was.kind, was.handle) < 0)
		return -1; /* the count stays 1: the next close frees it */
	was.cloexec = 0; /* the flags are the object's; FD_CLOEXEC is not */
	table[to] = was;
	(*was.numbers)++;
	return to;
}

/* A count, not a look at every other descriptor: close costs the same
 * with 3 or 3,000 open. */
int fd_drop_number(const struct fd_entry *e)
{
	if (!e->numbers)
		return 0;
	if (--*e->numbers > 0)
		return 1;
	free(e->numbers);
	return 0;
}

int fd_server(int fd, int not_file)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	if (e->kind != FD_FILE) {
		errno = not_file;
		return -1;
	}
	return e->handle;
}
