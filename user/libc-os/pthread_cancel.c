/*
 * pthread_cancel.c - cancellation: pthread_cancel, its state and type,
 * pthread_testcancel, the cleanup handlers, and the cancellation points.
 *
 * A request is a flag in the thread's record and a signal to the thread,
 * LIBOS_SIGCANCEL (the first realtime signal, which the C library keeps
 * for itself: SIGRTMIN is the one after it, and no mask a program sets
 * blocks it). The signal ends the wait the thread may be in (a futex or
 * a sleep, which a signal ends), and its handler acts on the request if
 * cancellation is enabled and either asynchronous or the thread is in a
 * cancellation point: from the moment the point has looked at the flag
 * until its wait is over. A request made before that look is seen by the
 * look itself, so none is lost between the two. Acting is pthread_exit
 * with PTHREAD_CANCELED: the cleanup handlers run, innermost first (a
 * condition wait's own first, which takes its mutex back), then the keys'
 * destructors.
 *
 * The cancellation points are the waits of this library: pthread_join,
 * the condition waits, sem_wait and sem_timedwait, the sleeps, pause,
 * sigsuspend, the sigwait family, and pthread_testcancel. The calls to
 * the file server are not (their wait is an IPC call, which a signal does
 * not end). A process's first thread has no capability of its own, so a
 * request to it is seen at its next cancellation point, not in a wait.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <bower/syscall_nr.h>
#include "thread.h"

/* Whether t acts on its request now, where it is. */
static int acts(const struct libos_thread *t, int in_point)
{
	return t->cancel_pending && t->cancel_state == PTHREAD_CANCEL_ENABLE &&
	       (in_point || t->cancel_type == PTHREAD_CANCEL_ASYNCHRONOUS);
}

static void act(struct libos_thread *t)
{
	t->cancel_state = PTHREAD_CANCEL_DISABLE; /* once: a cleanup handler may wait */
	t->in_cancel_point = 0;
	pthread_exit(PTHREAD_CANCELED);
}

/* The running thread's *kept (its state or its type) becomes value, one
 * of a and b; what it was in *old. A request made before is acted on now
 * if the change makes it asynchronous and enabled. */
static int keep(int *kept, int value, int a, int b, int *old)
{
	if (value != a && value != b)
		return EINVAL;
	if (old)
		*old = *kept;
	*kept = value;
	struct libos_thread *t = pthread_self();
	if (acts(t, 0))
		act(t);
	return 0;
}

static void on_cancel_signal(int sig)
{
	(void)sig;
	struct libos_thread *t = pthread_self();
	if (acts(t, t->in_cancel_point))
		act(t);
}

/* Installed when the first thread is made (pthread_create), or at the
 * first pthread_cancel: a process that never makes a thread keeps no
 * signal state for it. */
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static void install_handler(void)
{
	extern void __bower_sigreturn(void);
	/* No SA_RESTART: the wait the signal interrupts ends. */
	struct bower_sigaction k = {.handler = (unsigned long)on_cancel_signal,
				    .restorer = (unsigned long)__bower_sigreturn};
	bower_sig_action(LIBOS_SIGCANCEL, &k, NULL);
}

void libos_cancel_ready(void)
{
	pthread_once(&handler_once, install_handler);
}

int pthread_cancel(pthread_t t)
{
	if (!t || (t != &libos_first_thread && t->slot < 0))
		return ESRCH;
	libos_cancel_ready();
	__atomic_store_n(&t->cancel_pending, 1, __ATOMIC_SEQ_CST);
	if (t == pthread_self()) {
		if (acts(t, 0))
			act(t);
		return 0;
	}
	if (t != &libos_first_thread)
		bower_sig_raise((int)t->slot, LIBOS_SIGCANCEL);
	return 0;
}

int pthread_setcancelstate(int state, int *oldstate)
{
	return keep(&pthread_self()->cancel_state, state, PTHREAD_CANCEL_ENABLE,
		    PTHREAD_CANCEL_DISABLE, oldstate);
}

int pthread_setcanceltype(int type, int *oldtype)
{
	return keep(&pthread_self()->cancel_type, type, PTHREAD_CANCEL_DEFERRED,
		    PTHREAD_CANCEL_ASYNCHRONOUS, oldtype);
}

void pthread_testcancel(void)
{
	struct libos_thread *t = pthread_self();
	if (acts(t, 1))
		act(t);
}

void libos_cancel_point_begin(void)
{
	struct libos_thread *t = pthread_self();
	__atomic_store_n(&t->in_cancel_point, 1, __ATOMIC_SEQ_CST);
	if (acts(t, 1)) /* a request made before the flag was up */
		act(t);
}

void libos_cancel_point_end(void)
{
	__atomic_store_n(&pthread_self()->in_cancel_point, 0, __ATOMIC_SEQ_CST);
}

void __pthread_cleanup_push(struct __pthread_cleanup *c, void (*routine)(void *), void *arg)
{
	struct libos_thread *t = pthread_self();
	*c = (struct __pthread_cleanup){routine, arg, t->cleanup};
	t->cleanup = c;
}

void __pthread_cleanup_pop(struct __pthread_cleanup *c, int execute)
{
	pthread_self()->cleanup = c->prev;
	if (execute)
		c->routine(c->arg);
}

void libos_run_cleanup(struct libos_thread *t)
{
	while (t->cleanup) {
		struct __pthread_cleanup *c = t->cleanup;
		t->cleanup = c->prev;
		c->routine(c->arg);
	}
}
