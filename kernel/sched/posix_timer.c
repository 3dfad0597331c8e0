/*
 * posix_timer.c - timers that send a signal when they expire.
 *
 * A process's timers are a table made at its first timer_settime or
 * timer_create: BOWER_TIMERS_MAX of timer_create's, numbered from 1, and
 * timer 0, its interval timer (alarm, setitimer's ITIMER_REAL), which
 * always exists and sends SIGALRM. An armed timer waits on one list of
 * every process's armed timers, ordered by the counter value it expires
 * at, as sleepers do (sleep.c), and the timer tick sends what has expired:
 * at least at the moment asked and at most a tick later. A timer that
 * expires while its last signal is still pending counts an overrun
 * instead (timer_getoverrun), as POSIX says; the count starts again when
 * a signal goes.
 *
 * A timer on CPU time (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID)
 * is timed in counter ticks as the others are, of the CPU time the kernel
 * counts in timer ticks (a tick that finds a thread running is a tick of
 * its CPU time). It is on no list: the process counts its armed ones, and
 * a tick that finds one of its threads running looks at them
 * (posix_cpu_timers_tick), so such a timer expires at the first tick of
 * CPU time past its deadline.
 */
#include <posix_timer.h>
#include <process.h>
#include <sched.h>
#include <signal.h>
#include <slab.h>
#include <syscall.h>
#include <arch/cpu.h>

struct posix_timer {
	struct list_node node; /* on `armed` while armed */
	struct process *proc;
	bool used;
	bool armed;
	int clock; /* BOWER_TIMER_COUNTER, BOWER_CPU_PROCESS or BOWER_CPU_THREAD */
	struct thread *thread; /* BOWER_CPU_THREAD: whose; NULL once it has ended */
	int sig;	/* 0: none is sent (SIGEV_NONE) */
	uint64_t value; /* its si_value */
	uint64_t deadline, interval;
	uint32_t overrun;
};

static struct list_node armed = {&armed, &armed};

static long table_of(struct process *p)
{
	if (p->timers)
		return 0;
	p->timers = kzalloc(sizeof(*p->timers) * (BOWER_TIMERS_MAX + 1));
	if (!p->timers)
		return -BOWER_ENOMEM;
	for (int i = 0; i <= BOWER_TIMERS_MAX; i++) {
		list_init(&p->timers[i].node);
		p->timers[i].proc = p;
	}
	p->timers[0].used = true; /* the interval timer */
	p->timers[0].sig = BOWER_SIGALRM;
	for (int i = 0; i <= BOWER_TIMERS_MAX; i++)
		p->timers[i].clock = BOWER_TIMER_COUNTER;
	return 0;
}

static long find(int id, struct posix_timer **t)
{
	struct process *p = current_process();
	if (id < 0 || id > BOWER_TIMERS_MAX)
		return -BOWER_EINVAL;
	long err = table_of(p);
	if (err)
		return err;
	*t = &p->timers[id];
	return (*t)->used ? 0 : -BOWER_EINVAL;
}

static bool on_cpu_time(const struct posix_timer *t)
{
	return t->clock != BOWER_TIMER_COUNTER;
}

/* A timer's clock now, in counter ticks. */
static uint64_t clock_now(const struct posix_timer *t)
{
	uint64_t per_tick = arch_counter_freq() / BOWER_TICK_HZ;
	if (t->clock == BOWER_CPU_PROCESS)
		return process_cpu_ticks(t->proc) * per_tick;
	if (t->clock == BOWER_CPU_THREAD)
		return t->thread ? t->thread->cpu_ticks * per_tick : 0;
	return arch_counter();
}

static void disarm(struct posix_timer *t)
{
	if (t->armed && on_cpu_time(t))
		t->proc->cpu_timers_armed--;
	list_remove(&t->node);
	t->armed = false;
}

static void arm(struct posix_timer *t, uint64_t deadline)
{
	t->deadline = deadline;
	t->armed = true;
	if (on_cpu_time(t)) {
		t->proc->cpu_timers_armed++; /* the ticks look at it */
		return;
	}
	struct list_node *at = armed.next;
	while (at != &armed && container_of(at, struct posix_timer, node)->deadline <= deadline)
		at = at->next;
	list_add_tail(at, &t->node); /* before the first that expires later */
}

