/*
 * pthread_mutex.c - mutexes.
 *
 * A mutex is a futex word: 0 free, 1 held, 2 held with (maybe) waiters.
 * Taking a free one is one compare-and-swap and no system call; a waiter
 * marks it 2 and sleeps in futex_wait while it stays 2; the unlock of a 2
 * wakes one. Its owner is kept for every type (recursive and
 * error-checking mutexes need it, and it costs a store).
 */
#include <errno.h>
#include <pthread.h>
#include <unistd.h>
#include "futex.h"
#include "thread.h"

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	attr->type = PTHREAD_MUTEX_DEFAULT;
	attr->pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE &&
	    type != PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	attr->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	*type = attr->type;
	return 0;
}

/* Every object's pshared attribute is checked here. Both are had: the
 * kernel keys a futex in shared memory (a shared mapping of a file,
 * shm_open's objects) by the memory, so the processes that map it wait
 * on one word. */
int libos_pshared_valid(int pshared)
{
	return pshared == PTHREAD_PROCESS_PRIVATE || pshared == PTHREAD_PROCESS_SHARED ? 0 : EINVAL;
}

/* This process's pid, asked once: a program is never copied (no fork). */
static int our_pid(void)
{
	static int pid;
	if (!pid)
		pid = getpid();
	return pid;
}

int libos_mutex_ours(const pthread_mutex_t *m)
{
	return m->owner == pthread_self() && m->owner_pid == our_pid();
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
	int err = libos_pshared_valid(pshared);
	if (!err)
		attr->pshared = pshared;
	return err;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared)
{
	*pshared = attr->pshared;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	*m = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
	if (attr)
		m->type = attr->type;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return m->state ? EBUSY : 0;
}

/* Already ours: a recursive mutex goes one deeper, an error-checking one
 * says so; 0 if it is not ours (take it). */
static int held_by_us(pthread_mutex_t *m, int *err)
{
	if (m->type == PTHREAD_MUTEX_NORMAL || !libos_mutex_ours(m))
		return 0;
	if (m->type == PTHREAD_MUTEX_RECURSIVE) {
		m->count++;
		*err = 0;
	} else {
		*err = EDEADLK;
	}
	return 1;
}

static void taken(pthread_mutex_t *m)
{
	m->owner = pthread_self();
	m->count = 1;
	if (m->type != PTHREAD_MUTEX_NORMAL)
		m->owner_pid = our_pid();
}

static int try_take(pthread_mutex_t *m)
{
	uint32_t free = 0;
	return __atomic_compare_exchange_n(&m->state, &free, 1, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* Take m, waiting (until abstime, on CLOCK_REALTIME, if not NULL). */
static int take(pthread_mutex_t *m, const struct timespec *abstime)
{
	int err;
	if (held_by_us(m, &err))
		return err;
	if (!try_take(m)) {
		while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0)
			if (futex_wait_until(&m->state, 2, CLOCK_REALTIME, abstime) == ETIMEDOUT)
				return ETIMEDOUT;
	}
	taken(m);
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return take(m, NULL);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return EINVAL;
	return take(m, abstime);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int err;
	if (held_by_us(m, &err))
		return err == EDEADLK ? EBUSY : err;
	if (!try_take(m))
		return EBUSY;
	taken(m);
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (m->type != PTHREAD_MUTEX_NORMAL && !libos_mutex_ours(m))
		return EPERM;
	if (m->type == PTHREAD_MUTEX_RECURSIVE && --m->count > 0)
		return 0;
	m->owner = NULL;
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		futex_wake_some(&m->state, 1);
	return 0;
}
