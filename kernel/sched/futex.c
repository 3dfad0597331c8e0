/*
 * futex.c - wait on a word of user memory while it holds a value, and
 * wake its waiters: the one kernel primitive under the C library's
 * threads (mutexes, condition variables, semaphores, joins), so that a
 * lock nobody contends never enters the kernel.
 *
 * A waiter is keyed by where the word is: in a mapping of an object that
 * other mappings may share (a file's shared mapping, shm_open's objects,
 * anonymous memory), by the object and the word's offset in it, so the
 * processes sharing it wait and wake on one word (POSIX's
 * PTHREAD_PROCESS_SHARED, named semaphores); in a private mapping of a
 * file, whose writes go to the process's own copies, by its address space
 * and address. It waits on a short list of its bucket, in a record on its own
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

/* A word's name: an object (a memory object, or an address space) and
 * where the word is in it. Two objects are two allocations: never equal. */
struct futex_key {
	const void *space;
	uintptr_t at;
};

struct futex_waiter {
	struct list_node node;
	struct futex_key key;
	struct thread *t;
	bool woken;
};

static struct list_node buckets[BUCKETS];

static struct futex_key key_of(struct vmspace *vs, uintptr_t addr)
{
	struct vmregion *r = vmspace_find_region(vs, addr);
	if (!r || r->copies)
		return (struct futex_key){vs, addr};
	return (struct futex_key){r->pmo, r->pmo_first_page * PAGE_SIZE + (addr - r->start)};
}

static bool same_key(struct futex_key a, struct futex_key b)
{
	return a.space == b.space && a.at == b.at;
}

static struct list_node *bucket_of(struct futex_key k)
{
	struct list_node *b = &buckets[((uintptr_t)k.space / 64 ^ k.at / 4) % BUCKETS];
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
	/* After the read, which may have waited for a pager: what is mapped
	 * there now names the word. */
	struct futex_waiter w = {.key = key_of(current_process()->vs, addr), .t = current};
	list_add_tail(bucket_of(w.key), &w.node);
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
	struct futex_key key = key_of(current_process()->vs, addr);
	struct list_node *b = bucket_of(key);
	long woken = 0;
	struct futex_waiter *w, *tmp;
	list_for_each_entry_safe (w, tmp, b, node) {
		if ((unsigned long)woken == count)
			break;
		if (!same_key(w->key, key))
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
