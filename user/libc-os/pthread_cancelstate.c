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

/* *kept becomes value, one of a and b; what it was in *old. */
static int keep(int *kept, int value, int a, int b, int *old)
{
	if (value != a && value != b)
		return EINVAL;
	if (old)
		*old = *kept;
	*kept = value;
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
}
