/*
 * futex.c - wait on a word of user memory while it holds a value, and
 * wake its waiters: the one kernel primitive under the C library's
 * threads (mutexes, condition variables, semaphores, joins), so that a
 * lock nobody contends never enters the kernel.
 *
 * A waiter is keyed by its address space and the word's address, so a
 * word is private to its process (no waiting across processes on shared
 * memory). It waits on a short list of its bucket, in a record on its own
 * kernel stack (nothing is allocated), with its thread blocked as
 * sched_block or, with a deadline, as sched_sleep_until leaves it: a wake
 * takes it off whichever list holds it, and a kill or the deadline ends
 * the wait as any other. The check of the value and the wait are one step:
 * nothing runs between the read of the word (which may fault and wait for
 * a pager first) and the record going on its list.
 */
#include <futex.h>
#include <process.h>
#include <sched.h>
#include <syscall.h>
#include <vmspace.h>

#define BUCKETS 64

struct futex_waiter {
	struct list_node node;
	struct vmspace *vs;
	uintptr_t addr;
	struct thread *t;
	bool woken;
};

static struct list_node buckets[BUCKETS];

static struct list_node *bucket_of(struct vmspace *vs, uintptr_t addr)
{
	struct list_node *b = &buckets[((uintptr_t)vs / 64 ^ addr / 4) % BUCKETS];
	if (!b->next) /* the first use of a bucket: an empty list */
		list_init(b);
	return b;
}

long futex_wait(uintptr_t addr, uint32_t expected, uint64_t deadline)
{
	if (addr % 4)
		return -BOWER_EINVAL;
	uint32_t now;
	if (copy_from_user(&now, (const void *)addr, sizeof(now)))
		return -BOWER_EFAULT;
	if (now != expected)
		return -BOWER_EAGAIN;
	struct vmspace *vs = current_process()->vs;
	struct futex_waiter w = {.vs = vs, .addr = addr, .t = current};
	list_add_tail(bucket_of(vs, addr), &w.node);
	int err = deadline ? sched_sleep_until(deadline) : sched_block();
	list_remove(&w.node);
	if (w.woken)
		return 0;
	return err ? -BOWER_EINTR : -BOWER_ETIMEDOUT;
}

long futex_wake(uintptr_t addr, unsigned long count)
{
	if (addr % 4)
		return -BOWER_EINVAL;
	struct vmspace *vs = current_process()->vs;
	struct list_node *b = bucket_of(vs, addr);
	long woken = 0;
	struct futex_waiter *w, *tmp;
	list_for_each_entry_safe (w, tmp, b, node) {
		if ((unsigned long)woken == count)
			break;
		if (w->vs != vs || w->addr != addr)
			continue;
		list_remove(&w->node);
		w->woken = true;
		/* A waiter its deadline or a kill has made runnable already is
		 * on the run queue by the same node: leave it there. */
		if (w->t->state == THREAD_BLOCKED) {
			list_remove(&w->t->run_node); /* off the sleepers, if it set a deadline */
			sched_make_runnable(w->t);
		}
		woken++;
	}
	return woken;
}
