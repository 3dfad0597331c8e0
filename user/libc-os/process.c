/*
 * process.c - process calls: pid, spawn, wait, and what Bower lacks.
 *
 * spawnv gives the child this process's file server capability (slot
 * FS_PORT_SLOT) and block driver capability (BLK_PORT_SLOT, when there is
 * a port there), so programs started from programs reach the same files
 * and the same disk.
 */
#include <errno.h>
#include <signal.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>
#include <bower/fs_proto.h>
#include <bower/blk_proto.h>
#include "errno_ret.h"

pid_t getpid(void)
{
	return (pid_t)bower_getpid();
}

pid_t spawnv(const char *path, char *const argv[])
{
	const int caps[] = {FS_PORT_SLOT, BLK_PORT_SLOT};
	_Static_assert(FS_PORT_SLOT == 0 && BLK_PORT_SLOT == 1, "the slots are passed in order");
	int ncaps = bower_cap_identify(FS_PORT_SLOT) < 0			? 0
		    : bower_cap_identify(BLK_PORT_SLOT) >> 16 == BOWER_CAP_PORT ? 2
										: 1;
	return (pid_t)errno_ret(bower_spawn(path, (const char *const *)argv, caps, ncaps));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	if (options != 0) {
		errno = EINVAL;
		return -1;
	}
	return (pid_t)errno_ret(bower_wait(pid, status));
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

int kill(pid_t pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = ENOSYS;
	return -1;
}

clock_t times(struct tms *buf)
{
	(void)buf;
	errno = ENOSYS;
	return (clock_t)-1;
}
