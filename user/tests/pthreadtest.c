/*
 * pthreadtest.c - POSIX threads and semaphores, as POSIX says and Linux
 * does: create and join with values, detach, self; mutexes of each type
 * (trylock, timedlock), condition variables (timed, on both clocks),
 * once, keys with destructors, read-write locks, spin locks, barriers,
 * semaphores; errno per thread; malloc and printf from many threads at
 * once. Builds for Bower and for Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "posix_check.h"

#define THREADS 4

/* A moment ms (>= 0) milliseconds from now on clock. */
static struct timespec in_ms(clockid_t clock, long ms)
{
	struct timespec t;
	clock_gettime(clock, &t);
	t.tv_nsec += ms * 1000000L;
	t.tv_sec += t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

static void *plus_one(void *arg)
{
	return (void *)((intptr_t)arg + 1);
}

static void create_and_join(void)
{
	pthread_t t[8];
	int made = 0;
	for (intptr_t i = 0; i < 8; i++)
		made += pthread_create(&t[i], NULL, plus_one, (void *)i) == 0;
	expect("eight threads made", made, 8);
	long wrong = 0;
	for (intptr_t i = 0; i < 8; i++) {
		void *v = NULL;
		wrong += pthread_join(t[i], &v) != 0 || (intptr_t)v != i + 1;
	}
	expect("each joined with its value", wrong, 0);
	expect("joining oneself", pthread_join(pthread_self(), NULL), EDEADLK);
	expect("a thread is itself", pthread_equal(pthread_self(), pthread_self()) != 0, 1);
}

static volatile int detached_ran;
static void *detached_body(void *arg)
{
	(void)arg;
	detached_ran = 1;
	return NULL;
}

static pthread_mutex_t go = PTHREAD_MUTEX_INITIALIZER;
static void *wait_for_go(void *arg)
{
	pthread_mutex_lock(&go);
	pthread_mutex_unlock(&go);
	return arg;
}

static void detached(void)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	expect("a detached attribute", pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED), 0);
	expect("a stack too small", pthread_attr_setstacksize(&attr, 100), EINVAL);
	expect("a stack of 64 KiB", pthread_attr_setstacksize(&attr, 65536), 0);
	pthread_t t;
	expect("made detached", pthread_create(&t, &attr, detached_body, NULL), 0);
	for (int i = 0; i < 1000 && !detached_ran; i++)
		usleep(1000);
	expect("it ran", detached_ran, 1);
	/* Still running while it is detached and the join refused (a
	 * detached thread that has ended is gone, and its name with it). */
	pthread_mutex_lock(&go);
	pthread_t u;
	pthread_create(&u, NULL, wait_for_go, NULL);
	expect("detach a joinable one", pthread_detach(u), 0);
	expect("then it cannot be joined", pthread_join(u, NULL), EINVAL);
	pthread_mutex_unlock(&go);
	pthread_attr_destroy(&attr);
}

/* A counter only the mutex keeps right: the increment is a read, a yield
 * (so the others get in between) and a write. */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;
		if (i % 64 == 0)
			sched_yield();
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void mutex_counts(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, count_up, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	expect("a mutex keeps a shared counter right", counter, THREADS * 2000L);
}

static pthread_mutex_t held;
static void *try_held(void *arg)
{
	(void)arg;
	intptr_t r = pthread_mutex_trylock(&held);
	struct timespec soon = in_ms(CLOCK_REALTIME, 30);
	intptr_t t = pthread_mutex_timedlock(&held, &soon);
	return (void *)(r * 1000 + t);
}

