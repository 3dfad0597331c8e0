/*
 * timer.c - POSIX's timers and the interval timer, on the kernel's timers
 * (docs/signals.md): timer_create and the rest, alarm, setitimer and
 * getitimer (ITIMER_REAL: timer 0, which sends SIGALRM). Times become
 * counter ticks, rounded up, so a timer never expires early; the kernel
 * sends at the first timer tick (10 ms) after the moment.
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "ticks.h"

#define INTERVAL_TIMER 0

int timer_create(clockid_t clock, struct sigevent *restrict ev, timer_t *restrict id)
{
	if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME) {
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
	long t = bower_timer_create(sig, value);
	if (t < 0)
		return (int)errno_ret(t);
	*id = (timer_t)t;
	return 0;
}

static struct itimerspec itimerspec_of(const struct bower_timer_state *st)
{
	return (struct itimerspec){.it_value = libos_timespec_of(st->left),
				   .it_interval = libos_timespec_of(st->interval)};
}

/* The counter value a timer's time comes at; 0 (no time) disarms. */
static unsigned long deadline_of(clockid_t clock, int flags, const struct timespec *value)
{
	if (value->tv_sec == 0 && value->tv_nsec == 0)
		return 0;
	uint64_t at = libos_deadline_of(clock, flags & TIMER_ABSTIME, value);
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
	/* An absolute time is taken as CLOCK_REALTIME's, the clock timers
	 * are made on most; both clocks tick with the counter. */
	return settime((int)id, CLOCK_REALTIME, flags, value, old);
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
