/* cpu.h - small inline helpers around AArch64 system instructions. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <types.h>

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                                        \
		v_;                                                                                \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))
#define isb()		   __asm__ volatile("isb" ::: "memory")
#define dsb(opt)	   __asm__ volatile("dsb " #opt ::: "memory")

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static inline void wait_for_interrupt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/* State kept across arch_context_switch (see switch.S): the callee-saved
 * registers, the user's thread pointer (TPIDR_EL0: each thread's TLS) and,
 * because the kernel itself never touches them (-mgeneral-regs-only), the
 * user's floating-point/SIMD registers. */
struct cpu_context {
	uint64_t x19_x30[12];
	uint64_t sp;
	uint64_t tpidr_el0;
	__uint128_t q[32];
	uint64_t fpcr;
	uint64_t fpsr;
	uint64_t fp_cpu; /* the CPU (id + 1) whose registers last loaded these (fpu.c) */
};
_Static_assert(__builtin_offsetof(struct cpu_context, q) == 112, "switch.S layout");
_Static_assert(__builtin_offsetof(struct cpu_context, fpcr) == 624, "switch.S layout");
void arch_context_switch(struct cpu_context *from, struct cpu_context *to);
void arch_fp_save(struct cpu_context *c);
void arch_fp_load(struct cpu_context *c);
/* Lazy FP/SIMD switching (fpu.c): the registers hold one context's values
 * and user code of any other traps on its first FP instruction. */
void arch_fp_switch(struct cpu_context *next); /* next is about to run */
void arch_fp_trap(struct cpu_context *cur);    /* cur's user code used FP */
void arch_fp_forget(struct cpu_context *gone); /* its thread has ended */
/* The running thread's registers in c, as they are now (a signal's frame
 * copies them); and c's values changed, not the registers' (its frame's
 * return): its next FP instruction loads them. */
void arch_fp_flush(struct cpu_context *c);
void arch_fp_replaced(struct cpu_context *c);

/* A thread parked (sched_park) keeps no kernel context, but its user
 * thread pointer lives in the register file: the park saves it, and a
 * thread returned straight to user mode from its park gets it back (a
 * switch, arch_context_switch, loads it too). */
static inline void arch_context_park(struct cpu_context *c)
{
	c->tpidr_el0 = read_sysreg(tpidr_el0);
}

static inline void arch_context_unpark(const struct cpu_context *c)
{
	write_sysreg(tpidr_el0, c->tpidr_el0);
}

/* The running thread's user thread pointer (TPIDR_EL0), as it is now. */
static inline uint64_t arch_user_thread_pointer(void)
{
	return read_sysreg(tpidr_el0);
}

/* The virtual counter, readable from EL0 as well. */
static inline uint64_t arch_counter(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* Zero whole pages (bytes a multiple of the page size, kva page-aligned). */
void arch_zero_pages(void *kva, size_t bytes);

/* Copy n bytes between kernel addresses of normal memory, of any
 * alignment, 128 bytes a turn (copy.S), where the C memcpy moves 8 bytes a
 * turn, and one at a time unless both sides and n are 8-aligned. */
void arch_copy_bytes(void *dst, const void *src, size_t n);

/* Power off; status 0 means success. Semihosting gives QEMU the status when
 * it runs with -semihosting; otherwise PSCI SYSTEM_OFF. */
noreturn void arch_poweroff(int status);

#endif