static void mutex_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	expect("an unknown type", pthread_mutexattr_settype(&a, 77), EINVAL);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_t r;
	pthread_mutex_init(&r, &a);
	expect("a recursive mutex twice", pthread_mutex_lock(&r) == 0 && pthread_mutex_lock(&r) == 0,
	       1);
	expect("and trylock a third time", pthread_mutex_trylock(&r), 0);
	expect("let go three times",
	       pthread_mutex_unlock(&r) == 0 && pthread_mutex_unlock(&r) == 0 &&
		   pthread_mutex_unlock(&r) == 0,
	       1);
	expect("a fourth time is not ours", pthread_mutex_unlock(&r), EPERM);
	pthread_mutex_destroy(&r);

	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_t e;
	pthread_mutex_init(&e, &a);
	pthread_mutex_lock(&e);
	expect("an error-checking mutex says a relock would deadlock", pthread_mutex_lock(&e),
	       EDEADLK);
	pthread_mutex_unlock(&e);
	expect("and that an unlock of a free one is not ours", pthread_mutex_unlock(&e), EPERM);
	pthread_mutex_destroy(&e);
	pthread_mutexattr_destroy(&a);

	pthread_mutex_init(&held, NULL);
	pthread_mutex_lock(&held);
	expect("a held mutex cannot be destroyed", pthread_mutex_destroy(&held), EBUSY);
	pthread_t t;
	void *v;
	pthread_create(&t, NULL, try_held, NULL);
	pthread_join(t, &v);
	expect("another thread's trylock is EBUSY, its timedlock ETIMEDOUT", (intptr_t)v,
	       EBUSY * 1000 + ETIMEDOUT);
	pthread_mutex_unlock(&held);
	expect("free again: trylock", pthread_mutex_trylock(&held), 0);
	pthread_mutex_unlock(&held);
}

/* A queue of numbers from a producer to a consumer, with a condition
 * variable each way. */
#define ITEMS 200
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER, q_nonfull = PTHREAD_COND_INITIALIZER;
static int q[4], q_len, q_head;

static void *produce(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == 4)
			pthread_cond_wait(&q_nonfull, &q_lock);
		q[(q_head + q_len++) % 4] = i;
		pthread_cond_signal(&q_nonempty);
		pthread_mutex_unlock(&q_lock);
	}
	return NULL;
}

static void conditions(void)
{
	pthread_t t;
	pthread_create(&t, NULL, produce, NULL);
	long sum = 0, in_order = 1, last = 0;
	for (int n = 0; n < ITEMS; n++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == 0)
			pthread_cond_wait(&q_nonempty, &q_lock);
		int v = q[q_head];
		q_head = (q_head + 1) % 4;
		q_len--;
		pthread_cond_signal(&q_nonfull);
		pthread_mutex_unlock(&q_lock);
		sum += v;
		in_order &= v == last + 1;
		last = v;
	}
	pthread_join(t, NULL);
	expect("every item through a queue of four, in order", sum == ITEMS * (ITEMS + 1) / 2 && in_order,
	       1);

	pthread_cond_t c;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	expect("a clock that is none", pthread_condattr_setclock(&ca, 99), EINVAL);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
	for (int k = 0; k < 2; k++) {
		pthread_condattr_setclock(&ca, clocks[k]);
		pthread_cond_init(&c, &ca);
		pthread_mutex_lock(&m);
		struct timespec t0, t1, soon = in_ms(clocks[k], 20);
		clock_gettime(clocks[k], &t0);
		int r = pthread_cond_timedwait(&c, &m, &soon);
		clock_gettime(clocks[k], &t1);
		pthread_mutex_unlock(&m);
		long waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		expect(k ? "a timed wait on CLOCK_MONOTONIC times out" : "a timed wait on CLOCK_REALTIME times out",
		       r, ETIMEDOUT);
		expect("not before its moment", waited >= 19, 1);
		pthread_cond_destroy(&c);
	}
	struct timespec past = in_ms(CLOCK_REALTIME, 0), bad = {0, 2000000000L};
	past.tv_sec -= 1;
	pthread_cond_init(&c, NULL);
	pthread_mutex_lock(&m);
	expect("a moment past times out at once", pthread_cond_timedwait(&c, &m, &past), ETIMEDOUT);
	expect("a moment that is none", pthread_cond_timedwait(&c, &m, &bad), EINVAL);
	pthread_mutex_unlock(&m);
	pthread_condattr_destroy(&ca);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_ran;
