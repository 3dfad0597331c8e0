/*
 * notification.c - notifications: a counter a thread can wait on.
 *
 * signal adds one and wakes one waiter; wait takes one, blocking while
 * there is none (or, polling, returns -EAGAIN). Signals are counted, not
 * merged, so none is lost between a poll and a wait.
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
	struct notification *n = container_of(obj, struct notification, kobj);
	n->count++;
	waitq_wake_one(&n->waiters);
}

int notification_wait(struct kobject *obj, bool block)
{
	struct notification *n = container_of(obj, struct notification, kobj);
	while (n->count == 0) {
		if (!block)
			return -BOWER_EAGAIN;
		kobj_get(obj); /* the object outlives this wait even if its cap goes */
		int err = waitq_sleep(&n->waiters);
		kobj_put(obj);
		if (err)
			return err;
	}
	n->count--;
	return 0;
}
