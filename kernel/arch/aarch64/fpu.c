/*
 * fpu.c - the FP/SIMD registers change hands only when they are used.
 *
 * Saving and loading the 32 128-bit registers was half of every context
 * switch, and most switches (a call to a server and back, a fault through
 * the pager) go between threads that never touch them. So the registers
 * stay where they are on a switch; each CPU's belong to one context, its
 * `fp_owner`. When any other thread runs, user FP instructions trap
 * (CPACR_EL1.FPEN = EL0 traps; the kernel, built without FP, may still
 * save and load them), and the trap moves the registers: the owner's
 * values to its context, the new thread's into the registers. A new
 * thread's context is zeroed, so it starts with zeroed registers and
 * FPCR/FPSR, as before.
 *
 * Several CPUs: a thread may next run on another CPU, which cannot reach
 * these registers. So with more than one CPU online the owner's values
 * are saved when another thread is switched in (fp_unsaved says they may
 * differ from its context); the registers keep them, and the owner
 * returning to this CPU uses them without a trap if they are still its
 * latest: its context's fp_cpu names this CPU, and nothing loaded it
 * elsewhere since. fp_cpu is the CPU's id plus one, so a new thread (0)
 * never matches a CPU whose owner was freed and whose struct it reuses.
 */
#include <arch/cpu.h>
#include <smp.h>

#define CPACR_FPEN_TRAP_EL0 (1UL << 20) /* EL1 may use FP, EL0 traps */
#define CPACR_FPEN_NONE	    (3UL << 20) /* nothing traps */

always_inline void arch_fp_switch(struct cpu_context *next)
{
	struct arch_cpu *a = &this_cpu()->arch;
	if (a->fp_unsaved && a->fp_owner != next && cpus_online > 1) {
		arch_fp_save(a->fp_owner); /* it is leaving, maybe for another CPU */
		a->fp_unsaved = false;
	}
	bool mine = next == a->fp_owner && next->fp_cpu == this_cpu()->id + 1;
	/* Back to its own registers, without a trap: what it changes now
	 * must be saved when it leaves again, as after a trap. */
	if (mine)
		a->fp_unsaved = true;
	/* The eret to user mode is context-synchronizing: no isb needed. */
	write_sysreg(cpacr_el1, mine ? CPACR_FPEN_NONE : CPACR_FPEN_TRAP_EL0);
}

void arch_fp_trap(struct cpu_context *cur)
{
	struct arch_cpu *a = &this_cpu()->arch;
	if (a->fp_owner && a->fp_unsaved)
		arch_fp_save(a->fp_owner);
	arch_fp_load(cur);
	a->fp_owner = cur;
	a->fp_unsaved = true;
	cur->fp_cpu = this_cpu()->id + 1;
	write_sysreg(cpacr_el1, CPACR_FPEN_NONE);
}

void arch_fp_forget(struct cpu_context *gone)
{
	struct arch_cpu *a = &this_cpu()->arch;
	if (a->fp_owner == gone) {
		a->fp_owner = NULL;
		a->fp_unsaved = false;
	}
	gone->fp_cpu = 0;
}

void arch_fp_flush(struct cpu_context *c)
{
	struct arch_cpu *a = &this_cpu()->arch;
	if (a->fp_owner == c && a->fp_unsaved)
		arch_fp_save(c); /* the registers stay its own */
}

void arch_fp_replaced(struct cpu_context *c)
{
	arch_fp_forget(c);
	write_sysreg(cpacr_el1, CPACR_FPEN_TRAP_EL0); /* its next FP instruction loads them */
}
