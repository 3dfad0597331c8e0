/*
 * sched.h - threads, the run queue and waiting.
 *
 * The kernel runs with interrupts masked, so kernel code is never
 * preempted; on several CPUs all of it runs under the kernel lock
 * (kernel_lock.c), so at most one CPU is in the kernel at a time. User
 * threads are preempted by their CPU's timer tick on their way back to EL0.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <types.h>
#include <list.h>
#include <arch/cpu.h>
#include <arch/trap.h>
#include <object.h>
#include <smp.h>
#include <signal.h>

struct process;
struct connection;
struct port;
struct pager;
struct pmo;
struct vmspace;

/* A thread waiting for the pager to provide a page (owned by pager.c). */
struct pager_wait {
	struct pmo *pmo;
	struct pager *pager; /* a fault from user mode: held, with pmo, until it ends */
	struct vmspace *vs;
	uint64_t va;
	uint64_t far;	 /* ...and what its end may have to say of it */
	unsigned access;
	int result;	       /* an enum fault_result once answered */
	uint64_t token;
	struct list_node node; /* in pager->pending */
};

/* The memory a caller lets its server copy to or from directly
 * (ipc_bulk.c): [addr, addr + len) of the caller's address space with
 * BOWER_BULK_* rights; len 0 while it names none. */
struct ipc_bulk {
	uintptr_t addr;
	size_t len;
	unsigned rights;
};

/* A thread's part in IPC (owned by ipc.c; bulk by ipc_bulk.c). */
struct ipc_call_state {
	struct connection *conn; /* client: the connection it is calling on */
	size_t len;		 /* request, then reply, length */
	struct kobject *cap;	 /* a capability travelling with the message */
	uint32_t cap_rights;
	long ret;	     /* the reply value, or an error */
	int cap_slot_out;    /* client: where a replied capability landed */
	bool done;	     /* client: the reply has come */
	bool caller_gone;    /* server: the call it held was given up (ipc_reply says ESRCH) */
	bool handed; /* server: a caller claimed it while it waited (ipc.c, hand_to_waiting) */
	/* A thread may hold a call (serving) and make one (a nested call) at
	 * once, so each side of a call has its own fields. */
	struct thread *server; /* client: the thread serving its call, while served */
	struct thread *caller; /* server: the client whose call it holds */
	/* server: a receive waiting, parked, for a call (ipc.c, recv_on): the
	 * port, held, where the request goes and where its description */
	struct port *wait_port;
	void *wait_buf;
	size_t wait_buflen;
	struct bower_ipc_recv *wait_info;
	struct ipc_bulk bulk; /* client: its call's bulk buffer, for as long as it calls */
};
enum thread_state {
	THREAD_RUNNABLE, /* on the run queue */
	THREAD_RUNNING,	 /* the current thread of a CPU (thread.cpu) */
	THREAD_BLOCKED,	 /* on a wait queue */
	THREAD_DEAD,	 /* finished; its stack is freed by the next thread to run */
};

#define KSTACK_ORDER 2 /* 16 KiB kernel stacks */
#define KSTACK_SIZE  (PAGE_SIZE << KSTACK_ORDER)

struct waitq {
	struct list_node waiters;
};

