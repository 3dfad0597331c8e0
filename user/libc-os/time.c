/*
 * time.c - clocks from the Arm generic timer.
 *
 * CLOCK_MONOTONIC and CLOCK_REALTIME both count from boot: there is no
 * real-time clock device yet, so "now" is seconds since the machine
 * started (time() is therefore small, and srand(time(NULL)) still varies
 * from run to run because boots take different times).
 */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <bower/counter.h>

int clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	uint64_t ticks = bower_counter(), freq = bower_counter_freq();
	ts->tv_sec = (time_t)(ticks / freq);
	ts->tv_nsec = (long)((ticks % freq) * 1000000000ULL / freq);
	return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	(void)tz;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}
