/*
 * poll.c - wait until one of several things is ready: the C library's
 * poll and select.
 *
 * What can be waited for here is a pipe end (pipe_poll) and the console's
 * input; the C library answers for the rest itself (a file of the file
 * server is always ready). A poller looks at each item; if none is ready
 * and it may wait, it waits in a record on its own kernel stack on one
 * list of every poller, blocked as sched_block or, with a deadline, as
 * sched_sleep_until leaves it (futex.c waits the same way). Every change
 * that can make something ready wakes every poller (poll_wake), and each
 * looks again: one list rather than a wait queue per item, as few
 * programs poll at once and a wake-up finds them all. The looks and the
 * wait are one step under the kernel lock, so no change falls between.
 */
#include <poll.h>
#include <console.h>
#include <pipe.h>
#include <process.h>
#include <sched.h>

struct poller {
	struct list_node node;
	struct thread *t;
	bool woken;
};

static struct list_node pollers = {&pollers, &pollers};

void poll_wake(void)
{
	struct poller *w;
	list_for_each_entry (w, &pollers, node) {
		if (w->woken)
			continue;
		w->woken = true;
		/* One its deadline or a kill has made runnable already is on
		 * the run queue by the same node: leave it there. */
		if (w->t->state == THREAD_BLOCKED) {
			list_remove(&w->t->run_node); /* off the sleepers, if it set a deadline */
			sched_make_runnable(w->t);
		}
	}
}

/* What item is ready for now, of what it asks (and what is always told). */
static unsigned look(const struct bower_poll_item *item)
{
	unsigned always = BOWER_POLL_ERR | BOWER_POLL_HUP | BOWER_POLL_NVAL;
	unsigned ready;
	if (item->slot == BOWER_POLL_CONSOLE) {
		ready = BOWER_POLL_OUT | (console_input_ready() ? BOWER_POLL_IN : 0);
	} else {
		struct cap_table *t = &current_process()->caps;
		struct kobject *pipe;
		if (cap_lookup(t, item->slot, KOBJ_PIPE, 0, &pipe) != 0)
			return BOWER_POLL_NVAL;
		ready = pipe_poll(pipe, cap_rights(t, item->slot));
	}
	return ready & (item->events | always);
}

long poll_wait(struct bower_poll_item *items, unsigned long n, uint64_t deadline)
{
	for (;;) {
		long count = 0;
		for (unsigned long i = 0; i < n; i++) {
			items[i].revents = (unsigned short)look(&items[i]);
			count += items[i].revents != 0;
		}
		if (count || deadline == BOWER_POLL_NOW)
			return count;
		struct poller w = {.t = current};
		list_add_tail(&pollers, &w.node);
		int err = deadline == BOWER_POLL_FOREVER ? sched_block() : sched_sleep_until(deadline);
		list_remove(&w.node);
		if (err)
			return -BOWER_EINTR;
		if (!w.woken)
			deadline = BOWER_POLL_NOW; /* the deadline came: one last look */
	}
}
