/*
 * sys_signal.c - the signal system calls: arguments checked here, the
 * work in sched/signal.c.
 *
 * The timers' calls are here too (sched/posix_timer.c does their work).
 *
 * Who may signal whom: a process itself, and a process it holds a
 * capability to with the KILL right, which only its parent can get
 * (process_cap). Init takes no signal from another process.
 */
#include <signal.h>
#include <posix_timer.h>
#include <process.h>
#include <sched.h>
#include <syscall.h>
#include <object.h>

/* What a send may name: a signal, or 0 for a check of whether it may;
 * SIGSTOP there is no job control for. */
static long sendable(int sig)
{
	if (sig != 0 && !signal_valid(sig))
		return -BOWER_EINVAL;
	return sig == BOWER_SIGSTOP ? -BOWER_ENOTSUP : 0;
}

long sys_sig_action(int sig, const struct bower_sigaction *act, struct bower_sigaction *old)
{
	return signal_action(sig, act, old);
}

long sys_sig_mask(int how, unsigned long set)
{
	return signal_mask(how, set);
}

long sys_sig_return(void)
{
	return signal_return(thread_user_frame(current));
}

/* The process slot names (BOWER_NO_CAP: the caller's), if the caller may
 * signal it. */
static long target(int slot, struct process **p)
{
	*p = current_process();
	if (slot != BOWER_NO_CAP) {
		struct kobject *obj;
		long err = cap_lookup(&current_process()->caps, slot, KOBJ_PROCESS, BOWER_RIGHT_KILL, &obj);
		if (err)
			return err;
		*p = container_of(obj, struct process, kobj);
		if ((*p)->pid == 1 && *p != current_process())
			return -BOWER_EPERM;
	}
	return (*p)->ended ? -BOWER_ESRCH : 0;
}

/* sig_send's and sig_queue's: info's signal to the process slot names. */
static long send(int slot, struct bower_siginfo *info)
{
	int sig = info->signo;
	struct process *p;
	long err = sendable(sig);
	if (!err)
		err = target(slot, &p);
	if (err || sig == 0)
		return err; /* 0 only asks whether it may */
	if (sig == BOWER_SIGKILL && p != current_process()) {
		process_kill(p); /* its children with it, as process_kill says */
		return 0;
	}
	info->pid = current_process()->pid;
	return signal_send_process_info(p, info);
}

long sys_sig_send(int slot, int sig)
{
	struct bower_siginfo info = {.signo = sig, .code = BOWER_SI_USER};
	return send(slot, &info);
}

/* With a value; a realtime signal queues, however many are sent, or the
 * send is -EAGAIN: sigqueue. */
long sys_sig_queue(int slot, int sig, unsigned long value)
{
	struct bower_siginfo info = {.signo = sig, .code = BOWER_SI_QUEUE, .value = value};
	return send(slot, &info);
}

/* To a thread of the caller's own process: BOWER_NO_CAP for the caller,
 * else a capability to the thread (thread_create's). */
long sys_sig_raise(int slot, int sig)
{
	struct thread *t = current;
	if (slot != BOWER_NO_CAP) {
		struct kobject *obj;
		long err = cap_lookup(&current_process()->caps, slot, KOBJ_THREAD, 0, &obj);
		if (err)
			return err;
		t = container_of(obj, struct thread, kobj);
		if (t->proc != current_process())
			return -BOWER_EPERM;
		if (t->finished || t->state == THREAD_DEAD)
			return -BOWER_ESRCH;
	}
	long err = sendable(sig);
	if (err || sig == 0)
		return err; /* 0 only asks whether it may */
	return signal_send_thread(t, sig);
}

long sys_sig_suspend(unsigned long mask)
{
	return signal_suspend(mask);
}

long sys_sig_pending(void)
{
	struct thread_signals *s = current->sig;
	return s ? (long)((s->pending | current->proc->sig_pending) & s->blocked) : 0;
}

long sys_sig_altstack(const struct bower_sigstack *ss, struct bower_sigstack *old)
{
	return signal_altstack(ss, old);
}

long sys_sig_wait(unsigned long set, struct bower_siginfo *info, unsigned long deadline)
{
	return signal_wait(set, info, deadline);
}

long sys_timer_create(int sig, unsigned long value, int clock)
{
	return posix_timer_create(sig, value, clock);
}

long sys_timer_settime(int timer, unsigned long deadline, unsigned long interval,
		       struct bower_timer_state *old)
{
	return posix_timer_settime(timer, deadline, interval, old);
}

long sys_timer_gettime(int timer, struct bower_timer_state *out)
{
	return posix_timer_gettime(timer, out);
}

long sys_timer_getoverrun(int timer)
{
	return posix_timer_getoverrun(timer);
}

long sys_timer_delete(int timer)
{
	return posix_timer_delete(timer);
}
