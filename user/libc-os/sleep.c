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

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L) {
		errno = EINVAL;
		return -1;
	}
	uint64_t freq = bower_counter_freq();
	uint64_t ticks = (uint64_t)req->tv_sec * freq +
			 ((uint64_t)req->tv_nsec * freq + 999999999ULL) / 1000000000ULL;
	uint64_t deadline = bower_counter() + ticks;
	if (bower_sleep_until(deadline) != -BOWER_EINTR)
		return 0;
	if (rem) {
		uint64_t now = bower_counter(), left = deadline > now ? deadline - now : 0;
		rem->tv_sec = (time_t)(left / freq);
		rem->tv_nsec = (long)((left % freq) * 1000000000ULL / freq);
	}
	errno = EINTR;
	return -1;
}

int clock_nanosleep(clockid_t id, int flags, const struct timespec *t, struct timespec *rem)
{
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME)
		return EINVAL;
	if (!t || t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000L)
		return EINVAL;
	if (!(flags & TIMER_ABSTIME))
		return nanosleep(t, rem) < 0 ? errno : 0;
	struct timespec now;
	clock_gettime(id, &now);
	if (now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec))
		return 0; /* the moment has come already */
	struct timespec left = {t->tv_sec - now.tv_sec, t->tv_nsec - now.tv_nsec};
	if (left.tv_nsec < 0)
		left.tv_sec--, left.tv_nsec += 1000000000L;
	return nanosleep(&left, NULL) < 0 ? errno : 0;
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
