/*
 * pthread_cancelstate.c - cancellation's state and type, kept as set.
 * Bower's threads are never cancelled (there is no pthread_cancel: a
 * program that cancels does not link), so these only remember what code
 * that guards a section against cancellation asks, and a cancellation
 * point is none.
 */
#include <errno.h>
#include <pthread.h>
#include "thread.h"

int pthread_setcancelstate(int state, int *oldstate)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	struct libos_thread *t = pthread_self();
	if (oldstate)
		*oldstate = t->cancel_state;
	t->cancel_state = state;
	return 0;
}

int pthread_setcanceltype(int type, int *oldtype)
{
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	struct libos_thread *t = pthread_self();
	if (oldtype)
		*oldtype = t->cancel_type;
	t->cancel_type = type;
	return 0;
}

void pthread_testcancel(void)
{
}
