/*
 * pthread.c - threads: create, join, detach, exit, once, keys and
 * attributes, on the kernel's threads (thread_create, thread_join).
 *
 * Each thread has its own stack and its own thread-local block (errno is
 * there), set up from the program's TLS image before its start routine
 * runs (_init_tls, _set_tls: the kernel keeps TPIDR_EL0 per thread). A
 * thread's record says when it is done (a futex word its joiner waits on);
 * the joiner then joins the kernel thread, which has left its stack for
 * good, and frees the stack. A detached thread that is done waits on the
 * list of `finished` ones until the next create, join or detach frees it.
 *
 * Threads made with bower_thread_create directly (the file server's) are
 * not pthreads: they start with their creator's thread pointer, so they
 * share its TLS block, and so its errno and its identity.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <picotls.h>
#include <bower/syscall_nr.h>
#include "futex.h"
#include "thread.h"

#define DEFAULT_STACK (256 * 1024)

extern int libos_threaded; /* lock.c */



static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static struct libos_thread *finished; /* detached and done, not yet freed */

/* The kernel thread has ended (it left its stack): give back what it had. */
static void release(struct libos_thread *t)
{
	if (t == &libos_first_thread)
		return;
	bower_thread_join((int)t->slot);
	bower_cap_delete((int)t->slot);
	free(t->stack);
	free(t->tls);
	free(t);
}

/* Free the detached threads that are done; called with threads_lock. */
static void release_finished(void)
{
	while (finished) {
		struct libos_thread *t = finished;
		finished = t->next_finished;
		release(t);
	}
}

static void run_destructors(struct libos_thread *t);

static void trampoline(uintptr_t arg)
{
	struct libos_thread *t = (struct libos_thread *)arg;
	_init_tls(t->tls);
	_set_tls(t->tls);
	libos_self = t;
	if (t->pin) /* its creator's CPU, as Linux's threads inherit their mask */
		bower_thread_pin(t->pin - 1);
	pthread_exit(t->start(t->arg));
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
		   void *arg)
{
	size_t size = attr ? attr->stacksize : DEFAULT_STACK;
	void *own = attr ? attr->stackaddr : NULL; /* the caller's, never freed here */
	struct libos_thread *t = calloc(1, sizeof(*t));
	if (!t)
		return EAGAIN;
	t->start = start;
	t->arg = arg;
	t->pin = pthread_self()->pin;
	t->detached = attr && attr->detachstate == PTHREAD_CREATE_DETACHED;
	t->stack = own ? NULL : malloc(size);
	size_t align = _tls_align() > 16 ? _tls_align() : 16;
	t->tls = aligned_alloc(align, (_tls_size() + align - 1) / align * align);
	if ((!own && !t->stack) || !t->tls) {
		free(t->stack);
		free(t->tls);
		free(t);
		return EAGAIN;
	}
	libos_threaded = 1; /* the C library's own locks lock from now on (lock.c) */
	libos_cancel_ready();
	pthread_mutex_lock(&threads_lock);
	release_finished();
	uintptr_t top = ((uintptr_t)(own ? own : t->stack) + size) & ~(uintptr_t)15;
	/* Held until the slot is known: the thread may end, detached, first. */
	t->slot = bower_thread_create((uintptr_t)trampoline, (uintptr_t)t, top);
	pthread_mutex_unlock(&threads_lock);
	if (t->slot < 0) {
		free(t->stack);
		free(t->tls);
		free(t);
		return EAGAIN;
	}
	*thread = t;
	return 0;
}

void pthread_exit(void *value)
{
	struct libos_thread *t = pthread_self();
	t->value = value;
	libos_run_cleanup(t);
	run_destructors(t);
	pthread_mutex_lock(&threads_lock);
	if (t->detached) {
		t->next_finished = finished;
		finished = t;
	}
	__atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
	futex_wake_some(&t->done, ~0UL);
	pthread_mutex_unlock(&threads_lock);
	/* The process goes on while any thread does (the first one too). */
	for (;;)
		bower_thread_exit();
}

