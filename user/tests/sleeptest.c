/*
 * sleeptest.c - nanosleep, usleep and sleep wait at least what they are
 * asked, and refuse a bad time with EINVAL. Builds for Bower and for Linux.
 */
#include <time.h>
#include <unistd.h>
#include "posix_check.h"

static long long ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((b.tv_sec - a->tv_sec) * 1000000000LL + (b.tv_nsec - a->tv_nsec)) / 1000000;
}

int main(void)
{
	struct timespec t0, rem = {7, 7};
	check_prog = "sleeptest";
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct timespec req = {0, 30 * 1000000L};
	expect("nanosleep 30 ms", nanosleep(&req, &rem), 0);
	long long ms = ms_since(&t0);
	expect("it waited at least 30 ms", ms >= 30, 1);
	expect("and not a second", ms < 1000, 1);
	expect("rem is left alone (it is written only when a signal cuts a sleep short)",
	       rem.tv_sec == 7 && rem.tv_nsec == 7, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	expect("usleep 20 ms", usleep(20000), 0);
	expect("it waited at least 20 ms", ms_since(&t0) >= 20, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	expect("sleep 1", (long)sleep(1), 0);
	expect("it waited at least a second", ms_since(&t0) >= 1000, 1);
	expect("sleep 0", (long)sleep(0), 0);
	struct timespec bad = {0, 1000000000L};
	expect_err("tv_nsec of a whole second", nanosleep(&bad, NULL), EINVAL);
	struct timespec neg = {-1, 0};
	expect_err("a negative time", nanosleep(&neg, NULL), EINVAL);
	return check_summary();
}
