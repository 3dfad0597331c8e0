/*
 * spawn.c - posix_spawn, posix_spawnp and spawnv: start a program of /bin.
 *
 * The kernel starts programs only from its ramdisk, by name; the file
 * server shows the same files as /bin (user/servers/fs/bindir.c). So a
 * name without a '/' is a program's name, as a shell looks a command up
 * in PATH=/bin, and a path with one is made absolute (against the working
 * directory) and must name a file in /bin. The child gets this process's
 * file server capability (slot FS_PORT_SLOT) and block driver capability
 * (BLK_PORT_SLOT, when there is a port there), so programs started from
 * programs reach the same files and the same disk, and starts in this
 * process's working directory, with descriptors 0-2 as the file actions
 * say (startinfo.c).
 *
 * File actions reach descriptors 0, 1 and 2 only (ENOTSUP for others; a
 * child gets no other descriptors anyway, so closing one is nothing), and
 * adddup2 only from a pipe or the console: a file's descriptor is the
 * file server's, for this process alone (addopen opens it in the child).
 * Of the attributes (posix_spawnattr_*, which picolibc leaves to the
 * system), the signal mask is the child's from its start (the start
 * block carries it); the signals set to their defaults already are (a
 * program starts with every action the default); a process group can only
 * be the child's own (setpgroup 0), the one policy SCHED_OTHER at its one
 * priority, 0 (anything else fails the spawn: EPERM, ENOTSUP, EINVAL); and
 * resetting the ids changes nothing, as every process is root. The
 * environment goes in the start block (startinfo.h).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>
#include <bower/fs_proto.h>
#include "errno_ret.h"
#include "path.h"
#include "spawnattr.h"
#include "startinfo.h"

#define BIN "/bin/"

struct __posix_spawn_file_actions {
	struct start_fd fd[START_FDS];
};

/* The ramdisk name path stands for, into name: 0, or -1 with errno. */
static int program_name(const char *path, char name[BOWER_PATH_MAX])
{
	if (!strchr(path, '/')) {
		if (strlen(path) >= BOWER_PATH_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(name, path);
		return 0;
	}
	char abs[FS_PATH_MAX];
	if (path_absolute(path, abs, sizeof(abs)) < 0)
		return -1;
	path_normalise(abs);
	const char *base = abs + strlen(BIN);
	if (strncmp(abs, BIN, strlen(BIN)) != 0 || !*base || strchr(base, '/')) {
		/* A file outside /bin cannot be run: Linux says EACCES for
		 * a file that may not be executed. */
		struct stat st;
		errno = stat(abs, &st) == 0 ? EACCES : ENOENT;
		return -1;
	}
	strcpy(name, base);
	return 0;
}

extern char **environ;

/* Start path with argv, descriptors fds, environment envp and signal mask
 * *mask (NULL: none): its pid, or -1 with errno. */
static pid_t start(const char *path, char *const argv[], const struct start_fd fds[START_FDS],
		   char *const envp[], const uint64_t *mask)
{
	char name[BOWER_PATH_MAX];
	int caps[START_INFO_MAX_CAPS], block;
	if (program_name(path, name) < 0)
		return -1;
	int ncaps = startinfo_caps(fds, envp, mask, caps, &block);
	if (ncaps < 0)
		return -1;
	long pid = bower_spawn(name, (const char *const *)argv, caps, ncaps);
	startinfo_done(block);
	return (pid_t)errno_ret(pid);
}

static const struct start_fd as_started[START_FDS]; /* all START_CONSOLE */

pid_t spawnv(const char *path, char *const argv[])
{
	return start(path, argv, as_started, environ, NULL);
}

/* What attributes ask that Bower cannot give: 0 or the error. */
static int refused(const struct __posix_spawnattr *a)
{
	if ((a->flags & POSIX_SPAWN_SETPGROUP) && a->pgroup != 0)
		return EPERM; /* only a group of its own: every process leads one */
	if ((a->flags & POSIX_SPAWN_SETSCHEDULER) && a->policy != SCHED_OTHER)
		return ENOTSUP; /* no real-time policies (pthread_sched.c) */
	if ((a->flags & (POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSCHEDPARAM)) && a->priority != 0)
		return EINVAL; /* SCHED_OTHER's one priority */
	return 0;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
		const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	const struct __posix_spawnattr *a = attr && *attr ? *attr : NULL;
	int why = a ? refused(a) : 0;
	if (why)
		return why;
	uint64_t mask = a && (a->flags & POSIX_SPAWN_SETSIGMASK) ? (uint64_t)a->sigmask : 0;
	pid_t p = start(path, argv, actions && *actions ? (*actions)->fd : as_started, envp,
			mask ? &mask : NULL);
	if (p < 0)
		return errno;
	if (pid)
		*pid = p;
	return 0;
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return posix_spawn(pid, file, actions, attr, argv, envp);
}

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *actions)
{
	*actions = calloc(1, sizeof(**actions)); /* every descriptor START_CONSOLE */
	return *actions ? 0 : ENOMEM;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *actions)
{
	free(*actions);
	*actions = NULL;
	return 0;
}

/* The action for the child's descriptor fd: NULL with the error in *err. */
static struct start_fd *action_for(posix_spawn_file_actions_t *actions, int fd, int *err)
{
	*err = fd < 0 ? EBADF : fd >= START_FDS ? ENOTSUP : 0;
	return *err ? NULL : &(*actions)->fd[fd];
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *actions, int fd,
				     const char *path, int flags, mode_t mode)
{
	int err;
	struct start_fd *a = action_for(actions, fd, &err);
	if (!a)
		return err;
	if (path_absolute(path, a->path, sizeof(a->path)) < 0)
		return errno;
	a->kind = START_FILE;
	a->flags = flags;
	a->mode = mode;
	return 0;
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *actions, int from, int fd)
{
	int err;
	struct start_fd *a = action_for(actions, fd, &err);
	if (!a)
		return err;
	if (from < 0)
		return EBADF;
	a->kind = START_DUP;
	a->slot = from;
	return 0;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *actions, int fd)
{
	int err;
	struct start_fd *a = action_for(actions, fd, &err);
	if (!a)
		return err == ENOTSUP ? 0 : err; /* a child gets no other descriptor */
	a->kind = START_CLOSED;
	return 0;
}