struct thread {
	struct kobject kobj; /* held while it lives, and by capabilities */
	int tid;
	enum thread_state state;
	struct process *proc;	    /* NULL for the idle thread */
	struct cpu_context ctx;	    /* saved by arch_context_switch */
	void *kstack;		    /* KSTACK_SIZE bytes */
	struct list_node run_node;  /* run queue or a wait queue */
	struct list_node proc_node; /* process's thread list */
	struct ipc_call_state ipc;  /* see ipc.c: the call this thread makes or serves */
	struct pager_wait pager_wait;
	bool killed;	    /* asked to end: it unwinds and exits on its way to user mode */
	bool finished;	    /* it has ended: only the struct is left */
	bool sig_due;	    /* a signal is to be taken on the way out (signal.h) */
	/* In a wait a signal ends, begun before its process used signals
	 * (no sig yet): SIG_EARLY_*, taken up by signal_enable. */
	uint8_t sig_early;
	int in_syscall;	    /* the call it is in, plus one; 0: none (for thread_dump) */
	uint64_t wake_at;   /* sleeping (sleep.c): the counter value it waits for */
	struct waitq ended; /* thread_join waits here */
	/* Waiting for a signal or for a free CPU (sched_wait_or_idle_begin):
	 * on the scheduler's list of such threads through this node. */
	struct list_node idle_node;
	/* A notification wait, parked (notification.c) */
	struct {
		struct kobject *obj; /* held */
		int how;
		unsigned reg; /* the frame's register that gets its result */
	} notify_wait;
	bool woken_idle; /* it was run because nothing else was runnable, */
	bool background; /* and runs in that time, until it waits again */
	bool parked;	 /* blocked by sched_park: its context starts afresh */
	unsigned cpu;	 /* the CPU it runs on, while THREAD_RUNNING */
	unsigned pin;	 /* the only CPU it may run on, plus one; 0: any */
	uint32_t cpu_ticks; /* timer ticks that found it running: its CPU time */
	void (*resume)(void); /* parked: what finishes its call or fault; NULL: nothing */
	struct thread_signals *sig; /* signal.h; NULL until its process uses signals */
};
/* kmalloc's 1 KiB class holds three a page; one byte more and each thread
 * takes a page of its own (slab.c). */
_Static_assert(sizeof(struct thread) <= 1024, "a thread fits kmalloc's 1 KiB class");

/* The thread running on this CPU (arch/percpu.h: this_cpu()->running,
 * read from a register). */
#define current arch_current()

void sched_init(void);
/* CPU c's idle thread, on stack (the boot CPU's: the boot stack, NULL). */
void sched_cpu_init(struct cpu *c, void *stack);
/* Whether a thread CPU c may run waits on the run queue; whether one
 * waits for a free CPU (sched_wait_or_idle_begin) that c may run. */
bool sched_runnable_waiting(const struct cpu *c);
bool sched_idle_work_waiting(const struct cpu *c);
/* Without the kernel lock: whether the run queue and the list of threads
 * waiting for a free CPU looked empty (a hint: they may change at once). */
bool sched_nothing_waiting_hint(void);
/* Pin the current thread to a CPU (-1: none); it moves there at once
 * (thread_pin, sys_cpu.c). */
void sched_pin_current(int cpu);
/* How many live threads are pinned to c. */
unsigned sched_pinned_count(const struct cpu *c);
/* Make a user thread that starts at entry with sp = stack_top and x0 = arg
 * in its process's address space; it is runnable at once. NULL if out of
 * memory. */
struct thread *thread_create_user(struct process *p, uint64_t entry, uint64_t arg,
				  uint64_t stack_top);
/* The saved user registers of a thread that is not running. */
struct trap_frame *thread_user_frame(struct thread *t);
/* The current thread ends; never returns. The process code decides what
 * the end of a thread means for its process (process_thread_gone). */
noreturn void thread_exit_current(void);
/* Ask t to end. A thread is never freed where it stands: a blocked one is
 * taken off its wait list and made runnable, its sleep returns -EINTR, it
 * unwinds through the code that slept (which drops what it holds) and it
 * exits on its way back to user mode (sched_preempt_point). */
void thread_kill(struct thread *t);
/* Block until t has ended: 0, or -EINVAL for the current thread. */
int thread_join(struct thread *t);

void sched_make_runnable(struct thread *t);
/* Work that may wait for a free CPU. A thread about to sleep (on a wait
 * queue) says it may also be run when nothing else is runnable; after the
 * sleep, _end says whether that is why it runs (and takes it off the
 * list). It then runs in the background: the first thread that becomes
 * runnable takes the CPU back at the next return to user mode, and the
 * background thread waits for a free CPU again, not for its turn. _end
 * is said by the thread, or for it by a waker that ends its wait. */
