/*
 * process.c - process calls: pid, wait, and what Bower lacks (spawnv is
 * in spawn.c).
 */
#include <errno.h>
#include <signal.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"

pid_t getpid(void)
{
	return (pid_t)bower_getpid();
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
