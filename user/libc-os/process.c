/*
 * process.c - process calls: pid, wait (WNOHANG too), kill, and what
 * Bower lacks (spawnv is in spawn.c).
 */
#include <errno.h>
#include <signal.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <unistd.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"

pid_t getpid(void)
{
	return (pid_t)bower_getpid();
}

/* The kernel's list of processes, malloc'd, its length in *n: NULL with
 * errno if there is no memory for it. */
static struct bower_process_info *all_processes(long *n)
{
	*n = bower_process_list(NULL, 0);
	struct bower_process_info *all = *n > 0 ? malloc((size_t)*n * sizeof(*all)) : NULL;
	if (!all) {
		errno = ENOMEM;
		return NULL;
	}
	*n = bower_process_list(all, (unsigned long)*n);
	return all;
}

/* A child of ours that has ended, or 0 if none has (ECHILD: no child at
 * all). */
static pid_t ended_child(void)
{
	long n;
	struct bower_process_info *all = all_processes(&n);
	if (!all)
		return -1;
	int me = getpid(), children = 0;
	pid_t found = 0;
	for (long i = 0; i < n && !found; i++) {
		children += all[i].parent == me;
		if (all[i].parent == me && all[i].state == BOWER_PROC_ZOMBIE)
			found = all[i].pid;
	}
	free(all);
	if (!found && !children) {
		errno = ECHILD;
		return -1;
	}
	return found;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	if (options & ~WNOHANG) {
		errno = EINVAL;
		return -1;
	}
	if (options & WNOHANG) {
		if (pid == -1) {
			pid = ended_child();
			if (pid <= 0)
				return pid;
		} else {
			long cap = bower_process_cap(pid);
			if (cap < 0) {
				errno = ECHILD;
				return -1;
			}
			long st = bower_process_status((int)cap);
			bower_cap_delete((int)cap);
			if (st == -BOWER_EAGAIN)
				return 0; /* still running */
		}
	}
	return (pid_t)errno_ret(bower_wait(pid, status));
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* Is there a process with this pid at all? */
static int exists(pid_t pid)
{
	long n;
	struct bower_process_info *all = all_processes(&n);
	if (!all)
		return 0;
	int found = 0;
	for (long i = 0; i < n; i++)
		found |= all[i].pid == pid && all[i].state != BOWER_PROC_ZOMBIE;
	free(all);
	return found;
}

/* A process may signal itself, and a child it spawned: signalling takes a
 * capability to the process, which only its parent can get (EPERM for
 * another process). A group of several processes there is not: 0 and
 * negative pids name none. kill and sigqueue, which sends a value too
 * and queues a realtime signal (docs/signals.md). */
static int signal_pid(pid_t pid, int sig, int queue, union sigval value)
{
	if (sig < 0 || sig >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (pid <= 0) { /* a process group: there are none */
		errno = ESRCH;
		return -1;
	}
	long cap = pid == getpid() ? BOWER_NO_CAP : bower_process_cap(pid);
	if (pid != getpid() && cap < 0) {
		errno = exists(pid) ? EPERM : ESRCH;
		return -1;
	}
	long err = queue ? bower_sig_queue((int)cap, sig, (unsigned long)value.sival_ptr)
			 : bower_sig_send((int)cap, sig);
	if (cap != BOWER_NO_CAP)
		bower_cap_delete((int)cap);
	if (err == -BOWER_ESRCH && pid != getpid())
		err = 0; /* it has ended, but is not reaped yet: still there, as POSIX says */
	return (int)errno_ret(err);
}

int kill(pid_t pid, int sig)
{
	return signal_pid(pid, sig, 0, (union sigval){0});
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	return signal_pid(pid, sig, 1, value);
}

/* Every process is the only member of its own group (identity.c). */
int killpg(pid_t pgrp, int sig)
{
	if (pgrp <= 1) {
		errno = pgrp < 0 ? EINVAL : ESRCH;
		return -1;
	}
	return kill(pgrp, sig);
}

/* CPU time in ticks (_SC_CLK_TCK, BOWER_TICK_HZ), as the kernel counts
 * it: all of it user time, as a tick does not tell the kernel's apart;
 * the result is the time since boot in the same ticks. */
clock_t times(struct tms *buf)
{
	*buf = (struct tms){.tms_utime = (clock_t)bower_cpu_ticks(BOWER_CPU_PROCESS),
			    .tms_cutime = (clock_t)bower_cpu_ticks(BOWER_CPU_CHILDREN)};
	return (clock_t)(bower_counter() / (bower_counter_freq() / BOWER_TICK_HZ));
}