static void once_body(void)
{
	once_ran++;
	sched_yield(); /* the others arrive meanwhile and must wait */
}

static pthread_key_t key;
static int destroyed[THREADS + 1];
static void destroy(void *v)
{
	destroyed[(intptr_t)v]++;
}

static void *once_and_key(void *arg)
{
	pthread_once(&once, once_body);
	intptr_t me = (intptr_t)arg;
	pthread_setspecific(key, (void *)me);
	sched_yield();
	return (void *)(intptr_t)(pthread_getspecific(key) == (void *)me);
}

static void once_and_keys(void)
{
	expect("a key", pthread_key_create(&key, destroy), 0);
	pthread_t t[THREADS];
	for (intptr_t i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, once_and_key, (void *)(i + 1));
	long own = 0;
	for (int i = 0; i < THREADS; i++) {
		void *v;
		pthread_join(t[i], &v);
		own += (intptr_t)v;
	}
	expect("pthread_once ran its routine once", once_ran, 1);
	expect("each thread saw its own value of the key", own, THREADS);
	long each = 0;
	for (int i = 1; i <= THREADS; i++)
		each += destroyed[i] == 1;
	expect("and its value's destructor ran once, at its end", each, THREADS);
	expect("this thread's value is its own (none)", pthread_getspecific(key) == NULL, 1);
	expect("delete the key", pthread_key_delete(key), 0);
	expect("set a deleted key", pthread_setspecific(key, &key), EINVAL);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static void *reader_tries(void *arg)
{
	(void)arg;
	intptr_t rd = pthread_rwlock_tryrdlock(&rw), wr = pthread_rwlock_trywrlock(&rw);
	if (rd == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(rd * 1000 + wr);
}

static void *timed_reader(void *until)
{
	return (void *)(intptr_t)pthread_rwlock_timedrdlock(&rw, until);
}

static void *timed_writer(void *until)
{
	return (void *)(intptr_t)pthread_rwlock_timedwrlock(&rw, until);
}

static void rwlocks(void)
{
	pthread_rwlock_rdlock(&rw);
	pthread_t t;
	void *v;
	pthread_create(&t, NULL, reader_tries, NULL);
	pthread_join(t, &v);
	expect("with a reader in, another reads and nobody writes", (intptr_t)v, EBUSY);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_wrlock(&rw);
	pthread_create(&t, NULL, reader_tries, NULL);
	pthread_join(t, &v);
	expect("with a writer in, nobody else gets in", (intptr_t)v, EBUSY * 1000 + EBUSY);
	expect("the writer itself cannot read", pthread_rwlock_rdlock(&rw), EDEADLK);
	struct timespec soon = in_ms(CLOCK_REALTIME, 20), bad = {0, 2000000000L};
	pthread_create(&t, NULL, timed_reader, &soon);
	pthread_join(t, &v);
	expect("a timed read lock waits for the writer, then times out", (intptr_t)v, ETIMEDOUT);
	soon = in_ms(CLOCK_REALTIME, 20);
	expect("so does a timed write lock of another",
	       pthread_create(&t, NULL, timed_writer, &soon) == 0 && pthread_join(t, &v) == 0 &&
		   (intptr_t)v == ETIMEDOUT,
	       1);
	pthread_rwlock_unlock(&rw);
	expect("a timed write lock of a free lock", pthread_rwlock_timedwrlock(&rw, &soon), 0);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_rdlock(&rw);
	expect("a timed read lock beside a reader", pthread_rwlock_timedrdlock(&rw, &soon), 0);
	pthread_rwlock_unlock(&rw);
	expect("a moment that is none, when it must wait", pthread_rwlock_timedwrlock(&rw, &bad), EINVAL);
	pthread_rwlock_unlock(&rw);
	expect("free: destroy", pthread_rwlock_destroy(&rw), 0);
}

static pthread_barrier_t barrier;
static int before_barrier;
static void *at_barrier(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&before_barrier, 1, __ATOMIC_SEQ_CST);
	int r = pthread_barrier_wait(&barrier);
	/* past the barrier, everyone has arrived */
	int all = __atomic_load_n(&before_barrier, __ATOMIC_SEQ_CST) == THREADS;
	return (void *)(intptr_t)((r == PTHREAD_BARRIER_SERIAL_THREAD ? 10 : 0) + all);
}

static void barriers_and_spins(void)
{
	expect("a barrier of none", pthread_barrier_init(&barrier, NULL, 0), EINVAL);
	pthread_barrier_init(&barrier, NULL, THREADS);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, at_barrier, NULL);
	long serial = 0, all = 0;
	for (int i = 0; i < THREADS; i++) {
		void *v;
		pthread_join(t[i], &v);
		serial += (intptr_t)v / 10;
		all += (intptr_t)v % 10;
	}
	expect("one thread is the barrier's serial one", serial, 1);
	expect("nobody passes it before all arrive", all, THREADS);
	pthread_barrier_destroy(&barrier);
	pthread_spinlock_t s;
	pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE);
	expect("a spin lock", pthread_spin_lock(&s), 0);
	expect("held: trylock is EBUSY", pthread_spin_trylock(&s), EBUSY);
	pthread_spin_unlock(&s);
	expect("free: trylock", pthread_spin_trylock(&s), 0);
	pthread_spin_unlock(&s);
	pthread_spin_destroy(&s);
}

