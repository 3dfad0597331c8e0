/*
 * sched.c - round-robin scheduling of threads on every CPU.
 *
 * The run queue is a FIFO of runnable threads, one for all CPUs, under the
 * kernel lock like everything here; a running thread is on no queue. A
 * tick (BOWER_TICK_HZ a second) on each CPU asks its running user thread
 * to yield when its slice is over; it does so on its way back to user mode
 * (sched_preempt_point), so the kernel itself is never preempted. When
 * nothing is runnable a CPU's idle thread gives the kernel lock up and
 * waits for an interrupt; a thread made runnable meanwhile wakes it with
 * an IPI (smp.c).
 *
 * A dead thread cannot free the stack it is running on, so switching away
 * from a THREAD_DEAD thread leaves it in its CPU's `reap_me`, and whoever
 * runs next there frees it (sched_finish_switch).
 */
#include <sched.h>
#include <posix_timer.h>
#include <smp.h>
#include <kernel_lock.h>
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

static struct list_node run_queue;
static struct list_node idle_waiters; /* struct thread.idle_node, longest waiting first */
static struct thread idle_threads[CPUS_MAX];
static int next_tid = 1;

void sched_init(void)
{
	list_init(&run_queue);
	list_init(&idle_waiters);
	sched_cpu_init(this_cpu(), NULL);
	arch_set_current(this_cpu()->running);
}

void sched_cpu_init(struct cpu *c, void *stack)
{
	struct thread *idle = &idle_threads[c->id];
	idle->tid = 0;
	idle->state = THREAD_RUNNING;
	idle->kstack = stack;
	idle->cpu = c->id;
	c->idle = idle;
	c->running = idle;
	c->slice_left = SLICE_TICKS;
}

/* Pinning (thread_pin): a thread with a pin runs only on that CPU. The
 * queues stay shared; a CPU takes the first thread it may run. */
static bool may_run_on(const struct thread *t, const struct cpu *c)
{
	return t->pin == 0 || t->pin == c->id + 1;
}

static struct thread *first_runnable_for(const struct cpu *c)
{
	struct thread *t;
	list_for_each_entry (t, &run_queue, run_node)
		if (may_run_on(t, c))
			return t;
	return NULL;
}

bool sched_runnable_waiting(const struct cpu *c)
{
	return first_runnable_for(c) != NULL;
}

bool sched_idle_work_waiting(const struct cpu *c)
{
	struct thread *t;
	list_for_each_entry (t, &idle_waiters, idle_node)
		if (t->state == THREAD_BLOCKED && may_run_on(t, c))
			return true;
	return false;
}

bool sched_nothing_waiting_hint(void)
{
	return __atomic_load_n(&run_queue.next, __ATOMIC_RELAXED) == &run_queue &&
	       __atomic_load_n(&idle_waiters.next, __ATOMIC_RELAXED) == &idle_waiters;
}

void sched_pin_current(int cpu)
{
	if (current->pin)
		cpus[current->pin - 1].pinned--;
	current->pin = cpu < 0 ? 0 : (unsigned)cpu + 1;
	if (current->pin)
		cpus[cpu].pinned++;
	if (!may_run_on(current, this_cpu()))
		sched_yield(); /* off this CPU: its own takes it (smp.c) */
}

