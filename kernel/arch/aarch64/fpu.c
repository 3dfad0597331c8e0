/*
 * fpu.c - the FP/SIMD registers change hands only when they are used.
 *
 * Saving and loading the 32 128-bit registers was half of every context
 * switch, and most switches (a call to a server and back, a fault through
 * the pager) go between threads that never touch them. So the registers
 * stay where they are on a switch; they belong to one context, `owner`.
 * When any other thread runs, user FP instructions trap (CPACR_EL1.FPEN =
 * EL0 traps; the kernel, built without FP, may still save and load them),
 * and the trap moves the registers: the owner's values to its context, the
 * new thread's into the registers. A new thread's context is zeroed, so it
 * starts with zeroed registers and FPCR/FPSR, as before.
 *
 * One CPU: with several, each has its owner, and a thread leaving a CPU
 * must have its registers saved first.
 */
#include <arch/cpu.h>

#define CPACR_FPEN_TRAP_EL0 (1UL << 20) /* EL1 may use FP, EL0 traps */
#define CPACR_FPEN_NONE	    (3UL << 20) /* nothing traps */

static struct cpu_context *owner;

void arch_fp_switch(struct cpu_context *next)
{
	/* The eret to user mode is context-synchronizing: no isb needed. */
	write_sysreg(cpacr_el1, next == owner ? CPACR_FPEN_NONE : CPACR_FPEN_TRAP_EL0);
}

void arch_fp_trap(struct cpu_context *cur)
{
	if (owner)
		arch_fp_save(owner);
	arch_fp_load(cur);
	owner = cur;
	write_sysreg(cpacr_el1, CPACR_FPEN_NONE);
}

void arch_fp_forget(struct cpu_context *gone)
{
	if (owner == gone)
		owner = NULL;
}