static sem_t sem;
static void *post_later(void *arg)
{
	(void)arg;
	usleep(5000);
	sem_post(&sem);
	return NULL;
}

static void semaphores(void)
{
	expect("an unnamed semaphore at 0", sem_init(&sem, 0, 0), 0);
	expect_err("trywait at 0", sem_trywait(&sem), EAGAIN);
	struct timespec soon = in_ms(CLOCK_REALTIME, 20);
	expect_err("timedwait at 0 times out", sem_timedwait(&sem, &soon), ETIMEDOUT);
	pthread_t t;
	pthread_create(&t, NULL, post_later, NULL);
	expect("a wait another thread's post ends", sem_wait(&sem), 0);
	pthread_join(t, NULL);
	sem_post(&sem);
	sem_post(&sem);
	int v;
	sem_getvalue(&sem, &v);
	expect("two posts, value 2", v, 2);
	expect("trywait takes one", sem_trywait(&sem), 0);
	sem_destroy(&sem);
}

/* A named semaphore: the same one at each open of its name, there after
 * its name goes while it is open, gone for the next open. */
static void named_semaphores(void)
{
	char name[64];
	snprintf(name, sizeof(name), "/pthreadtest-%d", (int)getpid());
	sem_unlink(name);
	expect("open without O_CREAT: no such semaphore", sem_open(name, 0) == SEM_FAILED && errno == ENOENT,
	       1);
	sem_t *a = sem_open(name, O_CREAT | O_EXCL, 0600, 2);
	expect("made, with its value", a != SEM_FAILED, 1);
	expect("O_EXCL again: it exists",
	       sem_open(name, O_CREAT | O_EXCL, 0600, 0) == SEM_FAILED && errno == EEXIST, 1);
	sem_t *b = sem_open(name, O_CREAT, 0600, 9);
	expect("the same name opened again: the same semaphore", a == b, 1);
	int v = -1;
	sem_getvalue(b, &v);
	expect("its value untouched by the second O_CREAT", v, 2);
	expect("a value past SEM_VALUE_MAX",
	       sem_open("/pthreadtest-big", O_CREAT, 0600, (unsigned)SEM_VALUE_MAX + 1) == SEM_FAILED &&
		   errno == EINVAL,
	       1);
	expect("a name with a slash inside",
	       sem_open("/a/b", O_CREAT, 0600, 0) == SEM_FAILED && errno == EINVAL, 1);
	expect("close one of the two opens", sem_close(b), 0);
	expect("unlink its name", sem_unlink(name), 0);
	expect("and it is still there", sem_trywait(a) == 0 && sem_trywait(a) == 0, 1);
	expect_err("empty now", sem_trywait(a), EAGAIN);
	expect("close the last open", sem_close(a), 0);
	expect_err("unlink it again", sem_unlink(name), ENOENT);
	expect("open it again: gone", sem_open(name, 0) == SEM_FAILED && errno == ENOENT, 1);
}

