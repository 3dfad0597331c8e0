/*
 * timer.c - POSIX's timers and the interval timer, on the kernel's timers
 * (docs/signals.md): timer_create and the rest, alarm, setitimer and
 * getitimer (ITIMER_REAL: timer 0, which sends SIGALRM). Times become
 * counter ticks, rounded up, so a timer never expires early; the kernel
 * sends at the first timer tick (10 ms) after the moment. A timer on CPU
 * time (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID: the calling
 * thread's) is timed in counter ticks of that CPU time, which the kernel
 * counts a timer tick at a time.
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "ticks.h"

#define INTERVAL_TIMER 0

/* Each timer's clock, as it was made: what a time from now counts from. */
static clockid_t clock_of[BOWER_TIMERS_MAX + 1];

/* The kernel's name for a clock a timer may be made on, or -1. */
static int kernel_clock(clockid_t clock)
{
	switch (clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_REALTIME:
		return BOWER_TIMER_COUNTER;
	case CLOCK_PROCESS_CPUTIME_ID:
		return BOWER_CPU_PROCESS;
	case CLOCK_THREAD_CPUTIME_ID:
		return BOWER_CPU_THREAD;
	default:
		return -1;
	}
}

int timer_create(clockid_t clock, struct sigevent *restrict ev, timer_t *restrict id)
{
	int kclock = kernel_clock(clock);
	if (kclock < 0) {
		errno = EINVAL;
		return -1;
	}
	/* No event: SIGALRM with the timer's number as its value. */
	int sig = SIGALRM;
	unsigned long value = 0;
	if (ev) {
		if (ev->sigev_notify != SIGEV_SIGNAL && ev->sigev_notify != SIGEV_NONE) {
			errno = ev->sigev_notify == SIGEV_THREAD ? ENOTSUP : EINVAL;
			return -1;
		}
		sig = ev->sigev_notify == SIGEV_NONE ? 0 : ev->sigev_signo;
		value = (unsigned long)ev->sigev_value.sival_ptr;
	}
	if (sig && (sig < 1 || sig >= NSIG)) {
		errno = EINVAL;
		return -1;
	}
	long t = bower_timer_create(sig, value, kclock);
	if (t < 0)
		return (int)errno_ret(t);
	clock_of[t] = clock;
	*id = (timer_t)t;
	return 0;
}

static struct itimerspec itimerspec_of(const struct bower_timer_state *st)
{
	return (struct itimerspec){.it_value = libos_timespec_of(st->left),
				   .it_interval = libos_timespec_of(st->interval)};
}

/* The value of a timer's clock its time comes at; 0 (no time) disarms. */
static unsigned long deadline_of(clockid_t clock, int flags, const struct timespec *value)
{
	if (value->tv_sec == 0 && value->tv_nsec == 0)
		return 0;
	uint64_t at;
	if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID) {
		/* CPU time, in counter ticks: its timer ticks' worth. */
		uint64_t now = (uint64_t)bower_cpu_ticks(kernel_clock(clock)) *
			       (bower_counter_freq() / BOWER_TICK_HZ);
		at = libos_ticks_of(value) + (flags & TIMER_ABSTIME ? 0 : now);
	} else {
		at = libos_deadline_of(clock, flags & TIMER_ABSTIME, value);
	}
	return at ? at : 1;
}

static int settime(int id, clockid_t clock, int flags, const struct itimerspec *value,
		   struct itimerspec *old)
{
	if (!value || libos_bad_timespec(&value->it_value) || libos_bad_timespec(&value->it_interval)) {
		errno = EINVAL;
		return -1;
	}
	struct bower_timer_state was;
	long err = bower_timer_settime(id, deadline_of(clock, flags, &value->it_value),
				       libos_ticks_of(&value->it_interval), &was);
	if (err < 0)
		return (int)errno_ret(err);
	if (old)
		*old = itimerspec_of(&was);
	return 0;
}

int timer_settime(timer_t id, int flags, const struct itimerspec *restrict value,
		  struct itimerspec *restrict old)
{
	/* An absolute time is one of the clock the timer was made on. */
	int n = (int)id;
	clockid_t clock = n > 0 && n <= BOWER_TIMERS_MAX ? clock_of[n] : CLOCK_REALTIME;
	return settime(n, clock, flags, value, old);
}

int timer_gettime(timer_t id, struct itimerspec *value)
{
	struct bower_timer_state st;
	long err = bower_timer_gettime((int)id, &st);
	if (err < 0)
		return (int)errno_ret(err);
	*value = itimerspec_of(&st);
	return 0;
}

int timer_getoverrun(timer_t id)
{
	long n = bower_timer_getoverrun((int)id);
	return n < 0 ? (int)errno_ret(n) : (int)n;
}

int timer_delete(timer_t id)
{
	if ((int)id == INTERVAL_TIMER) {
		errno = EINVAL;
		return -1;
	}
	return (int)errno_ret(bower_timer_delete((int)id));
}

static struct itimerspec itimerspec_of_val(const struct itimerval *v)
{
	return (struct itimerspec){
	    .it_value = {v->it_value.tv_sec, v->it_value.tv_usec * 1000L},
	    .it_interval = {v->it_interval.tv_sec, v->it_interval.tv_usec * 1000L}};
}

static struct itimerval itimerval_of(const struct itimerspec *s)
{
	/* Rounded up: a timer that has not expired never reads as 0. */
	return (struct itimerval){
	    .it_value = {s->it_value.tv_sec, (s->it_value.tv_nsec + 999) / 1000},
	    .it_interval = {s->it_interval.tv_sec, (s->it_interval.tv_nsec + 999) / 1000}};
}

int setitimer(int which, const struct itimerval *restrict value, struct itimerval *restrict old)
{
	if (which != ITIMER_REAL || !value || value->it_value.tv_usec < 0 ||
	    value->it_value.tv_usec >= 1000000 || value->it_interval.tv_usec < 0 ||
	    value->it_interval.tv_usec >= 1000000) {
		errno = EINVAL; /* no CPU-time timers */
		return -1;
	}
	struct itimerspec v = itimerspec_of_val(value), was;
	if (settime(INTERVAL_TIMER, CLOCK_MONOTONIC, 0, &v, &was) < 0)
		return -1;
	if (old)
		*old = itimerval_of(&was);
	return 0;
}

int getitimer(int which, struct itimerval *value)
{
	if (which != ITIMER_REAL) {
		errno = EINVAL;
		return -1;
	}
	struct itimerspec s;
	if (timer_gettime(INTERVAL_TIMER, &s) < 0)
		return -1;
	*value = itimerval_of(&s);
	return 0;
}

unsigned alarm(unsigned seconds)
{
	struct itimerval v = {.it_value = {.tv_sec = seconds}}, old;
	if (setitimer(ITIMER_REAL, &v, &old) < 0)
		return 0;
	/* What was left, in whole seconds, never 0 for an alarm still set. */
	return (unsigned)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000 ||
						(old.it_value.tv_sec == 0 && old.it_value.tv_usec > 0));
}
