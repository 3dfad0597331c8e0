/*
 * pthread.h - POSIX threads on Bower's kernel threads (user/libc-os/
 * pthread*.c). Every wait is on a futex (futex_wait, futex_wake): a lock
 * nobody contends never enters the kernel. Objects are private to their
 * process (PTHREAD_PROCESS_SHARED is refused).
 */
#ifndef _PTHREAD_H
#define _PTHREAD_H

#include <stddef.h>
#include <stdint.h>
#include <sched.h>
#include <time.h>

typedef struct libos_thread *pthread_t;

typedef struct {
	size_t stacksize;
	int detachstate;
	void *stackaddr;  /* the caller's stack (pthread_attr_setstack), or NULL */
	size_t guardsize; /* kept as set: a thread's stack has no guard page */
	int inheritsched, schedpolicy, schedpriority, scope;
} pthread_attr_t;

/* Scheduling: one policy, SCHED_OTHER (time sharing, priority 0), for
 * every thread of the system (PTHREAD_SCOPE_SYSTEM); the real-time
 * policies are refused with ENOTSUP (pthread_sched.c). */
#define PTHREAD_INHERIT_SCHED  0
#define PTHREAD_EXPLICIT_SCHED 1
#define PTHREAD_SCOPE_SYSTEM   0
#define PTHREAD_SCOPE_PROCESS  1

/* Cancellation (pthread_cancel.c): deferred by default, acted on at the
 * library's cancellation points; asynchronous when asked. */
#define PTHREAD_CANCEL_ENABLE	    0
#define PTHREAD_CANCEL_DISABLE	    1
#define PTHREAD_CANCEL_DEFERRED	    0
#define PTHREAD_CANCEL_ASYNCHRONOUS 1
#define PTHREAD_CANCELED	    ((void *)-1)
int pthread_cancel(pthread_t thread);
int pthread_setcancelstate(int state, int *oldstate);
int pthread_setcanceltype(int type, int *oldtype);
void pthread_testcancel(void);

/* Cleanup handlers: a record on the pushing function's stack, so push and
 * pop are one block, as POSIX allows. */
struct __pthread_cleanup {
	void (*routine)(void *);
	void *arg;
	struct __pthread_cleanup *prev;
};
void __pthread_cleanup_push(struct __pthread_cleanup *c, void (*routine)(void *), void *arg);
void __pthread_cleanup_pop(struct __pthread_cleanup *c, int execute);
#define pthread_cleanup_push(routine, arg)                                                       \
	do {                                                                                     \
		struct __pthread_cleanup __pthread_cleanup_record;                               \
		__pthread_cleanup_push(&__pthread_cleanup_record, (routine), (arg));
#define pthread_cleanup_pop(execute)                                                             \
		__pthread_cleanup_pop(&__pthread_cleanup_record, (execute));                     \
	} while (0)

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1
#define PTHREAD_STACK_MIN	16384
#define PTHREAD_KEYS_MAX	128
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED	1

#define PTHREAD_MUTEX_NORMAL	 0
#define PTHREAD_MUTEX_RECURSIVE	 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT	 PTHREAD_MUTEX_NORMAL

typedef struct {
	volatile uint32_t state; /* 0 free, 1 held, 2 held with waiters */
	int type;
	pthread_t owner; /* recursive and error-checking ones: of process owner_pid */
	unsigned count;	 /* a recursive mutex's depth */
	int owner_pid;	 /* (another process's thread may be at the same address) */
} pthread_mutex_t;
#define PTHREAD_MUTEX_INITIALIZER {0, PTHREAD_MUTEX_DEFAULT, NULL, 0, 0}

typedef struct {
	int type, pshared;
} pthread_mutexattr_t;

typedef struct {
	volatile uint32_t seq; /* moves on at every signal and broadcast */
	clockid_t clock;       /* of timed waits' deadlines */
} pthread_cond_t;
#define PTHREAD_COND_INITIALIZER {0, CLOCK_REALTIME}

typedef struct {
	clockid_t clock;
	int pshared;
} pthread_condattr_t;

typedef struct {
	volatile uint32_t state; /* 0 not run, 1 running, 2 done */
} pthread_once_t;
#define PTHREAD_ONCE_INIT {0}

typedef unsigned pthread_key_t;

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned readers, writers_waiting;
	pthread_t writer;
} pthread_rwlock_t;
#define PTHREAD_RWLOCK_INITIALIZER {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL}

typedef struct {
	int pshared;
} pthread_rwlockattr_t;

typedef volatile uint32_t pthread_spinlock_t;

typedef struct {
	pthread_mutex_t lock;
	pthread_cond_t all_here;
	unsigned count, waiting, generation;
} pthread_barrier_t;

typedef struct {
	int pshared;
} pthread_barrierattr_t;
#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
		   void *arg);
int pthread_join(pthread_t thread, void **value);
int pthread_detach(pthread_t thread);
void pthread_exit(void *value) __attribute__((noreturn));
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_kill(pthread_t thread, int sig); /* signal.h's signals, to one thread */
int pthread_once(pthread_once_t *once, void (*init)(void));

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size);
int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size);
int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size);
int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size);
int pthread_attr_setinheritsched(pthread_attr_t *attr, int inherit);
int pthread_attr_getinheritsched(const pthread_attr_t *attr, int *inherit);
int pthread_attr_setschedpolicy(pthread_attr_t *attr, int policy);
int pthread_attr_getschedpolicy(const pthread_attr_t *attr, int *policy);
int pthread_attr_setschedparam(pthread_attr_t *attr, const struct sched_param *param);
int pthread_attr_getschedparam(const pthread_attr_t *attr, struct sched_param *param);
int pthread_attr_setscope(pthread_attr_t *attr, int scope);
int pthread_attr_getscope(const pthread_attr_t *attr, int *scope);
int pthread_setschedparam(pthread_t thread, int policy, const struct sched_param *param);
int pthread_getschedparam(pthread_t thread, int *policy, struct sched_param *param);
int pthread_setschedprio(pthread_t thread, int prio);

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type);
int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared);
int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared);

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock);
int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared);
int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared);

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr);
int pthread_rwlock_destroy(pthread_rwlock_t *rw);
int pthread_rwlock_rdlock(pthread_rwlock_t *rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw);
int pthread_rwlock_wrlock(pthread_rwlock_t *rw);
int pthread_rwlock_trywrlock(pthread_rwlock_t *rw);
int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime);
int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime);
int pthread_rwlock_unlock(pthread_rwlock_t *rw);
int pthread_rwlockattr_init(pthread_rwlockattr_t *attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr);

int pthread_spin_init(pthread_spinlock_t *s, int pshared);
int pthread_spin_destroy(pthread_spinlock_t *s);
int pthread_spin_lock(pthread_spinlock_t *s);
int pthread_spin_trylock(pthread_spinlock_t *s);
int pthread_spin_unlock(pthread_spinlock_t *s);

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *b);
int pthread_barrier_wait(pthread_barrier_t *b);
int pthread_barrierattr_init(pthread_barrierattr_t *attr);
int pthread_barrierattr_destroy(pthread_barrierattr_t *attr);

/* Which CPUs a thread runs on (Linux's; affinity.c): only the calling
 * thread can be pinned (EPERM for another), any thread's set read. */
int pthread_setaffinity_np(pthread_t t, size_t size, const cpu_set_t *set);
int pthread_getaffinity_np(pthread_t t, size_t size, cpu_set_t *set);

#endif
