/*
 * semaphore.c - unnamed semaphores: a counter that is its own futex word.
 * sem_wait takes one if there is one (a compare-and-swap), or sleeps while
 * the counter is 0; sem_post adds one and wakes a sleeper if any sleeps.
 */
#include <errno.h>
#include <semaphore.h>
#include "futex.h"
#include "thread.h"

int sem_init(sem_t *s, int pshared, unsigned value)
{
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	(void)pshared; /* shared memory's futex words are shared too */
	s->value = value;
	s->waiters = 0;
	return 0;
}

int sem_destroy(sem_t *s)
{
	(void)s;
	return 0;
}

static int try_down(sem_t *s)
{
	uint32_t v = __atomic_load_n(&s->value, __ATOMIC_RELAXED);
	while (v > 0)
		if (__atomic_compare_exchange_n(&s->value, &v, v - 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 1;
	return 0;
}

int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	while (!try_down(s)) {
		__atomic_add_fetch(&s->waiters, 1, __ATOMIC_ACQ_REL);
		libos_cancel_point_begin();
		int r = futex_wait_until(&s->value, 0, CLOCK_REALTIME, abstime);
		libos_cancel_point_end();
		__atomic_sub_fetch(&s->waiters, 1, __ATOMIC_ACQ_REL);
		if (r) {
			errno = r;
			return -1;
		}
	}
	return 0;
}

int sem_wait(sem_t *s)
{
	return sem_timedwait(s, NULL);
}

int sem_trywait(sem_t *s)
{
	if (try_down(s))
		return 0;
	errno = EAGAIN;
	return -1;
}

int sem_post(sem_t *s)
{
	uint32_t v = __atomic_load_n(&s->value, __ATOMIC_RELAXED);
	do {
		if (v == SEM_VALUE_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
	} while (!__atomic_compare_exchange_n(&s->value, &v, v + 1, 0, __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	if (__atomic_load_n(&s->waiters, __ATOMIC_ACQUIRE))
		futex_wake_some(&s->value, 1);
	return 0;
}

int sem_getvalue(sem_t *s, int *value)
{
	*value = (int)__atomic_load_n(&s->value, __ATOMIC_RELAXED);
	return 0;
}
