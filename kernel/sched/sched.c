/*
 * sched.c - round-robin scheduling of threads on one CPU.
 *
 * The run queue is a FIFO of runnable threads; the running thread is not on
 * it. A tick every TICK_HZ asks the running user thread to yield when its
 * slice is over; it does so on its way back to user mode (sched_preempt_point),
 * so the kernel itself is never preempted. When nothing is runnable the idle
 * thread waits for an interrupt with interrupts unmasked.
 *
 * A dead thread cannot free the stack it is running on, so switching away
 * from a THREAD_DEAD thread leaves it in `reap_me`, and whoever runs next
 * frees it (sched_finish_switch).
 */
#include <sched.h>
#include <process.h>
#include <ipc.h>
#include <pager.h>
#include <pmm.h>
#include <slab.h>
#include <mmio.h>
#include <arch/pagetable.h>
#include <printk.h>
#include <string.h>
#include <bower/abi.h>

#define SLICE_TICKS 2

struct thread *current;
static struct list_node run_queue;
static struct list_node idle_waiters; /* struct thread.idle_node, longest waiting first */
static struct thread idle_thread;
static struct thread *reap_me;
static unsigned slice_left = SLICE_TICKS;
bool sched_need_resched;
static int next_tid = 1;

void sched_init(void)
{
	list_init(&run_queue);
	list_init(&idle_waiters);
	idle_thread.tid = 0;
	idle_thread.state = THREAD_RUNNING;
	current = &idle_thread;
}

static void thread_kobj_destroy(struct kobject *obj)
{
	kfree(container_of(obj, struct thread, kobj));
}

static const struct kobj_ops thread_ops = {.destroy = thread_kobj_destroy};

/* The thread has ended: its stack goes now, its struct when the last
 * capability to it does. */
static void free_thread(struct thread *t)
{
	page_free(KPA(t->kstack), KSTACK_ORDER);
	t->finished = true;
	waitq_wake_all(&t->ended);
	kobj_put(&t->kobj);
}

int thread_join(struct thread *t)
{
	if (t == current)
		return -BOWER_EINVAL;
	int err = 0;
	kobj_get(&t->kobj);
	while (!t->finished && !err)
		err = waitq_sleep(&t->ended);
	kobj_put(&t->kobj);
	return err;
}

/* A direct switch (sched_block_switch) hands the rest of the time slice to
 * the thread it runs: set while that switch is made. */
static bool slice_donated;

/* Runs in the new thread right after a switch. */
static void sched_finish_switch(void)
{
	if (reap_me) {
		free_thread(reap_me);
		reap_me = NULL;
	}
	if (slice_donated) {
		slice_donated = false;
		return;
	}
	slice_left = SLICE_TICKS;
	sched_need_resched = false;
}

static void thread_first_run(void)
{
	sched_finish_switch();
	sched_preempt_point(); /* a thread killed before it ever ran ends here */
	__asm__ volatile("mov sp, %0\n b trap_return_to_user" ::"r"((uint64_t)current->kstack +
								    KSTACK_SIZE - FRAME_SIZE));
	__builtin_unreachable();
}

struct thread *thread_create_user(struct process *p, uint64_t entry, uint64_t arg,
				  uint64_t stack_top)
{
	struct thread *t = kzalloc(sizeof(*t));
	if (!t)
		return NULL;
	paddr_t stack = page_alloc(KSTACK_ORDER);
	if (!stack) {
		kfree(t);
		return NULL;
	}
	t->kstack = KVA(stack);
	t->tid = next_tid++;
	kobj_init(&t->kobj, KOBJ_THREAD, &thread_ops);
	waitq_init(&t->ended);
	list_init(&t->run_node);
	list_init(&t->idle_node);
	t->proc = p;
	struct trap_frame *f = thread_user_frame(t);
	memset(f, 0, sizeof(*f));
	f->elr = entry;
	f->sp_el0 = stack_top;
	f->x[0] = arg;
	f->spsr = 0; /* EL0t, interrupts unmasked */
	t->ctx.sp = (uint64_t)f;
	t->ctx.x19_x30[11] = (uint64_t)thread_first_run; /* x30: where the switch "returns" */
	t->state = THREAD_BLOCKED; /* not on the run queue until this: */
	sched_make_runnable(t);
	return t;
}

struct trap_frame *thread_user_frame(struct thread *t)
{
	return (struct trap_frame *)((char *)t->kstack + KSTACK_SIZE - FRAME_SIZE);
}

void sched_make_runnable(struct thread *t)
{
	/* A killed thread is made runnable early; a late wake from whoever it
	 * was waiting for must not queue it twice. */
	if (t->state == THREAD_RUNNABLE)
		return;
	assert(t->state != THREAD_DEAD);
	t->state = THREAD_RUNNABLE;
	list_add_tail(&run_queue, &t->run_node);
	if (current->background)
		sched_need_resched = true; /* it only had the CPU while none wanted it */
}

void sched_wait_or_idle_begin(void)
{
	current->background = false;
	current->woken_idle = false;
	list_add_tail(&idle_waiters, &current->idle_node);
}

