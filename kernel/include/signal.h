/*
 * signal.h - POSIX signals: what is pending, what is blocked, what a
 * process does with each (docs/signals.md).
 *
 * A signal is pending on a thread (sig_raise, a fault) or on its process
 * (sig_send, Ctrl-C); a thread takes one it does not block on its way back
 * to user mode (sched_preempt_point), where its handler is entered through
 * a frame on the user stack (arch: signal_frame.c) or its default action
 * is taken. Only the waits that POSIX lets a signal end are ended by one:
 * a system call's wait opts in (signal_wait_begin); every other wait (an
 * IPC call, a fault waiting for its pager) goes on, and the signal is taken
 * when it ends.
 */
#ifndef SIGNAL_H
#define SIGNAL_H

#include <types.h>
#include <bower/abi.h>

struct thread;
struct process;
struct trap_frame;

/* A thread's part (struct thread.sig; its flag sig_due says one is to be
 * taken). Threads have one once their process uses signals (its first
 * sig_action, sig_mask, sig_suspend or sig_altstack: signal_enable), and
 * before that need none: with every action the default and nothing
 * blocked, a signal is ignored or ends the process when it is sent, and
 * nothing is ever pending. */
struct thread_signals {
	uint64_t pending; /* sent to this thread */
	uint64_t blocked;
	uint64_t suspend_mask; /* sig_suspend's caller's mask, for its handler's return */
	bool suspended;	       /* suspend_mask is to be put back */
	bool wakeable;	       /* in a wait a signal ends (signal_wait_begin) */
	bool restartable;      /* ... which SA_RESTART starts again */
	uint64_t waiting_for;  /* in sig_wait: the signals that end it */
	uint64_t restart_x0;   /* the call's first argument, to start it again */
	struct bower_sigstack alt;
};

/* A realtime signal sent and not yet taken (signal_pending.c). */
struct queued_signal {
	struct thread *to; /* NULL: the process */
	struct bower_siginfo info;
};

/* A process's part: what it does with each signal, and what the pending
 * ones say (signal_pending.c). */
struct process_signals {
	struct bower_sigaction action[BOWER_NSIG];
	struct bower_siginfo info[BOWER_NSIG]; /* each pending standard signal's */
	struct queued_signal queue[BOWER_SIGQUEUE_MAX];
	unsigned queued;
};

#define SIG_BIT(sig) (1ULL << ((sig)-1))

static inline bool signal_valid(int sig)
{
	return sig >= 1 && sig < BOWER_NSIG;
}
/* Never blocked, caught or ignored. */
#define SIG_UNBLOCKABLE (SIG_BIT(BOWER_SIGKILL) | SIG_BIT(BOWER_SIGSTOP))
/* What a mask may hold: signals 1 to BOWER_NSIG - 1 (so a mask read back
 * as a call's result is never negative), less those. */
#define SIG_BLOCKABLE ((~0ULL >> (65 - BOWER_NSIG)) & ~SIG_UNBLOCKABLE)

long signal_action(int sig, const struct bower_sigaction *act, struct bower_sigaction *old);
/* The caller's mask changed by how/set: the old mask. */
long signal_mask(int how, uint64_t set);
/* Send sig to process p (sender: the pid of who sent it), or to thread t
 * of the current process: taken, discarded (ignored) or, if its default
 * action is to end the process and nothing blocks it, the end at once. */
void signal_send_process(struct process *p, int sig, int sender);
/* The same with all it says in info (sigqueue's value, a timer's): 0, or
 * -EAGAIN when a realtime signal finds its queue full. */
long signal_send_process_info(struct process *p, const struct bower_siginfo *info);
long signal_send_thread(struct thread *t, int sig);
/* Child c of p has ended (a zombie now): SIGCHLD to p, with c's pid and
 * how it ended. */
void signal_child_ended(struct process *p, struct process *c);
/* A fault of the current thread as signal sig: its handler is entered on
 * the way back to user mode. False if it has none, or blocks the signal
 * (then the fault ends the program, as before there were signals). */
bool signal_fault(int sig, int code, uint64_t addr);
/* On the way back to user mode, with current->sig_due set: take one signal. */
void signal_deliver(void);
/* The process uses signals from now on: its table, and each of its
 * threads' part (0, or -ENOMEM). */
long signal_enable(struct process *p);
/* Recompute t->sig_due after its or its process's pending or blocked set changed. */
void signal_update(struct thread *t);
/* The calling thread waits for a signal with mask in place of its own
 * (sig_suspend): -EINTR once one was taken. */
long signal_suspend(uint64_t mask);
/* A wait with mask in place of the caller's own (sig_suspend's, poll's
 * for ppoll and pselect): the mask goes in now, the old one into *old
 * (0, or -ENOMEM); after the wait the old one comes back, at once or, if
 * the wait was interrupted by a signal to be taken, when its handler
 * returns. */
long signal_mask_for_wait(uint64_t mask, uint64_t *old);
void signal_mask_after_wait(uint64_t old, bool interrupted);
long signal_altstack(const struct bower_sigstack *ss, struct bower_sigstack *old);
/* sig_wait: take a signal of set that is pending, waiting for one until
 * the counter reaches deadline (0: for ever): its number, its siginfo in
 * *info; -EAGAIN at the deadline, -EINTR if a signal outside the set was
 * taken meanwhile. */
long signal_wait(uint64_t set, struct bower_siginfo *info, uint64_t deadline);
/* sig_return: the state the handler's frame holds, back in f. */
long signal_return(struct trap_frame *f);
/* A process ends: its table goes. */
void signal_process_gone(struct process *p);
/* signal_pending.c: sig pending for thread `to` (NULL: the process) with
 * info, or -EAGAIN (a full queue); the lowest pending signal of set that
 * thread t may take, off the pending sets, with its info (0: none); every
 * pending one of sig gone (it is ignored now); a thread's queued ones
 * gone with it. */
long signal_pend(struct process *p, struct thread *to, const struct bower_siginfo *info);
int signal_take(struct thread *t, uint64_t set, struct bower_siginfo *info);
void signal_unpend(struct process *p, int sig);
void signal_thread_exit(struct thread *t);

/* A new thread t of the current process: its part, if the process uses
 * signals (the creator's mask, as POSIX's threads start); -ENOMEM. */
long signal_thread_new(struct thread *t);

/* A system call's wait that a signal may end (with -EINTR: sched_block and
 * waitq_sleep say so); restartable: SA_RESTART starts the call again. */
void signal_wait_begin(bool restartable);
void signal_wait_end(long result);
/* A wait begun before t's process used signals (struct thread.sig_early)
 * is marked now that t has its part (signal_enable). */
#define SIG_EARLY_WAKEABLE    1
#define SIG_EARLY_RESTARTABLE 2
void signal_wait_took_up(struct thread *t);

/* arch (signal_frame.c): enter the handler of act for info, the thread's
 * state saved in a frame on its stack (or alternate stack), with mask as
 * the mask its return puts back. False if the frame cannot be written. */
bool arch_signal_enter(struct trap_frame *f, const struct bower_sigaction *act,
		       const struct bower_siginfo *info, uint64_t mask);
/* arch: the frame at f's stack pointer back in f; its mask in *mask. */
long arch_signal_return(struct trap_frame *f, uint64_t *mask);

#endif
