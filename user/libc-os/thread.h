/* thread.h - what the threads library's files share: a thread's record,
 * the thread running, the rule on process-shared objects. */
#ifndef LIBOS_THREAD_H
#define LIBOS_THREAD_H

#include <pthread.h>

struct libos_thread {
	void *(*start)(void *);
	void *arg, *value;
	volatile uint32_t done; /* 1 once it has ended: its joiner waits on this word */
	int detached;
	long slot; /* the kernel thread's capability (none for the first thread) */
	void *stack, *tls;
	const void *specific[PTHREAD_KEYS_MAX];
	struct libos_thread *next_finished;
	int cancel_state, cancel_type; /* as set; no thread is ever cancelled */
};

/* 0 for PTHREAD_PROCESS_PRIVATE; ENOTSUP for PTHREAD_PROCESS_SHARED (a
 * futex word is private to its process); EINVAL for anything else. */
int libos_private_only(int pshared);

/* The first thread's record, and each thread's own (NULL in the first). */
extern struct libos_thread libos_first_thread;
extern __thread struct libos_thread *libos_self;

#endif
