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
 * A system call that ends with its wait (pager_map_wait) waits parked
 * (notification_wait_park, sched_park): then a signal that takes the
 * waiter ends its wait for it, and the signaller can hand it the CPU
 * straight into user mode (a fault to its waiting pager thread).
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
	if (t && t->parked && t->resume == wait_resume) {
		/* Its wait ends here, taking this signal: nothing is left to
		 * run for it (a thread on the wait queue is not killed). The
		 * signaller holds obj, so this is not its last reference. */
		if (t->notify_wait.how == BOWER_WAIT_OR_IDLE)
			sched_wait_or_idle_end(t);
		n->count--;
		thread_user_frame(t)->x[t->notify_wait.reg] = 0;
		kobj_put(obj);
		t->resume = NULL;
	}
	return t;
}

void notification_wait_park(struct kobject *obj, int how, struct thread *next, unsigned reg)
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
	syscall_result(reg, (uint64_t)(long)notification_wait_handing(obj, how, next));
	kobj_put(obj);
}

/* A parked wait goes on: woken by a signal the slow way (notification_signal),
 * as a free CPU's work, or killed. As notification_wait_handing's loop. */
static void wait_resume(void)
{
	struct kobject *obj = current->notify_wait.obj;
	int how = current->notify_wait.how;
	unsigned reg = current->notify_wait.reg;
	struct notification *n = container_of(obj, struct notification, kobj);
	bool idle = how == BOWER_WAIT_OR_IDLE && sched_wait_or_idle_end(current);
	long err = 0;
	if (current->killed)
		err = -BOWER_EINTR;
	else if (n->count == 0 && idle)
		err = -BOWER_EAGAIN;
	else if (n->count == 0)
		notification_wait_park(obj, how, NULL, reg); /* waits again: no return */
	else
		n->count--;
	syscall_result(reg, (uint64_t)err);
	kobj_put(obj);
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
		bool idle = how == BOWER_WAIT_OR_IDLE && sched_wait_or_idle_end(current);
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
