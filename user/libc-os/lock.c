/*
 * lock.c - picolibc's own locks (its retargetable locking: malloc's,
 * stdio's), as recursive mutexes, so that the C library is safe to call
 * from several threads. Every program links this object ahead of the
 * libraries (user/build.mk), or picolibc's dummy versions would be used.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/lock.h>

struct __lock {
	pthread_mutex_t m;
};

/* The one lock picolibc declares statically (malloc takes it). */
struct __lock __lock___libc_recursive_mutex = {
    {0, PTHREAD_MUTEX_RECURSIVE, NULL, 0, 0}};

static void make(_LOCK_T *lock, int type)
{
	*lock = calloc(1, sizeof(**lock));
	if (*lock)
		(*lock)->m.type = type;
}

void __retarget_lock_init(_LOCK_T *lock)
{
	make(lock, PTHREAD_MUTEX_NORMAL);
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	make(lock, PTHREAD_MUTEX_RECURSIVE);
}

void __retarget_lock_close(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	free(lock);
}

/* Until a program makes its second thread there is nobody to keep out,
 * and every malloc and free would pay for a lock and an unlock (about 80
 * instructions, on every file server request): pthread_create sets this
 * before the thread exists, so no lock can be taken before it and let go
 * after by another thread. (A release of a lock taken before is refused
 * by the mutex as not held: harmless.) A lock whose allocation failed is
 * none: better than no stdio. */
int libos_threaded;

void __retarget_lock_acquire(_LOCK_T lock)
{
	if (lock && libos_threaded)
		pthread_mutex_lock(&lock->m);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	__retarget_lock_acquire(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return !lock || !libos_threaded || pthread_mutex_trylock(&lock->m) == 0;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return __retarget_lock_try_acquire(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	if (lock && libos_threaded)
		pthread_mutex_unlock(&lock->m);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	__retarget_lock_release(lock);
}
