/*
 * notification.c - notifications: a counter a thread can wait on.
 *
 * signal adds one and wakes one waiter; wait takes one, blocking while
 * there is none (or, polling, returns -EAGAIN). Signals are counted, not
 * merged, so none is lost between a poll and a wait. A third way to wait,
 * for a thread with work that can wait (a pager's learning): block, but
 * return -EAGAIN as soon as the CPU has nothing else to run
 * (sched_wait_or_idle_begin), so that work is done in time nobody wanted.
 *
 * A wait ends its system call (notify_wait, pager_map_wait), so it waits
 * parked (sched_park): a signal that takes the waiter ends its wait for
 * it, and the signaller can hand it the CPU straight into user mode (a
 * fault to its waiting pager thread). Only a wait run as a free CPU's
 * work, or a killed one, resumes (wait_resume).
 */
#include <notification.h>
#include <sched.h>
#include <syscall.h>
#include <slab.h>
#include <printk.h>

struct notification {
	struct kobject kobj;
	unsigned long count;
	struct waitq waiters;
};

static void notification_destroy(struct kobject *obj)
{
	kfree(container_of(obj, struct notification, kobj));
}

static const struct kobj_ops notification_ops = {
    .destroy = notification_destroy,
};

struct kobject *notification_create(void)
{
	struct notification *n = kzalloc(sizeof(*n));
	if (!n)
		return NULL;
	kobj_init(&n->kobj, KOBJ_NOTIFICATION, &notification_ops);
	waitq_init(&n->waiters);
	return &n->kobj;
}

void notification_signal(struct kobject *obj)
{
	struct thread *t = notification_signal_take(obj);
	if (t)
		sched_make_runnable(t);
}

static void wait_resume(void);

struct thread *notification_signal_take(struct kobject *obj)
{
	struct notification *n = container_of(obj, struct notification, kobj);
	n->count++;
	struct thread *t = waitq_take_one(&n->waiters);
	if (t) {
		/* Its wait (parked, as every wait here) ends now, taking this
		 * signal: only the way back to user mode is left. A thread on
		 * the wait queue is not killed, and the signaller holds obj,
		 * so this is not its last reference. */
		if (t->notify_wait.how == BOWER_WAIT_OR_IDLE)
			sched_wait_or_idle_end(t);
		n->count--;
		thread_user_frame(t)->x[t->notify_wait.reg] = 0;
		kobj_put(obj);
		t->resume = NULL;
	}
	return t;
}

long notification_wait(struct kobject *obj, int how, struct thread *next, unsigned reg)
{
	struct notification *n = container_of(obj, struct notification, kobj);
	if (n->count == 0 && how != BOWER_WAIT_POLL) {
		current->notify_wait.obj = obj;
		current->notify_wait.how = how;
		current->notify_wait.reg = reg;
		if (how == BOWER_WAIT_OR_IDLE)
			sched_wait_or_idle_begin();
		waitq_park(&n->waiters, wait_resume, next);
	}
	if (next)
		sched_make_runnable(next); /* no wait: it runs when its turn comes */
	long err = n->count ? 0 : -BOWER_EAGAIN; /* a poll with none pending */
	if (!err)
		n->count--;
	kobj_put(obj);
	return err;
}

/* A parked wait goes on: woken as a free CPU's work, or killed (a signal
 * ends it itself, notification_signal_take). */
static void wait_resume(void)
{
	struct kobject *obj = current->notify_wait.obj;
	struct notification *n = container_of(obj, struct notification, kobj);
	unsigned reg = current->notify_wait.reg;
	if (current->notify_wait.how == BOWER_WAIT_OR_IDLE)
		sched_wait_or_idle_end(current);
	long err = 0;
	if (current->killed)
		err = -BOWER_EINTR;
	else if (n->count == 0) /* run as a free CPU's work */
		err = -BOWER_EAGAIN;
	else
		n->count--;
	syscall_result(reg, (uint64_t)err);
	kobj_put(obj);
}