bool sched_wait_or_idle_end(void)
{
	list_remove(&current->idle_node);
	bool idle = current->woken_idle;
	current->woken_idle = false;
	return idle;
}

/* Nothing is runnable: the longest waiting thread that may run when the CPU
 * is free, taken off whatever it waits on (it finds out in _end), or NULL. */
static struct thread *idle_waiter(void)
{
	while (!list_empty(&idle_waiters)) {
		struct thread *t =
		    container_of(list_pop_head(&idle_waiters), struct thread, idle_node);
		if (t->state != THREAD_BLOCKED)
			continue; /* woken meanwhile: it is on its way already */
		list_remove(&t->run_node);
		t->woken_idle = true;
		t->background = true;
		return t;
	}
	return NULL;
}

/* Run next (not the current thread, on no queue) in place of the current
 * one, which is already wherever it belongs (run queue, wait queue, dead). */
static void switch_to(struct thread *next)
{
	struct thread *prev = current;
	if (prev->state == THREAD_DEAD)
		reap_me = prev;
	next->state = THREAD_RUNNING;
	current = next;
	if (next->proc)
		process_activate(next->proc);
	arch_fp_switch(&next->ctx);
	arch_context_switch(&prev->ctx, &next->ctx);
	sched_finish_switch();
}

/* Switch to the next runnable thread, or idle. */
static void schedule(void)
{
	struct thread *next;
	if (list_empty(&run_queue)) {
		next = idle_waiter();
		if (!next)
			next = &idle_thread;
	} else {
		next = container_of(list_pop_head(&run_queue), struct thread, run_node);
	}
	if (next == current) {
		current->state = THREAD_RUNNING;
		return;
	}
	switch_to(next);
}

void sched_yield(void)
{
	if (current->background) {
		/* Back to waiting for a free CPU, not to the end of the queue. */
		current->state = THREAD_BLOCKED;
		list_add_tail(&idle_waiters, &current->idle_node);
	} else if (current != &idle_thread) {
		sched_make_runnable(current);
	}
	schedule();
}

void sched_tick(void)
{
	sched_wake_sleepers(arch_counter());
	if (slice_left > 0)
		slice_left--;
	if (slice_left == 0)
		sched_need_resched = true;
}

void sched_preempt_now(void)
{
	if (sched_need_resched && !list_empty(&run_queue))
		sched_yield();
	else if (sched_need_resched)
		slice_left = SLICE_TICKS, sched_need_resched = false;
	if (current->killed)
		thread_exit_current();
}

noreturn void thread_exit_current(void)
{
	assert(current != &idle_thread);
	ipc_thread_gone(current);
	process_thread_gone(current);
	arch_fp_forget(&current->ctx);
	list_remove(&current->idle_node);
	current->state = THREAD_DEAD;
	schedule();
	panic("dead thread was scheduled");
}

void thread_kill(struct thread *t)
{
	t->killed = true;
	if (t->state == THREAD_BLOCKED) {
		list_remove(&t->run_node); /* off its wait list, if it is on one */
		list_remove(&t->idle_node);
		sched_make_runnable(t);
	}
}

noreturn void sched_start(void)
{
	for (;;) {
		while (!list_empty(&run_queue))
			sched_yield();
		/* Nothing to run: the idle thread has no process, so user
		 * tables can go (their owner may be freed meanwhile). */
		arch_pt_activate(NULL);
		irq_enable();
		wait_for_interrupt();
		irq_disable();
	}
}

void waitq_init(struct waitq *q)
{
	list_init(&q->waiters);
}

int waitq_sleep(struct waitq *q)
{
	assert(current != &idle_thread);
	if (current->killed)
		return -BOWER_EINTR;
	current->state = THREAD_BLOCKED;
	list_add_tail(&q->waiters, &current->run_node);
	schedule();
	return current->killed ? -BOWER_EINTR : 0;
}

void waitq_wake_one(struct waitq *q)
{
	if (!list_empty(&q->waiters))
		sched_make_runnable(
		    container_of(list_pop_head(&q->waiters), struct thread, run_node));
}

int sched_block(void)
{
	assert(current != &idle_thread);
	if (current->killed) {
		list_remove(&current->run_node); /* off the list the caller put it on */
		return -BOWER_EINTR;
	}
	current->state = THREAD_BLOCKED;
	schedule();
	return current->killed ? -BOWER_EINTR : 0;
}

int sched_block_switch(struct thread *next)
{
	assert(current != &idle_thread && next != current);
	if (next->state != THREAD_BLOCKED || current->killed) {
		sched_make_runnable(next); /* the ordinary way */
		return sched_block();
	}
	current->state = THREAD_BLOCKED;
	slice_donated = true;
	switch_to(next);
	return current->killed ? -BOWER_EINTR : 0;
}

void waitq_wake_all(struct waitq *q)
{
	while (!list_empty(&q->waiters)) {
		struct thread *t =
		    container_of(list_pop_head(&q->waiters), struct thread, run_node);
		sched_make_runnable(t);
	}
}
