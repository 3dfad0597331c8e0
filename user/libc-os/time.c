/*
 * time.c - clocks: the Arm generic timer, and the wall clock.
 *
 * CLOCK_MONOTONIC counts from boot with the generic counter. CLOCK_REALTIME
 * (and time(), gettimeofday) is the wall clock: the kernel read the
 * machine's real-time clock at boot and says which counter value went with
 * that second (rtc_epoch, asked once per process); the counter's progress
 * since gives the rest. On a machine without a real-time clock it counts
 * from boot, as CLOCK_MONOTONIC does.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>
#include "ticks.h"

static struct bower_rtc_epoch epoch;
static int epoch_known;

/* The CPU-time clocks: the kernel's count of ticks that found the thread
 * (or the process's threads) running. */
static int cpu_time(clockid_t id, struct timespec *ts)
{
	long ticks = bower_cpu_ticks(id == CLOCK_THREAD_CPUTIME_ID ? BOWER_CPU_THREAD : BOWER_CPU_PROCESS);
	ts->tv_sec = ticks / BOWER_TICK_HZ;
	ts->tv_nsec = (ticks % BOWER_TICK_HZ) * (1000000000L / BOWER_TICK_HZ);
	return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID)
		return cpu_time(id, ts);
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	uint64_t ticks = bower_counter(), base = 0;
	if (id == CLOCK_REALTIME) {
		if (!epoch_known && bower_rtc_epoch(&epoch) == 0)
			epoch_known = 1;
		if (epoch_known && epoch.seconds) {
			ticks -= epoch.counter;
			base = epoch.seconds;
		}
	}
	*ts = libos_timespec_of(ticks);
	ts->tv_sec += (time_t)base;
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID) {
		if (res) /* a tick */
			*res = (struct timespec){.tv_nsec = 1000000000L / BOWER_TICK_HZ};
		return 0;
	}
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	if (res) { /* one tick of the counter, rounded up to a nanosecond */
		uint64_t freq = bower_counter_freq();
		res->tv_sec = 0;
		res->tv_nsec = (long)((1000000000ULL + freq - 1) / freq);
	}
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

int clock_getcpuclockid(pid_t pid, clockid_t *id)
{
	if (pid != 0 && pid != getpid())
		return EPERM; /* another process's CPU time is not for us to read */
	*id = CLOCK_PROCESS_CPUTIME_ID;
	return 0;
}
