/*
 * signal_pending.c - what is pending, and what each pending signal says.
 *
 * A standard signal (1 to 31) pends once: sent again before it is taken,
 * it is the same pending signal, and its siginfo is the last sender's. A
 * realtime signal (BOWER_SIGRTMIN to BOWER_NSIG - 1) queues: each one sent
 * is taken once, in the order sent, with its own siginfo, up to
 * BOWER_SIGQUEUE_MAX queued in a process (then the send is -EAGAIN, as
 * POSIX's sigqueue says). Either is pending on the process or on one of
 * its threads; the pending sets (struct process.sig_pending, struct
 * thread_signals.pending) say which, and stay true of the queue.
 */
#include <signal.h>
#include <process.h>
#include <sched.h>

static bool realtime(int sig)
{
	return sig >= BOWER_SIGRTMIN;
}

static uint64_t *pending_set(struct process *p, struct thread *to)
{
	return to ? &to->sig->pending : &p->sig_pending;
}

long signal_pend(struct process *p, struct thread *to, const struct bower_siginfo *info)
{
	struct process_signals *ps = p->sig;
	int sig = info->signo;
	if (realtime(sig)) {
		if (ps->queued == BOWER_SIGQUEUE_MAX)
			return -BOWER_EAGAIN;
		ps->queue[ps->queued++] = (struct queued_signal){.to = to, .info = *info};
	} else {
		ps->info[sig] = *info;
	}
	*pending_set(p, to) |= SIG_BIT(sig);
	return 0;
}

/* Queue entry i goes; is another of its signal left for the same one? */
static bool dequeue(struct process_signals *ps, unsigned i)
{
	struct queued_signal gone = ps->queue[i];
	for (unsigned j = i + 1; j < ps->queued; j++)
		ps->queue[j - 1] = ps->queue[j];
	ps->queued--;
	for (unsigned j = 0; j < ps->queued; j++)
		if (ps->queue[j].info.signo == gone.info.signo && ps->queue[j].to == gone.to)
			return true;
	return false;
}

int signal_take(struct thread *t, uint64_t set, struct bower_siginfo *info)
{
	struct process *p = t->proc;
	struct process_signals *ps = p->sig;
	uint64_t mine = t->sig->pending & set;
	uint64_t ready = mine | (p->sig_pending & set);
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1; /* the lowest first, as POSIX asks of realtime ones */
	struct thread *to = (mine & SIG_BIT(sig)) ? t : NULL;
	bool more = false;
	if (realtime(sig)) {
		unsigned i = 0;
		while (ps->queue[i].info.signo != sig || ps->queue[i].to != to)
			i++; /* there is one: its bit is set */
		*info = ps->queue[i].info;
		more = dequeue(ps, i);
	} else {
		*info = ps->info[sig];
	}
	if (!more)
		*pending_set(p, to) &= ~SIG_BIT(sig);
	return sig;
}

void signal_unpend(struct process *p, int sig)
{
	struct process_signals *ps = p->sig;
	p->sig_pending &= ~SIG_BIT(sig);
	struct thread *t;
	list_for_each_entry (t, &p->threads, proc_node)
		t->sig->pending &= ~SIG_BIT(sig);
	for (unsigned i = 0; i < ps->queued;)
		if (ps->queue[i].info.signo == sig)
			dequeue(ps, i);
		else
			i++;
}

void signal_thread_exit(struct thread *t)
{
	struct process_signals *ps = t->proc->sig;
	if (!ps)
		return;
	for (unsigned i = 0; i < ps->queued;)
		if (ps->queue[i].to == t)
			dequeue(ps, i);
		else
			i++;
}