unsigned sched_pinned_count(const struct cpu *c)
{
	return c->pinned;
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
	kfree(t->sig);
	t->sig = NULL;
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

/* Runs in the new thread right after a switch. A direct switch
 * (sched_block_switch) hands the rest of the time slice to the thread it
 * runs: slice_donated is set while that switch is made. */
static void sched_finish_switch(void)
{
	struct cpu *c = this_cpu();
	if (c->reap_me) {
		free_thread(c->reap_me);
		c->reap_me = NULL;
	}
	if (c->slice_donated) {
		c->slice_donated = false;
		return;
	}
	c->slice_left = SLICE_TICKS;
	c->need_resched = false;
}

/* A parked thread's system call or fault ends here (a new thread's first
 * run is one with nothing to finish), and the thread goes back to user
 * mode from the top of its kernel stack. */
static noreturn void resume_parked(void)
{
	struct thread *self = current;
	void (*resume)(void) = self->resume;
	self->resume = NULL;
	self->parked = false;
	if (resume) {
		resume();
		self->in_syscall = 0;
	}
	sched_preempt_point(); /* a thread killed before it ever ran ends here */
	arch_return_to_user(thread_user_frame(self));
}

/* Where a switch to a new or parked thread lands (its context's lr). */
static void thread_resume(void)
{
	sched_finish_switch();
	resume_parked();
}

static void park_context(struct thread *t, void (*resume)(void))
{
	t->parked = true;
	t->resume = resume;
	t->ctx.sp = (uint64_t)thread_user_frame(t);
	t->ctx.x19_x30[11] = (uint64_t)thread_resume; /* x30: where the switch "returns" */
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
	park_context(t, NULL);
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
	/* Nor one running on another CPU (it was woken and taken there). */
	if (t->state == THREAD_RUNNING && t != current)
		return;
	assert(t->state != THREAD_DEAD);
	t->state = THREAD_RUNNABLE;
	list_add_tail(&run_queue, &t->run_node);
	if (current->background)
		this_cpu()->need_resched = true; /* it only had the CPU while none wanted it */
	/* Another CPU is told when this one gives the kernel lock up, if the
	 * thread is still waiting then (kernel_unlock): often this CPU runs
	 * it itself first, when the waker blocks. */
}

void sched_wait_or_idle_begin(void)
{
	current->background = false;
	current->woken_idle = false;
	list_add_tail(&idle_waiters, &current->idle_node);
}

bool sched_wait_or_idle_end(struct thread *t)
{
	list_remove(&t->idle_node);
	bool idle = t->woken_idle;
	t->woken_idle = false;
	return idle;
}

/* Nothing is runnable: the longest waiting thread that may run when the CPU
 * is free, taken off whatever it waits on (it finds out in _end), or NULL. */
static struct thread *idle_waiter(void)
{
	struct thread *t, *tmp;
	list_for_each_entry_safe (t, tmp, &idle_waiters, idle_node) {
		if (t->state != THREAD_BLOCKED) {
			list_remove(&t->idle_node); /* woken meanwhile: on its way already */
			continue;
		}
		if (!may_run_on(t, this_cpu()))
			continue;
		list_remove(&t->idle_node);
		list_remove(&t->run_node);
		t->woken_idle = true;
		t->background = true;
		return t;
	}
	return NULL;
}

/* Make next this CPU's running thread (not yet its registers). */
static always_inline void enter(struct thread *next)
{
	struct cpu *c = this_cpu();
	next->state = THREAD_RUNNING;
	next->cpu = c->id;
	c->running = next;
	if (next->proc)
		process_activate(next->proc);
	arch_fp_switch(&next->ctx);
	arch_set_current(next); /* from here to the switch, nothing asks */
}

/* Run next (not the current thread, on no queue) in place of the current
 * one, which is already wherever it belongs (run queue, wait queue, dead).
 * A parked thread's context is already what it resumes with. */
static void switch_to(struct thread *next)
{
	struct thread *prev = current;
	assert(kernel_lock_held());
	if (next != this_cpu()->idle && next->state != THREAD_RUNNABLE &&
	    next->state != THREAD_BLOCKED)
		panic("switch to thread %d in state %d (cpu %u, from thread %d)", next->tid,
		      next->state, next->cpu, prev->tid);
	if (prev->state == THREAD_DEAD)
		this_cpu()->reap_me = prev;
	enter(next);
	arch_context_switch(prev->parked ? NULL : &prev->ctx, &next->ctx);
	sched_finish_switch();
}

/* Switch to the next runnable thread, or idle. */
static void schedule(void)
{
	struct thread *next;
	next = first_runnable_for(this_cpu());
	if (next) {
		list_remove(&next->run_node);
	} else {
		next = idle_waiter();
		if (!next)
			next = this_cpu()->idle;
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
	} else if (current != this_cpu()->idle) {
		sched_make_runnable(current);
	}
	schedule();
}

void sched_yield_to_background(void)
{
	struct thread *w = NULL;
	if (!current->background && current != this_cpu()->idle &&
	    !sched_runnable_waiting(this_cpu()))
		w = idle_waiter();
	if (!w) {
		sched_yield();
		return;
	}
	sched_make_runnable(current);
	switch_to(w);
}

void sched_tick(void)
{
	struct cpu *c = this_cpu();
	uint64_t now = arch_counter();
	sched_wake_sleepers(now);
	posix_timers_expire(now);
	if (c->running == c->idle) {
		c->idle_ticks++;
	} else {
		c->busy_ticks++;
		c->running->cpu_ticks++; /* CPU time, by sampling at the tick */
		if (c->running->proc && c->running->proc->cpu_timers_armed)
			posix_cpu_timers_tick(c->running);
	}
	if (c->slice_left > 0)
		c->slice_left--;
	if (c->slice_left == 0)
		c->need_resched = true;
}

void sched_preempt_now(void)
{
	struct cpu *c = this_cpu();
	if (c->need_resched && sched_runnable_waiting(c))
		sched_yield();
	else if (c->need_resched)
		c->slice_left = SLICE_TICKS, c->need_resched = false;
	if (current->killed)
		thread_exit_current();
	if (current->sig_due)
		signal_deliver();
}

noreturn void thread_exit_current(void)
{
	assert(current != this_cpu()->idle);
	ipc_thread_gone(current);
	signal_thread_exit(current);
	process_thread_gone(current);
	arch_fp_forget(&current->ctx);
	list_remove(&current->idle_node);
	if (current->pin)
		cpus[current->pin - 1].pinned--;
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
	} else if (t->state == THREAD_RUNNING && t != current) {
		arch_send_reschedule(&cpus[t->cpu]); /* in user mode there: it ends on entry */
	}
}

