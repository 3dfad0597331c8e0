/*
 * signal_wait.c - the waits of signals: sig_suspend (a wait with another
 * mask until a handler has run), sig_wait (a wait that takes a signal of
 * a blocked set itself), and the opting in of the system calls' own waits
 * that a signal ends (signal_wait_begin).
 */
#include <signal.h>
#include <process.h>
#include <sched.h>
#include <syscall.h>
#include <arch/cpu.h>

long signal_mask_for_wait(uint64_t mask, uint64_t *old)
{
	struct thread *t = current;
	long err = signal_enable(t->proc);
	if (err)
		return err;
	*old = t->sig->blocked;
	t->sig->blocked = mask & SIG_BLOCKABLE;
	signal_update(t);
	return 0;
}

void signal_mask_after_wait(uint64_t old, bool interrupted)
{
	struct thread *t = current;
	struct thread_signals *s = t->sig;
	/* The handler's return puts the caller's mask back (signal_deliver
	 * does, if none runs); with nothing due any more (another thread took
	 * it, or this one was killed), or a wait that ended for something
	 * else, it goes back now, as Linux's ppoll does. */
	s->suspend_mask = old;
	s->suspended = true;
	if (!interrupted || !t->sig_due) {
		s->blocked = old;
		s->suspended = false;
		signal_update(t);
	}
}

long signal_suspend(uint64_t mask)
{
	uint64_t old;
	long err = signal_mask_for_wait(mask, &old);
	if (err)
		return err;
	signal_wait_begin(false);
	while (sched_block() == 0)
		; /* woken by nothing that ends the wait */
	signal_wait_end(-BOWER_EINTR);
	signal_mask_after_wait(old, true);
	return -BOWER_EINTR;
}

long signal_wait(uint64_t set, struct bower_siginfo *uinfo, uint64_t deadline)
{
	struct thread *t = current;
	set &= SIG_BLOCKABLE;
	if (!set)
		return -BOWER_EINVAL;
	long err = signal_enable(t->proc);
	if (err)
		return err;
	struct thread_signals *s = t->sig;
	static const struct bower_siginfo none;
	if (uinfo && copy_to_user(uinfo, &none, sizeof(none)))
		return -BOWER_EFAULT; /* before a signal is taken for it */
	for (;;) {
		struct bower_siginfo info;
		int sig = signal_take(t, set, &info);
		if (sig) {
			signal_update(t);
			if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
				return -BOWER_EFAULT; /* unmapped meanwhile: taken all the same */
			return sig;
		}
		if (deadline && arch_counter() >= deadline)
			return -BOWER_EAGAIN;
		s->waiting_for = set;
		signal_wait_begin(false);
		err = deadline ? sched_sleep_until(deadline) : sched_block();
		signal_wait_end(err);
		s->waiting_for = 0;
		if (err)
			return err; /* a signal it does not wait for is to be taken */
	}
}

/* Mark t's wait as one a signal ends. */
static void wait_wakeable(struct thread *t, bool restartable)
{
	struct thread_signals *s = t->sig;
	s->wakeable = true;
	s->restartable = restartable;
	s->restart_x0 = thread_user_frame(t)->x[0]; /* untouched while it waits */
}

void signal_wait_begin(bool restartable)
{
	if (!current->sig) { /* signals come later, maybe: signal_enable looks */
		current->sig_early = restartable ? SIG_EARLY_RESTARTABLE : SIG_EARLY_WAKEABLE;
		return;
	}
	wait_wakeable(current, restartable);
}

void signal_wait_took_up(struct thread *t)
{
	if (t->sig_early)
		wait_wakeable(t, t->sig_early == SIG_EARLY_RESTARTABLE);
	t->sig_early = 0;
}

void signal_wait_end(long result)
{
	struct thread_signals *s = current->sig;
	current->sig_early = 0;
	if (!s)
		return;
	s->wakeable = false;
	/* Only a call a signal ended starts again. */
	s->restartable &= result == -BOWER_EINTR && !current->killed;
}
