/*
 * signal.c - POSIX signals on Bower's threads (signal.h, docs/signals.md).
 *
 * The kernel keeps what it must to decide alone: each process's actions,
 * the pending and blocked sets, and the alternate stacks. A signal that
 * has a handler is entered on the thread's way back to user mode, one at a
 * time (the handler's return, sig_return, is a kernel entry, and the next
 * is taken on its way out). A signal whose default action ends the process
 * ends it when it is sent, if a thread could take it, as a kill does: a
 * thread deep in a wait that no signal ends (an IPC call to a server that
 * never answers) would otherwise never take it.
 */
#include <signal.h>
#include <posix_timer.h>
#include <process.h>
#include <sched.h>
#include <smp.h>
#include <slab.h>
#include <printk.h>
#include <syscall.h>
#include <arch/cpu.h>
#include <arch/trap.h>

static const char *const names[BOWER_NSIG] = {
    [1] = "SIGHUP",   [2] = "SIGINT",	 [3] = "SIGQUIT",  [4] = "SIGILL",   [5] = "SIGTRAP",
    [6] = "SIGABRT",  [7] = "SIGBUS",	 [8] = "SIGFPE",   [9] = "SIGKILL",  [10] = "SIGUSR1",
    [11] = "SIGSEGV", [12] = "SIGUSR2",	 [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
    [16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
    [21] = "SIGTTIN", [22] = "SIGTTOU",	 [23] = "SIGURG",  [24] = "SIGXCPU", [25] = "SIGXFSZ",
    [26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
    [31] = "SIGSYS",
};

/* Signals whose default action is to do nothing. There is no job control,
 * so the stop signals sig_send refuses (SIGSTOP) or ignores (the terminal's
 * three), and SIGCONT, with nothing stopped, does nothing either. */
#define DEFAULT_IGNORED                                                                            \
	(SIG_BIT(17) | SIG_BIT(18) | SIG_BIT(20) | SIG_BIT(21) | SIG_BIT(22) | SIG_BIT(23) |       \
	 SIG_BIT(28))

static const struct bower_sigaction default_action = {.handler = BOWER_SIG_DFL};

static const struct bower_sigaction *action_of(const struct process *p, int sig)
{
	return p->sig ? &p->sig->action[sig] : &default_action;
}

/* Nothing would happen if it were taken: discarded when sent. */
static bool ignored(const struct process *p, int sig)
{
	uint64_t handler = action_of(p, sig)->handler;
	return handler == BOWER_SIG_IGN ||
	       (handler == BOWER_SIG_DFL && (DEFAULT_IGNORED & SIG_BIT(sig)));
}

static bool ends_process(const struct process *p, int sig)
{
	return action_of(p, sig)->handler == BOWER_SIG_DFL && !(DEFAULT_IGNORED & SIG_BIT(sig));
}

void signal_update(struct thread *t)
{
	struct thread_signals *s = t->sig;
	t->sig_due = s && ((s->pending | t->proc->sig_pending) & ~s->blocked) != 0;
}

long signal_enable(struct process *p)
{
	if (p->sig)
		return 0;
	struct process_signals *ps = kzalloc(sizeof(*ps));
	if (!ps)
		return -BOWER_ENOMEM;
	struct thread *t;
	list_for_each_entry (t, &p->threads, proc_node)
		if (!t->sig && !(t->sig = kzalloc(sizeof(*t->sig)))) {
			kfree(ps); /* the parts made stay, for the next try */
			return -BOWER_ENOMEM;
		}
	/* A thread already in a wait a signal ends is woken by the signals
	 * to come, as if they had been there when it began. */
	list_for_each_entry (t, &p->threads, proc_node)
		signal_wait_took_up(t);
	p->sig = ps;
	return 0;
}

long signal_thread_new(struct thread *t)
{
	if (!t->proc->sig)
		return 0;
	if (!(t->sig = kzalloc(sizeof(*t->sig))))
		return -BOWER_ENOMEM;
	t->sig->blocked = current->sig->blocked;
	return 0;
}

/* t has a signal to take: make it look. A wait that a signal ends is
 * ended (as thread_kill ends any wait); a thread in user mode on another
 * CPU enters the kernel (and takes it on the way out). */
static void wake_waiter(struct thread *t)
{
	if (t->state == THREAD_BLOCKED && t->sig->wakeable) {
		list_remove(&t->run_node);
		list_remove(&t->idle_node);
		sched_make_runnable(t);
	}
}

static void alert(struct thread *t)
{
	if (t->state == THREAD_RUNNING && t != current)
		arch_send_reschedule(&cpus[t->cpu]);
	else
		wake_waiter(t);
}

static void say_ended(const struct process *p, int sig)
{
	if (sig == BOWER_SIGINT)
		printk("bower: killed %s (pid %d): interrupted (Ctrl-C)\n", p->name, p->pid);
	else if (names[sig])
		printk("bower: killed %s (pid %d): %s\n", p->name, p->pid, names[sig]);
	else
		printk("bower: killed %s (pid %d): signal %d\n", p->name, p->pid, sig);
}

/* On the way out: the current thread's process ends now. */
static noreturn void end_by_signal(struct process *p, int sig)
{
	say_ended(p, sig);
	process_end(p, BOWER_STATUS_KILLED(sig));
	panic("a process ended by a signal came back");
}

/* At the send: the current thread, if it is p's, ends on its way out. */
static void end_soon_by_signal(struct process *p, int sig)
{
	say_ended(p, sig);
	process_end_soon(p, BOWER_STATUS_KILLED(sig));
}

/* What needs no thread to take it: a signal to an ending process, SIGKILL,
 * and any signal to a process that has no table (nothing caught, nothing
 * blocked), which is ignored or ends it. True if it was dealt with. */
static bool decided_at_once(struct process *p, int sig)
{
	if (p->ended)
		return true;
	if (p->sig && sig != BOWER_SIGKILL)
		return false;
	if (!ignored(p, sig))
		end_soon_by_signal(p, sig);
	return true;
}

/* A signal nothing would be done with is discarded when it is sent, unless
 * the thread that would take it blocks it: then it pends (as on Linux), and
 * whether it is ignored is decided when it is taken. */
void signal_send_process(struct process *p, int sig, int sender)
{
	struct bower_siginfo info = {.signo = sig, .code = BOWER_SI_USER, .pid = sender};
	signal_send_process_info(p, &info);
}

long signal_send_process_info(struct process *p, const struct bower_siginfo *info)
{
	int sig = info->signo;
	if (decided_at_once(p, sig))
		return 0;
	/* A thread that does not block it takes it: the first. */
	struct thread *taker = NULL, *t;
	list_for_each_entry (t, &p->threads, proc_node)
		if (!(t->sig->blocked & SIG_BIT(sig))) {
			taker = t;
			break;
		}
	if (taker && ignored(p, sig))
		return 0;
	if (taker && ends_process(p, sig)) {
		end_soon_by_signal(p, sig);
		return 0;
	}
	long err = signal_pend(p, NULL, info);
	if (err)
		return err;
	list_for_each_entry (t, &p->threads, proc_node)
		signal_update(t);
	if (taker)
		alert(taker);
	else /* blocked by all: a thread in sig_wait for it takes it */
		list_for_each_entry (t, &p->threads, proc_node)
			if (t->sig->waiting_for & SIG_BIT(sig)) {
				wake_waiter(t);
				break;
			}
	return 0;
}

void signal_child_ended(struct process *p, struct process *c)
{
	bool exited = (c->status & 0x7f) == 0;
	struct bower_siginfo info = {.signo = BOWER_SIGCHLD,
				     .code = exited ? BOWER_CLD_EXITED : BOWER_CLD_KILLED,
				     .pid = c->pid,
				     .status = exited ? (c->status >> 8) & 0xff : c->status & 0x7f};
	signal_send_process_info(p, &info);
}

long signal_send_thread(struct thread *t, int sig)
{
	struct process *p = t->proc;
	if (decided_at_once(p, sig))
		return 0;
	bool blocked = t->sig->blocked & SIG_BIT(sig);
	if (!blocked && ignored(p, sig))
		return 0;
	if (!blocked && ends_process(p, sig)) {
		end_soon_by_signal(p, sig);
		return 0;
	}
	struct bower_siginfo info = {.signo = sig, .code = BOWER_SI_TKILL, .pid = current_process()->pid};
	long err = signal_pend(p, t, &info);
	if (err)
		return err;
	signal_update(t);
	if (t->sig_due)
		alert(t);
	else if (t->sig->waiting_for & SIG_BIT(sig))
		wake_waiter(t);
	return 0;
}

long signal_action(int sig, const struct bower_sigaction *act, struct bower_sigaction *old)
{
	struct process *p = current_process();
	if (!signal_valid(sig))
		return -BOWER_EINVAL;
	if (old && copy_to_user(old, action_of(p, sig), sizeof(*old)))
		return -BOWER_EFAULT;
	if (!act)
		return 0;
	struct bower_sigaction a;
	if (copy_from_user(&a, act, sizeof(a)))
		return -BOWER_EFAULT;
	if (SIG_UNBLOCKABLE & SIG_BIT(sig))
		return -BOWER_EINVAL; /* neither caught nor ignored */
	long err = signal_enable(p);
	if (err)
		return err;
	a.mask &= SIG_BLOCKABLE;
	p->sig->action[sig] = a;
	/* Ignored now: what is pending of it goes (POSIX). */
	if (ignored(p, sig)) {
		signal_unpend(p, sig);
		struct thread *t;
		list_for_each_entry (t, &p->threads, proc_node)
			signal_update(t);
	}
	return 0;
}

long signal_mask(int how, uint64_t set)
{
	if (how < BOWER_SIG_BLOCK || how > BOWER_SIG_SETMASK)
		return -BOWER_EINVAL;
	long err = signal_enable(current_process());
	if (err)
		return err;
	struct thread_signals *s = current->sig;
	uint64_t old = s->blocked;
	switch (how) {
	case BOWER_SIG_BLOCK:
		s->blocked |= set;
		break;
	case BOWER_SIG_UNBLOCK:
		s->blocked &= ~set;
		break;
	case BOWER_SIG_SETMASK:
		s->blocked = set;
		break;
	default:
		return -BOWER_EINVAL;
	}
	s->blocked &= SIG_BLOCKABLE;
	signal_update(current);
	return (long)old; /* never negative: SIG_BLOCKABLE */
}

/* Enter sig's handler: the mask its return restores is the one now (or
 * sig_suspend's caller's); in it, the action's mask and, unless
 * SA_NODEFER, the signal itself. A frame that cannot be written ends the
 * process as a fault would. */
static void enter_handler(int sig, const struct bower_siginfo *info)
{
	struct thread *t = current;
	struct thread_signals *s = t->sig;
	struct trap_frame *f = thread_user_frame(t);
	struct bower_sigaction *act = &t->proc->sig->action[sig];
	/* SA_RESTART: the call the signal ended starts again after the
	 * handler, from its first argument as it was. */
	if (s->restartable && (long)f->x[0] == -BOWER_EINTR && (act->flags & BOWER_SA_RESTART)) {
		f->x[0] = s->restart_x0;
		f->elr -= 4; /* the svc again */
	}
	s->restartable = false;
	uint64_t restore = s->suspended ? s->suspend_mask : s->blocked;
	s->suspended = false;
	struct bower_sigaction taken = *act;
	if (act->flags & BOWER_SA_RESETHAND)
		*act = default_action;
	if (!arch_signal_enter(f, &taken, info, restore)) {
		printk("bower: killed %s (pid %d): no room for the frame of %s at stack 0x%lx\n",
		       t->proc->name, t->proc->pid, names[sig] ? names[sig] : "a signal",
		       (unsigned long)f->sp_el0);
		process_end(t->proc, BOWER_STATUS_KILLED(BOWER_SIGSEGV));
	}
	s->blocked |= taken.mask;
	if (!(taken.flags & BOWER_SA_NODEFER))
		s->blocked |= SIG_BIT(sig);
	s->blocked &= SIG_BLOCKABLE;
}

void signal_deliver(void)
{
	struct thread *t = current;
	struct process *p = t->proc;
	int sig;
	struct bower_siginfo info;
	while ((sig = signal_take(t, ~t->sig->blocked, &info))) {
		if (ignored(p, sig))
			continue; /* ignored since it was sent */
		if (ends_process(p, sig))
			end_by_signal(p, sig); /* unblocked, it ends the process now */
		enter_handler(sig, &info);
		break; /* the next on the handler's return */
	}
	/* sig_suspend ended with no handler to return through (what woke it
	 * was ignored by the time it was taken): its mask goes back now. */
	struct thread_signals *s = t->sig;
	if (s->suspended) {
		s->blocked = s->suspend_mask;
		s->suspended = false;
	}
	signal_update(t);
}

bool signal_fault(int sig, int code, uint64_t addr)
{
	struct thread *t = current;
	struct process *p = t->proc;
	const struct bower_sigaction *act = action_of(p, sig);
	if (!t->sig || (t->sig->blocked & SIG_BIT(sig)) || act->handler <= BOWER_SIG_IGN)
		return false; /* a fault cannot be ignored or left pending */
	struct bower_siginfo info = {.signo = sig, .code = code, .pid = p->pid, .addr = addr};
	t->sig->restartable = false;
	enter_handler(sig, &info);
	signal_update(t);
	return true;
}

long signal_altstack(const struct bower_sigstack *uss, struct bower_sigstack *uold)
{
	static const struct bower_sigstack none;
	struct thread_signals *s = current->sig;
	const struct bower_sigstack *alt = s ? &s->alt : &none;
	uint64_t sp = thread_user_frame(current)->sp_el0;
	bool on = alt->size && sp - alt->sp < alt->size;
	if (uold) {
		struct bower_sigstack old = *alt;
		old.flags = !alt->size ? BOWER_SS_DISABLE : on ? BOWER_SS_ONSTACK : 0;
		if (copy_to_user(uold, &old, sizeof(old)))
			return -BOWER_EFAULT;
	}
	if (!uss)
		return 0;
	struct bower_sigstack ss;
	if (copy_from_user(&ss, uss, sizeof(ss)))
		return -BOWER_EFAULT;
	long err = signal_enable(current_process());
	if (err)
		return err;
	s = current->sig;
	if (on)
		return -BOWER_EPERM; /* not while running on it */
	if (ss.flags & ~BOWER_SS_DISABLE)
		return -BOWER_EINVAL;
	if (ss.flags & BOWER_SS_DISABLE) {
		s->alt = (struct bower_sigstack){0};
		return 0;
	}
	if (ss.size < BOWER_MINSIGSTKSZ)
		return -BOWER_ENOMEM;
	if (!user_range_ok((const void *)ss.sp, ss.size))
		return -BOWER_EINVAL;
	s->alt = (struct bower_sigstack){.sp = ss.sp, .size = ss.size};
	return 0;
}

long signal_return(struct trap_frame *f)
{
	uint64_t mask;
	if (arch_signal_return(f, &mask)) {
		struct process *p = current_process();
		printk("bower: killed %s (pid %d): bad signal frame at stack 0x%lx\n", p->name, p->pid,
		       (unsigned long)f->sp_el0);
		process_end(p, BOWER_STATUS_KILLED(BOWER_SIGSEGV));
	}
	if (current->sig) /* a frame of a process that never had a handler changes no mask */
		current->sig->blocked = mask & SIG_BLOCKABLE;
	signal_update(current);
	return (long)f->x[0]; /* the dispatch stores it back in x0 */
}

void signal_process_gone(struct process *p)
{
	posix_timers_gone(p);
	kfree(p->sig);
	p->sig = NULL;
}
