/*
 * sleep.c - nanosleep, usleep and sleep: waiting on the generic counter.
 *
 * The kernel wakes a sleeper at the first timer tick after its moment
 * (sleep_until), so a sleep lasts at least what was asked and at most a
 * tick (10 ms) more. A signal taken meanwhile cuts it short (EINTR, and
 * *rem says how long was left); SA_RESTART does not start a sleep again,
 * as POSIX says.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>
#include "ticks.h"
#include "thread.h"

/* Sleep until the counter reaches deadline: 0, or -1 with EINTR (and
 * what was left in *rem) if a signal cut it short. */
static int sleep_until(uint64_t deadline, struct timespec *rem)
{
	libos_cancel_point_begin();
	long r = bower_sleep_until(deadline);
	libos_cancel_point_end();
	if (r != -BOWER_EINTR)
		return 0;
	if (rem) {
		uint64_t now = bower_counter();
		*rem = libos_timespec_of(deadline > now ? deadline - now : 0);
	}
	errno = EINTR;
	return -1;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || libos_bad_timespec(req)) {
		errno = EINVAL;
		return -1;
	}
	return sleep_until(libos_deadline_of(CLOCK_MONOTONIC, 0, req), rem);
}

int clock_nanosleep(clockid_t id, int flags, const struct timespec *t, struct timespec *rem)
{
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME)
		return EINVAL;
	if (!t || libos_bad_timespec(t))
		return EINVAL;
	/* An absolute sleep cut short says nothing of what was left. */
	int absolute = flags & TIMER_ABSTIME;
	return sleep_until(libos_deadline_of(id, absolute, t), absolute ? NULL : rem) < 0 ? errno : 0;
}

int usleep(useconds_t us)
{
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000};
	return nanosleep(&ts, NULL);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = {.tv_sec = seconds, .tv_nsec = 0}, left = {0};
	if (nanosleep(&ts, &left) == 0)
		return 0;
	return (unsigned)left.tv_sec + (left.tv_nsec > 0); /* what was left, rounded up */
}
