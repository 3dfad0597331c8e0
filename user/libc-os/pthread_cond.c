/*
 * pthread_cond.c - condition variables, and what is built on them with a
 * mutex: read-write locks and barriers.
 *
 * A condition variable is a sequence number. A waiter reads it, lets the
 * mutex go and sleeps while it is unchanged; signal and broadcast move it
 * on and wake one or all. A signal between the unlock and the sleep has
 * moved the number, so the sleep returns at once: no wake-up is lost.
 * (Waking may be spurious, as POSIX allows: callers wait in a loop.)
 */
#include <errno.h>
#include <pthread.h>
#include "futex.h"
#include "thread.h"

int pthread_condattr_init(pthread_condattr_t *attr)
{
	attr->clock = CLOCK_REALTIME;
	attr->pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	attr->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
	*clock = attr->clock;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
	int err = libos_pshared_valid(pshared);
	if (!err)
		attr->pshared = pshared;
	return err;
}

int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared)
{
	*pshared = attr->pshared;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	c->seq = 0;
	c->clock = attr ? attr->clock : CLOCK_REALTIME;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

struct relock {
	pthread_mutex_t *m;
	unsigned depth;
};

static void relock(void *arg)
{
	struct relock *held = arg;
	pthread_mutex_lock(held->m);
	held->m->count = held->depth;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	if (m->type != PTHREAD_MUTEX_NORMAL && !libos_mutex_ours(m))
		return EPERM;
	if (abstime && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L))
		return EINVAL;
	uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
	struct relock held = {m, m->count}; /* a recursive mutex is let go and taken back whole */
	m->count = 1;
	pthread_mutex_unlock(m);
	/* Cancelled in the wait, the thread takes the mutex back before its
	 * own cleanup handlers run, as POSIX says. */
	int r;
	pthread_cleanup_push(relock, &held);
	libos_cancel_point_begin();
	r = futex_wait_until(&c->seq, seq, c->clock, abstime);
	libos_cancel_point_end();
	pthread_cleanup_pop(1);
	return r == ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return pthread_cond_timedwait(c, m, NULL);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_add_fetch(&c->seq, 1, __ATOMIC_RELEASE);
	futex_wake_some(&c->seq, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_add_fetch(&c->seq, 1, __ATOMIC_RELEASE);
	futex_wake_some(&c->seq, ~0UL);
	return 0;
}

/* Read-write locks: any number of readers or one writer; a waiting writer
 * keeps new readers out, so writers are not starved. */
int pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
	attr->pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	(void)attr;
	*rw = (pthread_rwlock_t)PTHREAD_RWLOCK_INITIALIZER;
	return 0;
}

/* POSIX leaves destroying a held lock undefined and allows EBUSY; a read
 * lock a thread took and never gave back (it may have ended) is not told
 * from one in use, so, as on Linux, only a thread waiting in the lock's
 * calls makes it busy. */
int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return rw->writers_waiting ? EBUSY : 0;
}

/* How a lock call waits: not at all (try), until it can, or until an
 * absolute CLOCK_REALTIME time (the condition's clock). */
#define TRY	     ((const struct timespec *)0)
#define FOREVER	     ((const struct timespec *)1)

static int wait_changed(pthread_rwlock_t *rw, const struct timespec *until)
{
	if (until == TRY)
		return EBUSY;
	if (until == FOREVER)
		return pthread_cond_wait(&rw->changed, &rw->lock);
	return pthread_cond_timedwait(&rw->changed, &rw->lock, until);
}

static int read_lock(pthread_rwlock_t *rw, const struct timespec *until)
{
	int err = 0;
	pthread_mutex_lock(&rw->lock);
	if (rw->writer == pthread_self())
		err = EDEADLK;
	while (!err && (rw->writer || rw->writers_waiting))
		err = wait_changed(rw, until);
	if (!err)
		rw->readers++;
	pthread_mutex_unlock(&rw->lock);
	return err;
}

static int write_lock(pthread_rwlock_t *rw, const struct timespec *until)
{
	int err = 0;
	pthread_mutex_lock(&rw->lock);
	if (rw->writer == pthread_self())
		err = EDEADLK;
	rw->writers_waiting++;
	while (!err && (rw->writer || rw->readers))
		err = wait_changed(rw, until);
	rw->writers_waiting--;
	if (!err)
		rw->writer = pthread_self();
	else if (!rw->writers_waiting)
		pthread_cond_broadcast(&rw->changed); /* readers held back by us may go */
	pthread_mutex_unlock(&rw->lock);
	return err;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return read_lock(rw, FOREVER);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return read_lock(rw, TRY);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	return abstime ? read_lock(rw, abstime) : EINVAL;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return write_lock(rw, FOREVER);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return write_lock(rw, TRY);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	return abstime ? write_lock(rw, abstime) : EINVAL;
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	int err = 0;
	pthread_mutex_lock(&rw->lock);
	if (rw->writer == pthread_self())
		rw->writer = NULL;
	else if (rw->readers)
		rw->readers--;
	else
		err = EPERM;
	pthread_cond_broadcast(&rw->changed);
	pthread_mutex_unlock(&rw->lock);
	return err;
}

/* Barriers: the count-th thread to arrive lets the others go and is the
 * one that gets PTHREAD_BARRIER_SERIAL_THREAD. */
int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
	attr->pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count)
{
	(void)attr;
	if (count == 0)
		return EINVAL;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->all_here, NULL);
	b->count = count;
	b->waiting = b->generation = 0;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	return b->waiting ? EBUSY : 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	pthread_mutex_lock(&b->lock);
	unsigned generation = b->generation;
	if (++b->waiting == b->count) {
		b->waiting = 0;
		b->generation++;
		pthread_cond_broadcast(&b->all_here);
		pthread_mutex_unlock(&b->lock);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	while (generation == b->generation)
		pthread_cond_wait(&b->all_here, &b->lock);
	pthread_mutex_unlock(&b->lock);
	return 0;
}