/* The attributes of where a thread runs: a stack of the caller's, and the
 * one scheduling policy every system has. */
static char own_stack[65536] __attribute__((aligned(16)));
static void *where_am_i(void *arg)
{
	int local;
	(void)arg;
	return (void *)(intptr_t)((char *)&local >= own_stack && (char *)&local < own_stack + sizeof(own_stack));
}

static void thread_placement(void)
{
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	int inherit = -1, policy = -1, scope = -1;
	pthread_attr_getinheritsched(&attr, &inherit);
	expect("threads inherit their scheduling by default", inherit, PTHREAD_INHERIT_SCHED);
	expect("explicit scheduling", pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED), 0);
	expect("a bad inheritsched", pthread_attr_setinheritsched(&attr, 9), EINVAL);
	expect("SCHED_OTHER", pthread_attr_setschedpolicy(&attr, SCHED_OTHER), 0);
	pthread_attr_getschedpolicy(&attr, &policy);
	expect("is what the attribute holds", policy, SCHED_OTHER);
	expect("its priorities are 0 to 0",
	       sched_get_priority_min(SCHED_OTHER) == 0 && sched_get_priority_max(SCHED_OTHER) == 0, 1);
	expect("system scope", pthread_attr_setscope(&attr, PTHREAD_SCOPE_SYSTEM), 0);
	pthread_attr_getscope(&attr, &scope);
	expect("is the scope held", scope, PTHREAD_SCOPE_SYSTEM);
	expect("a stack too small for setstack", pthread_attr_setstack(&attr, own_stack, 100), EINVAL);
	expect("a stack of the caller's", pthread_attr_setstack(&attr, own_stack, sizeof(own_stack)), 0);
	void *addr = NULL;
	size_t size = 0;
	pthread_attr_getstack(&attr, &addr, &size);
	expect("is given back", addr == own_stack && size == sizeof(own_stack), 1);
	pthread_t t;
	void *v = NULL;
	expect("a thread made with it", pthread_create(&t, &attr, where_am_i, NULL), 0);
	pthread_join(t, &v);
	expect("runs on that stack", (intptr_t)v, 1);
	struct sched_param sp = {0};
	policy = -1;
	expect("a thread's scheduling", pthread_getschedparam(pthread_self(), &policy, &sp), 0);
	expect("is SCHED_OTHER at 0", policy == SCHED_OTHER && sp.sched_priority == 0, 1);
	expect("and set so", pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp), 0);
	pthread_attr_destroy(&attr);
}

/* Cancellation: of a thread waiting on a condition (which holds the
 * mutex again when its cleanup handler runs), sleeping, spinning with
 * asynchronous cancellation, and one that held cancellation off. */
static pthread_mutex_t cancel_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cancel_c = PTHREAD_COND_INITIALIZER;
static volatile int cleanup_ran, cleanup_held_mutex, ready, cleanup_order;

static void unlock_in_cleanup(void *m)
{
	cleanup_held_mutex = pthread_mutex_trylock(m) == EBUSY; /* held: by us */
	pthread_mutex_unlock(m);
	cleanup_ran++;
}

static void *waits_on_condition(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cancel_m);
	pthread_cleanup_push(unlock_in_cleanup, &cancel_m);
	ready = 1;
	for (;;)
		pthread_cond_wait(&cancel_c, &cancel_m);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *sleeps(void *arg)
{
	(void)arg;
	ready = 1;
	sleep(100);
	return NULL;
}

static void *spins(void *arg)
{
	(void)arg;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	ready = 1;
	for (volatile unsigned long i = 0;; i++)
		;
	return NULL;
}

static volatile int let_go;
static void *holds_it_off(void *arg)
{
	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	ready = 1;
	while (!let_go)
		usleep(1000); /* a cancellation point, but cancellation is off */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	pthread_testcancel();
	return (void *)1;
}