noreturn void sched_start(void)
{
	struct cpu *c = this_cpu();
	for (;;) {
		/* A thread waiting for a free CPU is work for an idle one. */
		while (sched_runnable_waiting(c) || sched_idle_work_waiting(c))
			sched_yield();
		/* Nothing to run: the idle thread has no process, so user
		 * tables can go (their owner may be freed meanwhile, by
		 * another CPU once the lock is given up). */
		arch_pt_activate(NULL);
		/* A thread made runnable from now on sends an IPI, which
		 * ends the WFI even with interrupts masked; the interrupt is
		 * then taken with the lock held, in the moment they are
		 * unmasked. */
		c->idling = true;
		kernel_unlock();
		wait_for_interrupt();
		kernel_lock();
		c->idling = false;
		irq_enable();
		isb();
		irq_disable();
	}
}

/* A wait ends early when its thread is killed, or when a signal is due
 * and the wait is one that a signal ends (signal_wait_begin). */
static inline bool wait_interrupted(const struct thread *t)
{
	return t->killed || (t->sig_due && t->sig->wakeable);
}

void waitq_init(struct waitq *q)
{
	list_init(&q->waiters);
}

int waitq_sleep(struct waitq *q)
{
	assert(current != this_cpu()->idle);
	if (wait_interrupted(current))
		return -BOWER_EINTR;
	current->state = THREAD_BLOCKED;
	list_add_tail(&q->waiters, &current->run_node);
	schedule();
	return wait_interrupted(current) ? -BOWER_EINTR : 0;
}

struct thread *waitq_take_one(struct waitq *q)
{
	if (list_empty(&q->waiters))
		return NULL;
	return container_of(list_pop_head(&q->waiters), struct thread, run_node);
}

void waitq_wake_one(struct waitq *q)
{
	struct thread *t = waitq_take_one(q);
	if (t)
		sched_make_runnable(t);
}

int sched_block(void)
{
	assert(current != this_cpu()->idle);
	if (wait_interrupted(current)) {
		list_remove(&current->run_node); /* off the list the caller put it on */
		return -BOWER_EINTR;
	}
	current->state = THREAD_BLOCKED;
	schedule();
	return wait_interrupted(current) ? -BOWER_EINTR : 0;
}

static always_inline bool may_switch_to(const struct thread *next)
{
	return next->state == THREAD_BLOCKED && !current->killed && may_run_on(next, this_cpu());
}

int sched_block_switch(struct thread *next)
{
	assert(current != this_cpu()->idle && next != current);
	if (!may_switch_to(next)) {
		sched_make_runnable(next); /* the ordinary way */
		return sched_block();
	}
	current->state = THREAD_BLOCKED;
	this_cpu()->slice_donated = true;
	switch_to(next);
	return current->killed ? -BOWER_EINTR : 0;
}

/* Nothing the way out would do (preempt, end a killed thread) is due, and
 * next, parked with its call finished, may run here. */
static always_inline bool may_return_user(const struct thread *next)
{
	return next->parked && !next->resume && may_switch_to(next) &&
	       !this_cpu()->need_resched && !next->sig_due;
}

noreturn void sched_park(void (*resume)(void), struct thread *next)
{
	struct thread *self = current;
	park_context(self, resume);
	arch_context_park(&self->ctx);
	if (next && may_return_user(next)) {
		/* The fast way: no kernel stack switched, the slice goes on. */
		self->state = THREAD_BLOCKED;
		next->parked = false;
		next->in_syscall = 0;
		enter(next);
		arch_context_unpark(&next->ctx);
		arch_return_to_user(thread_user_frame(next));
	}
	if (next && may_switch_to(next)) {
		self->state = THREAD_BLOCKED;
		this_cpu()->slice_donated = true;
		switch_to(next); /* never returns: the context is the park's */
	}
	assert(self != this_cpu()->idle && next != self);
	if (next)
		sched_make_runnable(next);
	if (self->killed)
		list_remove(&self->run_node); /* off the list the caller put it on */
	else {
		self->state = THREAD_BLOCKED;
		schedule();
	}
	resume_parked(); /* it did not wait, or was woken before it went */
}

noreturn void waitq_park(struct waitq *q, void (*resume)(void), struct thread *next)
{
	list_add_tail(&q->waiters, &current->run_node);
	sched_park(resume, next);
}

void waitq_wake_all(struct waitq *q)
{
	while (!list_empty(&q->waiters)) {
		struct thread *t =
		    container_of(list_pop_head(&q->waiters), struct thread, run_node);
		sched_make_runnable(t);
	}
}
