/*
 * notification.c - notifications: a counter a thread can wait on.
 *
 * signal adds one and wakes one waiter; wait takes one, blocking while
 * there is none (or, polling, returns -EAGAIN). Signals are counted, not
 * merged, so none is lost between a poll and a wait. A third way to wait,
 * for a thread with work that can wait (a pager's learning): block, but
 * return -EAGAIN as soon as the CPU has nothing else to run
 * (sched_wait_or_idle_begin), so that work is done in time nobody wanted.
 */
#include <notification.h>
#include <sched.h>
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

struct thread *notification_signal_take(struct kobject *obj)
{
	struct notification *n = container_of(obj, struct notification, kobj);
	n->count++;
	return waitq_take_one(&n->waiters);
}

int notification_wait(struct kobject *obj, int how)
{
	return notification_wait_handing(obj, how, NULL);
}

int notification_wait_handing(struct kobject *obj, int how, struct thread *next)
{
	struct notification *n = container_of(obj, struct notification, kobj);
	while (n->count == 0 && how != BOWER_WAIT_POLL) {
		kobj_get(obj); /* the object outlives this wait even if its cap goes */
		if (how == BOWER_WAIT_OR_IDLE)
			sched_wait_or_idle_begin();
		int err = next ? waitq_sleep_switch(&n->waiters, next) : waitq_sleep(&n->waiters);
		next = NULL; /* it ran, or was made runnable */
		bool idle = how == BOWER_WAIT_OR_IDLE && sched_wait_or_idle_end();
		kobj_put(obj);
		if (err)
			return err;
		if (idle && n->count == 0)
			return -BOWER_EAGAIN;
	}
	if (next)
		sched_make_runnable(next); /* no wait: it runs when its turn comes */
	if (n->count == 0)
		return -BOWER_EAGAIN; /* a poll with none pending */
	n->count--;
	return 0;
}
