/* thread.h - what the threads library's files share: a thread's record,
 * the thread running, the rule on process-shared objects. */
#ifndef LIBOS_THREAD_H
#define LIBOS_THREAD_H

#include <pthread.h>
#include <bower/abi.h>

struct libos_thread {
	void *(*start)(void *);
	void *arg, *value;
	volatile uint32_t done; /* 1 once it has ended: its joiner waits on this word */
	int detached;
	long slot; /* the kernel thread's capability (none for the first thread) */
	void *stack, *tls;
	const void *specific[PTHREAD_KEYS_MAX];
	struct libos_thread *next_finished;
	int cancel_state, cancel_type;
	volatile int cancel_pending;  /* pthread_cancel asked (pthread_cancel.c) */
	volatile int in_cancel_point; /* looked at that, and not yet out of its wait */
	struct __pthread_cleanup *cleanup; /* pthread_cleanup_push's, innermost first */
	int pin; /* the CPU it is pinned to, plus 1; 0: any (affinity.c) */
};

/* The signal that carries a cancellation request: the C library's own. */
#define LIBOS_SIGCANCEL BOWER_SIGRTMIN

/* A cancellation point's wait goes between these: begin acts on a request
 * already made; one made during the wait is acted on by its signal. */
void libos_cancel_point_begin(void);
void libos_cancel_point_end(void);
/* Make cancellation's signal handler ready (pthread_create, first). */
void libos_cancel_ready(void);
/* pthread_exit: run t's cleanup handlers, innermost first. */
void libos_run_cleanup(struct libos_thread *t);

/* 0 for PTHREAD_PROCESS_PRIVATE and PTHREAD_PROCESS_SHARED (a futex word
 * in memory processes share is one word to them all); EINVAL for anything
 * else. */
int libos_pshared_valid(int pshared);
/* A recursive or error-checking mutex is held by this thread of this
 * process (pthread_mutex.c). */
int libos_mutex_ours(const pthread_mutex_t *m);

/* The first thread's record, and each thread's own (NULL in the first). */
extern struct libos_thread libos_first_thread;
extern __thread struct libos_thread *libos_self;

#endif