int pthread_join(pthread_t t, void **value)
{
	if (t == pthread_self())
		return EDEADLK;
	if (t->detached)
		return EINVAL;
	libos_cancel_point_begin();
	while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE))
		futex_wait_until(&t->done, 0, CLOCK_MONOTONIC, NULL);
	libos_cancel_point_end();
	if (value)
		*value = t->value;
	pthread_mutex_lock(&threads_lock);
	release(t);
	release_finished();
	pthread_mutex_unlock(&threads_lock);
	return 0;
}

int pthread_detach(pthread_t t)
{
	pthread_mutex_lock(&threads_lock);
	int err = t->detached ? EINVAL : 0;
	if (!err && t->done)
		release(t); /* already over: nobody will join it */
	else if (!err)
		t->detached = 1;
	release_finished();
	pthread_mutex_unlock(&threads_lock);
	return err;
}

int pthread_once(pthread_once_t *once, void (*init)(void))
{
	uint32_t state = 0;
	if (__atomic_compare_exchange_n(&once->state, &state, 1, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_ACQUIRE)) {
		init();
		__atomic_store_n(&once->state, 2, __ATOMIC_RELEASE);
		futex_wake_some(&once->state, ~0UL);
		return 0;
	}
	while ((state = __atomic_load_n(&once->state, __ATOMIC_ACQUIRE)) == 1)
		futex_wait_until(&once->state, 1, CLOCK_MONOTONIC, NULL);
	return 0;
}

/* Attributes. */
int pthread_attr_init(pthread_attr_t *attr)
{
	*attr = (pthread_attr_t){.stacksize = DEFAULT_STACK,
				 .detachstate = PTHREAD_CREATE_JOINABLE,
				 .guardsize = 4096,
				 .inheritsched = PTHREAD_INHERIT_SCHED,
				 .schedpolicy = SCHED_OTHER,
				 .scope = PTHREAD_SCOPE_SYSTEM};
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
	if (size < PTHREAD_STACK_MIN)
		return EINVAL;
	attr->stacksize = size;
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
	*size = attr->stacksize;
	return 0;
}

/* A stack of the caller's: the thread runs on [addr, addr + size), which
 * stays the caller's to free after the thread is joined. */
int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size)
{
	if (size < PTHREAD_STACK_MIN || !addr || ((uintptr_t)addr & 15) ||
	    (uintptr_t)addr + size < (uintptr_t)addr)
		return EINVAL;
	attr->stackaddr = addr;
	attr->stacksize = size;
	return 0;
}

int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size)
{
	*addr = attr->stackaddr;
	*size = attr->stacksize;
	return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size)
{
	attr->guardsize = size;
	return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size)
{
	*size = attr->guardsize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	attr->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
	*state = attr->detachstate;
	return 0;
}

/* Keys: the slots are the process's, each thread's values its own. */
static struct {
	int used;
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];
static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	pthread_mutex_lock(&keys_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++)
		if (!keys[k].used) {
			keys[k].used = 1;
			keys[k].destructor = destructor;
			pthread_mutex_unlock(&keys_lock);
			*key = k;
			return 0;
		}
	pthread_mutex_unlock(&keys_lock);
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
		return EINVAL;
	keys[key].used = 0;
	return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
	return key < PTHREAD_KEYS_MAX ? (void *)pthread_self()->specific[key] : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
		return EINVAL;
	pthread_self()->specific[key] = value;
	return 0;
}

/* As POSIX says: each value not NULL of a key with a destructor is set to
 * NULL and given to it, again while destructors leave values behind, a
 * few times at most. */
static void run_destructors(struct libos_thread *t)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int again = 0;
		for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
			void *v = (void *)t->specific[k];
			if (!v || !keys[k].used || !keys[k].destructor)
				continue;
			t->specific[k] = NULL;
			keys[k].destructor(v);
			again = 1;
		}
		if (!again)
			return;
	}
}

/* A signal to one thread (docs/signals.md). The kernel names a thread by
 * its capability, and a process's first thread has none: a signal to it
 * from another thread goes to the process, which the first thread that
 * does not block it takes. */
int pthread_kill(pthread_t t, int sig)
{
	long err;
	if (t == pthread_self())
		err = bower_sig_raise(BOWER_NO_CAP, sig);
	else if (t->slot >= 0)
		err = bower_sig_raise((int)t->slot, sig);
	else
		err = bower_sig_send(BOWER_NO_CAP, sig);
	return err < 0 ? (int)-err : 0;
}
