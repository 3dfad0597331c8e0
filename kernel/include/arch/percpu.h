/*
 * percpu.h - where a CPU finds its own state, and what of it is the arch's.
 *
 * TPIDR_EL1 holds the address of the running CPU's struct cpu (smp.h),
 * written once when the CPU starts. The read is an asm volatile, so the
 * compiler never reuses a value across a context switch: a thread that
 * slept may wake on another CPU, and must then see that CPU's state.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <arch/cpu.h>

struct cpu;

/* The arch's part of a struct cpu. */
struct arch_cpu {
	struct cpu_context *fp_owner; /* whose values the FP/SIMD registers hold (fpu.c) */
	bool fp_unsaved;	      /* ...and they may differ from its saved context */
	uint8_t gic_mask;	      /* this CPU's bit in the GIC's target lists (gic.c) */
};

static inline struct cpu *arch_this_cpu(void)
{
	return (struct cpu *)read_sysreg(tpidr_el1);
}

static inline void arch_set_this_cpu(struct cpu *c)
{
	write_sysreg(tpidr_el1, c);
}

/*
 * The running thread, `current`, is in SP_EL0 while the CPU is in the
 * kernel (the kernel's stack pointer is SP_EL1, so SP_EL0 is free: the
 * user's value waits in the trap frame, and vectors.S puts the thread
 * there on every entry from EL0). Unlike this_cpu(), the read is not
 * volatile: a thread is the same thread on whichever CPU it wakes, so
 * the compiler may keep one read for a whole function, across a switch.
 * Every kernel path reads `current` many times; this makes each read one
 * instruction, most of them none.
 */
struct thread;

static inline struct thread *arch_current(void)
{
	struct thread *t;
	__asm__("mrs %0, sp_el0" : "=r"(t));
	return t;
}

/* Only where the thread running changes: the context switch, a CPU's
 * first thread. */
static inline void arch_set_current(struct thread *t)
{
	write_sysreg(sp_el0, t);
}

/* Start the CPU with this MPIDR at the secondary entry (boot.S), where it
 * turns its MMU on and calls smp_secondary_main(c) on stack_top (smp.c):
 * 0, or a negative PSCI error. */
int arch_cpu_start(struct cpu *c, uint64_t mpidr, void *stack_top);
/* This CPU's MPIDR affinity bits (Aff3..Aff0), as the device tree's cpu
 * nodes write them. */
uint64_t arch_cpu_mpidr(void);
/* Ask CPU c to take an interrupt soon: it wakes from its idle wait, or
 * leaves user mode and reschedules (gic.c, an SGI). */
void arch_send_reschedule(struct cpu *c);
/* Only end CPU c's WFI, if it is in one (an SGI with no other effect). */
void arch_send_wake(struct cpu *c);
/* Interrupts masked: wait in WFI until arch_send_wake (or a spurious
 * wake-up), whatever other interrupt is pending meanwhile. */
void arch_wait_for_wake(void);
/* The PSCI conduit: 'h' for HVC, 's' for SMC (from the device tree's
 * psci node; until then the one QEMU uses for the EL it started us at). */
void arch_psci_set_method(int method);
long arch_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
