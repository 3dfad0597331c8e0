/*
 * process.h - processes: an address space, threads, and a place in the tree.
 *
 * A process ends when it calls exit, when its last thread exits, or when it
 * is killed (for a fault, or by a holder of its capability). Its threads
 * then exit as soon as each is out of the kernel, and the last frees the
 * address space; what is left (pid, status) waits, a zombie, until the
 * parent collects it with wait. A process whose parent has gone is reaped as soon as it ends.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <types.h>
#include <list.h>
#include <sched.h>
#include <object.h>

struct vmspace;

#define PROCESS_NAME_MAX 32

struct process {
	struct kobject kobj; /* held by the process tree until reaped, and by capabilities */
	int pid;
	char name[PROCESS_NAME_MAX];
	struct vmspace *vs;	   /* NULL once the process has ended */
	struct list_node threads;  /* struct thread.proc_node */
	struct process *parent;	   /* NULL: nobody will wait, reap at end */
	struct list_node children; /* struct process.sibling */
	struct list_node sibling;
	bool ended;		  /* ending: status fixed, threads told to exit */
	bool dead;		  /* every thread gone and memory freed: a zombie */
	int status;		  /* BOWER_STATUS_*, valid once ended */
	struct waitq child_ended; /* the parent waits here */
	struct cap_table caps;	  /* what this process can name */
	struct list_node ports;	  /* ports it owns (struct port.owner_node) */
	struct pager *pager;	  /* if it registered as a pager (one reference) */
	struct list_node all_node;  /* every process not yet freed (process_for_each) */
	uint64_t cpu_ticks;	    /* CPU time (timer ticks) of its threads that have ended */
	uint64_t child_cpu_ticks;   /* of its children it has waited for, theirs too */
	uint64_t sig_pending;	    /* signals sent to the process, not yet taken */
	struct process_signals *sig; /* its actions (signal.h); NULL: all default */
	struct posix_timer *timers;  /* BOWER_TIMERS_MAX + 1 (posix_timer.c), or NULL */
	unsigned cpu_timers_armed;   /* of them, armed on CPU time: what each tick looks at */
};

/* Call fn for every process not yet freed, zombies too, oldest first. */
void process_for_each(void (*fn)(struct process *p));

/* Start the program at path in the ramdisk with argv (kernel copies),
 * giving it copies of the ncaps capabilities in caps[] at slots 0..ncaps-1.
 * Returns the new process, or NULL with a negative error in *err. */
struct process *process_spawn(const char *path, int argc, char *const argv[],
			      const struct cap *caps, int ncaps, struct process *parent, int *err);
/* End process p with a wait status (the first status given stands). Its
 * threads are killed and exit on their way to user mode; the last one out
 * frees the process's memory. If p is the current process this does not
 * return. */
void process_end(struct process *p, int status);
/* Thread t has left the kernel for good (thread_exit_current): take it off
 * its process, and tear the process down if it was the last. */
void process_thread_gone(struct thread *t);
/* Kill the current process for a fault: print one line naming it, the
 * address and the cause, then end it. Does not return. */
noreturn void process_kill_current(int sig, const char *cause, uint64_t addr, uint64_t pc);
/* End another process (killed by a holder of its capability): prints one
 * line naming both. */
void process_kill(struct process *p);
/* As process_end, but if the current thread is p's it is only told to
 * end, which it does on its way back to user mode: for an end decided
 * where the thread cannot exit at once (an interrupt handler, a signal
 * sent in the middle of a system call). */
void process_end_soon(struct process *p, int status);
/* CPU time of p's threads, those that have ended too, in timer ticks. */
uint64_t process_cpu_ticks(const struct process *p);
/* A capability to the caller's child pid, or -ESRCH. */
long process_cap_for_child(struct process *parent, int pid);
/* Wait for a child (pid, or -1 for any) to end: its pid and status, or
 * -ECHILD. */
int process_wait(struct process *p, int pid, int *status);
/* Make p's address space the current one (on a switch to its thread). */
void process_activate(struct process *p);
static inline struct process *current_process(void)
{
	return current->proc;
}
/* Threads and processes alive, for leak checks. */
size_t process_count(void);
struct bower_process_info;
/* Describe every process not yet freed (process_info.c), at most max of
 * them into out: how many there are. */
size_t process_info_snapshot(struct bower_process_info *out, size_t max);

#endif