static void first(void *arg)
{
	(void)arg;
	cleanup_order = cleanup_order * 10 + 1;
}

static void second(void *arg)
{
	(void)arg;
	cleanup_order = cleanup_order * 10 + 2;
}

static void *exits_with_handlers(void *arg)
{
	(void)arg;
	pthread_cleanup_push(first, NULL);
	pthread_cleanup_push(second, NULL);
	pthread_cleanup_push(second, NULL);
	pthread_cleanup_pop(0); /* not run */
	pthread_exit(NULL);
	pthread_cleanup_pop(0);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cancelled(void *(*body)(void *))
{
	pthread_t t;
	void *v = NULL;
	ready = 0;
	pthread_create(&t, NULL, body, NULL);
	while (!ready)
		sched_yield();
	usleep(2000); /* into its wait */
	if (pthread_cancel(t) != 0)
		return NULL;
	if (body == holds_it_off) {
		usleep(5000);
		let_go = 1;
	}
	pthread_join(t, &v);
	return v;
}

static void cancellation(void)
{
	expect("a thread waiting on a condition is cancelled", cancelled(waits_on_condition) == PTHREAD_CANCELED, 1);
	expect("its cleanup handler ran", cleanup_ran, 1);
	expect("holding the mutex again", cleanup_held_mutex, 1);
	expect("which it let go", pthread_mutex_trylock(&cancel_m), 0);
	pthread_mutex_unlock(&cancel_m);
	expect("a sleeping thread is cancelled", cancelled(sleeps) == PTHREAD_CANCELED, 1);
	expect("a spinning thread, asynchronously", cancelled(spins) == PTHREAD_CANCELED, 1);
	expect("a thread that held it off, once it lets it in", cancelled(holds_it_off) == PTHREAD_CANCELED, 1);
	pthread_t t;
	pthread_create(&t, NULL, exits_with_handlers, NULL);
	pthread_join(t, NULL);
	expect("pthread_exit runs the handlers pushed, innermost first", cleanup_order, 21);
	int type = -1;
	expect("a bad type", pthread_setcanceltype(7, &type), EINVAL);
}

/* errno is each thread's own; malloc and printf hold together when many
 * threads use them at once (picolibc's locks). */
static void *own_errno_and_heap(void *arg)
{
	errno = (int)(intptr_t)arg;
	long bad = 0;
	for (int round = 0; round < 200; round++) {
		size_t n = 16 + (size_t)(round * 37 % 600);
		unsigned char *p = malloc(n);
		if (!p) {
			bad++;
			continue;
		}
		memset(p, (int)(intptr_t)arg, n);
		if (round % 50 == 0)
			sched_yield();
		for (size_t i = 0; i < n; i++)
			bad += p[i] != (unsigned char)(intptr_t)arg;
		free(p);
	}
	return (void *)(intptr_t)(bad == 0 && errno == (int)(intptr_t)arg);
}

static void per_thread_state(void)
{
	errno = 0;
	pthread_t t[THREADS];
	for (intptr_t i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, own_errno_and_heap, (void *)(i + 100));
	long ok = 0;
	for (int i = 0; i < THREADS; i++) {
		void *v;
		pthread_join(t[i], &v);
		ok += (intptr_t)v;
	}
	expect("each thread's errno and heap blocks are its own", ok, THREADS);
	expect("this thread's errno untouched", errno, 0);
}

int main(void)
{
	check_prog = "pthreadtest";
	create_and_join();
	detached();
	mutex_counts();
	mutex_kinds();
	conditions();
	once_and_keys();
	rwlocks();
	barriers_and_spins();
	semaphores();
	named_semaphores();
	thread_placement();
	cancellation();
	per_thread_state();
	int oldstate = -1;
	expect("cancellation can be disabled", pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &oldstate), 0);
	expect("it was enabled", oldstate, PTHREAD_CANCEL_ENABLE);
	expect("and enabled again", pthread_setcancelstate(oldstate, NULL), 0);
	expect("a bad state", pthread_setcancelstate(7, NULL), EINVAL);
	return check_summary();
}
