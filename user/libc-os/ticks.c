/*
 * ticks.c - times as ticks of the generic counter (ticks.h): sleeps,
 * timed waits for signals and timers all give the kernel a counter value.
 */
#include "ticks.h"
#include <bower/counter.h>

#define NS 1000000000ULL

int libos_bad_timespec(const struct timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NS;
}

uint64_t libos_ticks_of(const struct timespec *ts)
{
	uint64_t freq = bower_counter_freq();
	return (uint64_t)ts->tv_sec * freq + ((uint64_t)ts->tv_nsec * freq + NS - 1) / NS;
}

struct timespec libos_timespec_of(uint64_t ticks)
{
	uint64_t freq = bower_counter_freq();
	return (struct timespec){.tv_sec = (time_t)(ticks / freq),
				 .tv_nsec = (long)((ticks % freq) * NS / freq)};
}

uint64_t libos_deadline_of(clockid_t clock, int absolute, const struct timespec *ts)
{
	uint64_t now = bower_counter();
	if (!absolute)
		return now + libos_ticks_of(ts);
	struct timespec at;
	clock_gettime(clock, &at);
	if (at.tv_sec > ts->tv_sec || (at.tv_sec == ts->tv_sec && at.tv_nsec >= ts->tv_nsec))
		return now; /* it has come */
	struct timespec left = {ts->tv_sec - at.tv_sec, ts->tv_nsec - at.tv_nsec};
	if (left.tv_nsec < 0)
		left.tv_sec--, left.tv_nsec += (long)NS;
	return now + libos_ticks_of(&left);
}