void sched_wait_or_idle_begin(void);
bool sched_wait_or_idle_end(struct thread *t);
/* Give up the CPU: the current thread stays runnable. */
void sched_yield(void);
/* The yield system call: as sched_yield, but if no runnable thread may take
 * this CPU and a thread waits for a free one, that one runs (in the
 * background, for at least a slice). A thread that yields says it can
 * wait, often for a lock; the holder may be such a thread, preempted in the
 * background, and only runs when a CPU is free. */
void sched_yield_to_background(void);
/* Called from the timer interrupt. */
void sched_tick(void);
/* On the way back to user mode: reschedule if the tick asked for it, end
 * the thread here if it has been killed, take a signal that is due.
 * Inline, since every return to user mode asks and almost always nothing
 * is to be done. */
void sched_preempt_now(void);
static inline void sched_preempt_point(void)
{
	if (this_cpu()->need_resched || current->killed || current->sig_due)
		sched_preempt_now();
}
/* Run this CPU's idle loop on its idle thread's stack: never returns. */
noreturn void sched_start(void);

/* Sleep until the generic counter reaches deadline (sleep.c): 0, or -EINTR
 * if the thread was killed. The timer tick wakes sleepers (at most a tick
 * late): sched_wake_sleepers. */
int sched_sleep_until(uint64_t deadline);
void sched_wake_sleepers(uint64_t now);

/* Print every process and thread: its state, the system call it is in,
 * the page it waits for (thread_dump.c; the console's Ctrl-T). */
void thread_dump(void);

void waitq_init(struct waitq *q);
/* Block the current thread on q until woken: 0, or -EINTR if the thread
 * has been killed (then it must unwind, releasing what it holds). Every
 * sleep in the kernel is this, sched_block or sched_park (waitq_park), so
 * every sleep can be interrupted the same way. */
int waitq_sleep(struct waitq *q);
void waitq_wake_all(struct waitq *q);
/* Wake the longest waiter, if any. */
void waitq_wake_one(struct waitq *q);
/* Take the longest waiter off q, still blocked, for the caller to run or
 * make runnable (NULL if none waits). */
struct thread *waitq_take_one(struct waitq *q);
/* Block the current thread; the caller has put it on a list of its own
 * (through run_node), or on none, and will make it runnable again. 0, or
 * -EINTR as for waitq_sleep. */
int sched_block(void);
/* sched_block, running next at once: a thread that was blocked and is on
 * no list (a server waiting for this call, a client getting its reply).
 * No trip through the run queue, and the rest of the time slice goes with
 * it, so two threads passing the CPU back and forth are preempted like
 * one. If next is not blocked (killed meanwhile) or the current thread has
 * been killed, next is only made runnable, as a wake-up would. */
int sched_block_switch(struct thread *next);
/*
 * Parking: a thread that blocks in a system call or a fault keeping
 * nothing on its kernel stack. What it still has to do is in the thread
 * (its fields for that call) and in resume, which finishes it (a system
 * call's value goes in the frame's x0: syscall_result; a faulting access
 * is retried). Whoever wakes the thread does so as for sched_block
 * (sched_make_runnable, or as next of a direct switch); it then starts
 * afresh in resume, on an empty kernel stack, and returns to user mode.
 * A waker may instead finish the call itself (writing the results in the
 * thread's frame) and clear thread.resume: then sched_park, given that
 * thread as next, returns it to user mode at once, with no switch of
 * kernel stacks and nothing run on its behalf. This is the fast path of a
 * call and its reply (ipc.c) and of a fault and its answer (pager.c).
 * next as sched_block_switch's (NULL: whatever is runnable). The caller
 * has put the thread on a list of its own, or on none, as for
 * sched_block; a killed thread does not wait, it resumes at once (and
 * exits on its way out).
 */
noreturn void sched_park(void (*resume)(void), struct thread *next);
/* waitq_sleep, parked (sched_park). */
noreturn void waitq_park(struct waitq *q, void (*resume)(void), struct thread *next);

#endif
