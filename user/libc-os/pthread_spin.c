/*
 * pthread_spin.c - spin locks, a word taken by an atomic exchange.
 */
#include <errno.h>
#include <pthread.h>
#include "thread.h"

/* Spin locks: on a CPU shared with the holder, spinning only delays it,
 * so a waiter yields between tries. */
int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	int err = libos_pshared_valid(pshared);
	if (!err)
		*s = 0;
	return err;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	return *s ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE))
		sched_yield();
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	__atomic_store_n(s, 0, __ATOMIC_RELEASE);
	return 0;
}
