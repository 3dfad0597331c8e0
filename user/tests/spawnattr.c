/*
 * spawnattr.c - posix_spawn's attributes: made and read back, the signal
 * mask a child starts with (the attribute's, not the parent's), a process
 * group of its own, and flags that do not exist. On Bower also what it
 * refuses: a real-time policy, another process's group. Builds for Bower
 * and for Linux.
 *
 *	spawnattr        the checks
 *	spawnattr mask   (spawned) exits with which of SIGUSR1 (1) and SIGUSR2 (2)
 *	                 it started with blocked
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

/* posix_spawn's attributes: the mask a child starts with. */
static void spawn_attributes(void)
{
	posix_spawnattr_t attr;
	expect("posix_spawnattr_init", posix_spawnattr_init(&attr), 0);
	short flags = -1;
	expect("no flags at first", posix_spawnattr_getflags(&attr, &flags) == 0 && flags == 0, 1);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	expect("a mask", posix_spawnattr_setsigmask(&attr, &mask), 0);
	sigset_t back;
	expect("reads back",
	       posix_spawnattr_getsigmask(&attr, &back) == 0 && sigismember(&back, SIGUSR2) &&
		   !sigismember(&back, SIGUSR1),
	       1);
	char *args[] = {"spawnattr", "mask", NULL};
	int status = -1;
	pid_t pid = spawn_self_attr("spawnattr", args, NULL, &attr);
	waitpid(pid, &status, 0);
	expect("without POSIX_SPAWN_SETSIGMASK the child blocks nothing",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	expect("the flags", posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF), 0);
	sigaddset(&mask, SIGUSR1);
	posix_spawnattr_setsigdefault(&attr, &mask);
	sigdelset(&mask, SIGUSR1);
	posix_spawnattr_setsigmask(&attr, &mask);
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL); /* the parent's own mask is not the child's */
	pid = spawn_self_attr("spawnattr", args, NULL, &attr);
	status = -1;
	waitpid(pid, &status, 0);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	expect("with it the child starts with the attribute's mask",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1, 2);
	expect("a group of its own", posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP), 0);
	posix_spawnattr_setpgroup(&attr, 0);
	pid = spawn_self_attr("spawnattr", args, NULL, &attr);
	status = -1;
	expect("spawns", pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status), 1);
	expect_err("and is reaped once", waitpid(pid, &status, 0), ECHILD);
	expect("flags that do not exist", posix_spawnattr_setflags(&attr, 0x4000), EINVAL);
#ifdef __bower__
	/* Linux's root may ask for both. */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSCHEDULER);
	posix_spawnattr_setschedpolicy(&attr, SCHED_FIFO);
	pid_t none;
	expect("a real-time policy is ENOTSUP",
	       posix_spawn(&none, "spawnattr", NULL, &attr, args, NULL), ENOTSUP);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 1);
	expect("another process's group is EPERM", posix_spawn(&none, "spawnattr", NULL, &attr, args, NULL),
	       EPERM);
#endif
	expect("posix_spawnattr_destroy", posix_spawnattr_destroy(&attr), 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "mask") == 0) {
		sigset_t now;
		sigprocmask(SIG_BLOCK, NULL, &now);
		return sigismember(&now, SIGUSR1) + 2 * sigismember(&now, SIGUSR2);
	}
	check_prog = "spawnattr";
	spawn_attributes();
	return check_summary();
}
