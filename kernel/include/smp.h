/*
 * smp.h - the CPUs and what each keeps of its own.
 *
 * Each CPU has a struct cpu, reached through this_cpu(). Everything in it
 * but `idling` is touched only by its own CPU, so it needs no lock; the
 * rest of the kernel's state is under the kernel lock (kernel_lock.c;
 * docs/smp.md has the rule and the lock order).
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <types.h>
#include <arch/percpu.h>

#define CPUS_MAX 8 /* a GICv2 delivers to at most 8 CPUs */

struct thread;

struct cpu {
	struct thread *running; /* the thread this CPU runs: `current` */
	struct thread *idle;	/* its idle thread: runs when nothing else can */
	struct thread *reap_me; /* a dead thread switched away from: freed by the next */
	unsigned slice_left;	/* ticks left of the current thread's slice */
	bool need_resched;	/* reschedule on the way back to user mode */
	bool slice_donated;	/* a direct switch hands its slice on (sched.c) */
	bool idling;		/* waiting for an interrupt without the kernel lock; a
				 * thread made runnable sends it an IPI (kernel lock) */
	unsigned id;		/* its index in cpus[] */
	uint64_t busy_ticks;	/* ticks that found a thread running */
	uint64_t idle_ticks;	/* ticks that found it idle */
	unsigned pinned;	/* live threads pinned to it (kernel lock) */
	struct arch_cpu arch;
};

/* vectors.S loads `current` from the first field. */
_Static_assert(__builtin_offsetof(struct cpu, running) == 0, "running first");

extern struct cpu cpus[CPUS_MAX];
extern unsigned cpus_online;

#define this_cpu() arch_this_cpu()

/* The boot CPU's struct cpu, before anything else (kmain's first step). */
void smp_boot_cpu_init(void);
/* Start every other CPU the device tree lists (enable-method "psci") and
 * wait for each to come up; prints how many are online. Called with the
 * kernel lock held, after the scheduler is ready: each new CPU waits for
 * the lock, then runs its idle loop. */
void smp_start_secondaries(const void *dtb);
/* A secondary CPU's first C code once its MMU is on (arch entry). */
noreturn void smp_secondary_main(struct cpu *c);
/* Before the kernel lock is given up, when a thread waits on the run queue
 * or for a free CPU (kernel_unlock looks first): wake an idle CPU to take
 * it, or else ask another CPU running a background thread (sched.h) to
 * give it up. */
void smp_kick_for_runnable(void);
/* An IPI asked this CPU to reschedule (trap.c). */
void smp_reschedule_ipi(void);

#endif
