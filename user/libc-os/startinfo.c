/*
 * startinfo.c - the start block: a parent's working directory and what
 * the child's descriptors 0-2 are, passed to the program it spawns through
 * a pipe (startinfo.h says why a pipe).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bower/abi.h>
#include <bower/blk_proto.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "fdtable.h"
#include "path.h"
#include "startinfo.h"

/* Fill the block's descriptors from fds, turning the parent's
 * descriptors into what they are and their pipes into capabilities from
 * caps[*n] on: 0, or -1 with errno. */
static int describe(struct start_info *si, const struct start_fd fds[START_FDS], int caps[],
		    int *n, int max)
{
	for (int i = 0; i < START_FDS; i++) {
		si->fd[i] = fds[i];
		if (fds[i].kind != START_DUP)
			continue;
		struct fd_entry *e = fd_get(fds[i].slot);
		if (!e)
			return -1;
		if (e->kind == FD_CONSOLE) {
			si->fd[i].kind = START_CONSOLE;
		} else if (e->kind == FD_PIPE && *n < max) {
			si->fd[i].kind = START_PIPE;
			si->fd[i].slot = *n;
			caps[(*n)++] = e->handle;
		} else {
			errno = ENOTSUP; /* a file's descriptor is the file server's, per process */
			return -1;
		}
	}
	return 0;
}

/* The servers' ports this process passes on, into caps: how many. */
static int ports(int caps[])
{
	_Static_assert(FS_PORT_SLOT == 0 && BLK_PORT_SLOT == 1, "the slots are passed in order");
	if (bower_cap_identify(FS_PORT_SLOT) < 0)
		return 0;
	caps[FS_PORT_SLOT] = FS_PORT_SLOT;
	if (bower_cap_identify(BLK_PORT_SLOT) >> 16 != BOWER_CAP_PORT)
		return 1;
	caps[BLK_PORT_SLOT] = BLK_PORT_SLOT;
	return 2;
}

/* The environment, packed into the block: 0, or -1 with E2BIG. */
static int pack_env(struct start_info *si, char *const envp[])
{
	for (size_t i = 0; envp && envp[i]; i++) {
		size_t len = strlen(envp[i]) + 1;
		if (len > sizeof(si->env) - si->env_len) {
			errno = E2BIG;
			return -1;
		}
		memcpy(si->env + si->env_len, envp[i], len);
		si->env_len += (uint32_t)len;
	}
	return 0;
}

int startinfo_caps(const struct start_fd fds[START_FDS], char *const envp[],
		   const uint64_t *mask, int caps[], int *block)
{
	static struct start_info si; /* 3 KiB: not on a small stack */
	memset(&si, 0, sizeof(si));
	si.magic = START_INFO_MAGIC;
	si.size = sizeof(si);
	if (pack_env(&si, envp) < 0)
		return -1;
	if (mask && *mask) {
		si.set_mask = 1;
		si.mask = *mask;
	}
	int b = ports(caps), n = b + 1,
	    needed = strcmp(libos_cwd, "/") != 0 || si.env_len > 0 || si.set_mask;
	*block = -1;
	if (b == 0) {
		for (int i = 0; i < START_FDS; i++)
			if (fds[i].kind != START_CONSOLE || si.env_len > 0 || si.set_mask) {
				errno = ENOTSUP; /* no file server: no start block either */
				return -1;
			}
		return 0; /* no file server: no files, nothing to tell */
	}
	if (describe(&si, fds, caps, &n, START_INFO_MAX_CAPS) < 0)
		return -1;
	for (int i = 0; i < START_FDS; i++)
		needed |= si.fd[i].kind != START_CONSOLE;
	if (!needed)
		return b; /* and no pipes were added */
	strcpy(si.cwd, libos_cwd);
	int ends[2];
	long err = bower_pipe_create(ends);
	if (err < 0)
		return (int)errno_ret(err);
	/* The pipe is empty and holds more than a block: this never waits. */
	err = bower_pipe_write(ends[1], &si, sizeof(si), BOWER_PIPE_NONBLOCK);
	bower_cap_delete(ends[1]);
	if (err != (long)sizeof(si)) {
		bower_cap_delete(ends[0]);
		return (int)errno_ret(err < 0 ? err : -BOWER_ENOMEM);
	}
	caps[b] = *block = ends[0];
	return n;
}

void startinfo_done(int block)
{
	if (block >= 0)
		bower_cap_delete(block);
}

/* What cap_identify says of a pipe's ends. */
static const long read_end = (long)BOWER_CAP_PIPE << 16 | BOWER_RIGHT_READ | BOWER_RIGHT_GRANT;
static const long write_end = (long)BOWER_CAP_PIPE << 16 | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT;

/* Make descriptor i what the block says. */
static void take_fd(int i, const struct start_fd *f)
{
	long id = f->kind == START_PIPE ? bower_cap_identify(f->slot) : 0;
	if (f->kind == START_PIPE && (id == read_end || id == write_end)) {
		fd_install(i, FD_PIPE, f->slot);
	} else if (f->kind == START_FILE && memchr(f->path, '\0', sizeof(f->path))) {
		int fd = open(f->path, f->flags, f->mode);
		if (fd < 0) { /* the parent could open it; now it cannot */
			fprintf(stderr, "cannot open %s: %s\n", f->path, strerror(errno));
			_exit(127);
		}
		struct fd_entry e = *fd_get(fd);
		fd_release(fd);
		fd_install(i, e.kind, e.handle);
		fd_get(i)->flags = e.flags;
		fd_get(i)->path = e.path;
	} else if (f->kind == START_CLOSED) {
		fd_release(i);
	}
}

extern char **environ;

/* The environment the block holds becomes the program's (environ, which
 * getenv and setenv use). Its strings stay in the block's copy. */
static void take_env(struct start_info *si)
{
	if (si->env_len == 0 || si->env_len > sizeof(si->env) || si->env[si->env_len - 1] != '\0')
		return;
	size_t count = 0;
	for (size_t i = 0; i < si->env_len; i++)
		count += si->env[i] == '\0';
	char **env = malloc((count + 1) * sizeof(*env));
	if (!env)
		return;
	size_t k = 0;
	for (size_t i = 0; i < si->env_len; i += strlen(si->env + i) + 1)
		env[k++] = si->env + i;
	env[k] = NULL;
	environ = env;
}

void startinfo_take(void)
{
	/* After the file server's port, and the block driver's if any. */
	int slot = bower_cap_identify(1) == read_end ? 1 : 2;
	if (bower_cap_identify(slot) != read_end)
		return;
	/* A look first: a pipe of someone else's keeps what it holds. */
	static struct start_info si;
	long n = bower_pipe_read(slot, &si, sizeof(si),
				 BOWER_PIPE_NONBLOCK | BOWER_PIPE_PEEK);
	if (n != (long)sizeof(si) || si.magic != START_INFO_MAGIC || si.size != sizeof(si))
		return; /* not a start block */
	bower_cap_delete(slot);
	if (si.cwd[0] == '/' && memchr(si.cwd, '\0', sizeof(si.cwd)))
		strcpy(libos_cwd, si.cwd);
	for (int i = 0; i < START_FDS; i++)
		take_fd(i, &si.fd[i]);
	take_env(&si);
	if (si.set_mask) {
		sigset_t mask = (sigset_t)si.mask;
		sigprocmask(SIG_SETMASK, &mask, NULL);
	}
}
