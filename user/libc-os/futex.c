/*
 * futex.c - waits on a word with a POSIX deadline.
 *
 * The kernel's futex_wait takes its deadline as a value of the generic
 * counter; a POSIX deadline is a moment of CLOCK_REALTIME or
 * CLOCK_MONOTONIC, so it is turned into the counter value that many
 * nanoseconds after the clock's now. A deadline already past times out
 * without a call.
 */
#include <errno.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>
#include "futex.h"

int futex_wait_until(volatile uint32_t *word, uint32_t value, clockid_t clock,
		     const struct timespec *abstime)
{
	uint64_t deadline = 0;
	if (abstime) {
		if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
			return EINVAL;
		struct timespec now;
		if (clock_gettime(clock, &now) < 0)
			return EINVAL;
		int64_t ns = ((int64_t)abstime->tv_sec - now.tv_sec) * 1000000000LL +
			     (abstime->tv_nsec - now.tv_nsec);
		if (ns <= 0)
			return ETIMEDOUT;
		uint64_t freq = bower_counter_freq();
		uint64_t ticks = (uint64_t)ns / 1000000000ULL * freq +
				 (uint64_t)ns % 1000000000ULL * freq / 1000000000ULL;
		deadline = bower_counter() + (ticks ? ticks : 1);
	}
	long r = bower_futex_wait((uintptr_t)word, value, deadline);
	return r == -BOWER_ETIMEDOUT ? ETIMEDOUT : 0; /* woken, changed, or interrupted */
}

void futex_wake_some(volatile uint32_t *word, unsigned long n)
{
	bower_futex_wake((uintptr_t)word, n);
}