long posix_timer_create(int sig, uint64_t value, int clock)
{
	if ((sig != 0 && !signal_valid(sig)) || sig == BOWER_SIGKILL || sig == BOWER_SIGSTOP)
		return -BOWER_EINVAL;
	if (clock != BOWER_TIMER_COUNTER && clock != BOWER_CPU_PROCESS && clock != BOWER_CPU_THREAD)
		return -BOWER_EINVAL;
	struct process *p = current_process();
	long err = table_of(p);
	if (err)
		return err;
	for (int i = 1; i <= BOWER_TIMERS_MAX; i++) {
		struct posix_timer *t = &p->timers[i];
		if (!t->used) {
			t->used = true;
			t->clock = clock;
			t->thread = clock == BOWER_CPU_THREAD ? current : NULL;
			t->sig = sig;
			t->value = value;
			t->interval = t->overrun = 0;
			return i;
		}
	}
	return -BOWER_EAGAIN; /* POSIX's word for no timer left */
}

static struct bower_timer_state state_of(const struct posix_timer *t)
{
	uint64_t now = clock_now(t);
	struct bower_timer_state st = {.interval = t->interval};
	if (t->armed)
		st.left = t->deadline > now ? t->deadline - now : 1;
	return st;
}

long posix_timer_settime(int id, uint64_t deadline, uint64_t interval,
			 struct bower_timer_state *uold)
{
	struct posix_timer *t;
	long err = find(id, &t);
	if (err)
		return err;
	struct bower_timer_state old = state_of(t);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -BOWER_EFAULT;
	disarm(t);
	t->interval = deadline ? interval : 0;
	t->overrun = 0;
	if (deadline && !(t->clock == BOWER_CPU_THREAD && !t->thread))
		arm(t, deadline); /* an ended thread's CPU time stays: never */
	return 0;
}

long posix_timer_gettime(int id, struct bower_timer_state *uout)
{
	struct posix_timer *t;
	long err = find(id, &t);
	if (err)
		return err;
	struct bower_timer_state st = state_of(t);
	return copy_to_user(uout, &st, sizeof(st)) ? -BOWER_EFAULT : 0;
}

long posix_timer_getoverrun(int id)
{
	struct posix_timer *t;
	long err = find(id, &t);
	return err ? err : (long)t->overrun;
}

long posix_timer_delete(int id)
{
	struct posix_timer *t;
	if (id == 0)
		return -BOWER_EINVAL; /* the interval timer is not timer_create's */
	long err = find(id, &t);
	if (err)
		return err;
	disarm(t);
	t->used = false;
	t->clock = BOWER_TIMER_COUNTER;
	t->thread = NULL;
	return 0;
}

static void expire(struct posix_timer *t, uint64_t now)
{
	struct process *p = t->proc;
	uint32_t missed = 0;
	disarm(t);
	if (t->interval) {
		/* Periods that went by within this tick are expiries too. */
		uint64_t next = t->deadline + t->interval;
		if (next <= now) {
			uint64_t n = (now - next) / t->interval + 1;
			missed = (uint32_t)n;
			next += n * t->interval;
		}
		arm(t, next);
	}
	if (!t->sig)
		return;
	if (p->sig_pending & SIG_BIT(t->sig)) {
		t->overrun += 1 + missed; /* its signal is still pending */
		return;
	}
	t->overrun = missed;
	struct bower_siginfo info = {.signo = t->sig, .code = BOWER_SI_TIMER, .value = t->value};
	signal_send_process_info(p, &info); /* a full queue: counted as the overrun it is */
}

void posix_timers_expire(uint64_t now)
{
	while (!list_empty(&armed)) {
		struct posix_timer *t = container_of(armed.next, struct posix_timer, node);
		if (t->deadline > now)
			return;
		expire(t, now);
	}
}

void posix_cpu_timers_tick(struct thread *running)
{
	struct process *p = running->proc;
	for (int i = 1; i <= BOWER_TIMERS_MAX && p->cpu_timers_armed; i++) {
		struct posix_timer *t = &p->timers[i];
		if (!t->armed || !on_cpu_time(t) ||
		    (t->clock == BOWER_CPU_THREAD && t->thread != running))
			continue;
		uint64_t now = clock_now(t);
		if (t->deadline <= now)
			expire(t, now);
	}
}

void posix_timers_thread_gone(struct thread *gone)
{
	struct process *p = gone->proc;
	for (int i = 1; p->timers && i <= BOWER_TIMERS_MAX; i++)
		if (p->timers[i].thread == gone) {
			disarm(&p->timers[i]);
			p->timers[i].thread = NULL;
		}
}

void posix_timers_gone(struct process *p)
{
	if (!p->timers)
		return;
	for (int i = 0; i <= BOWER_TIMERS_MAX; i++)
		disarm(&p->timers[i]);
	kfree(p->timers);
	p->timers = NULL;
}
