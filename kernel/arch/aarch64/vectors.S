/*
 * vectors.S - exception entry and exit.
 *
 * Every exception saves the full register state as a struct trap_frame on
 * the current kernel stack and calls C. From EL0, SP_EL1 is the top of the
 * current thread's kernel stack, because we always return to EL0 with the
 * stack empty. The kernel runs with interrupts masked (no kernel
 * preemption): an IRQ taken at EL1 can only come from the idle loop, which
 * unmasks them for a moment after it waits.
 *
 * The kernel lock (kernel/sched/kernel_lock.c) is taken on every entry
 * from EL0 before C runs and released on every return to EL0; an
 * exception taken at EL1 comes from code that holds it already.
 */
#include <arch/trap.h>
#include <arch/sysregs.h>
#include <bower/syscall_nr.h>

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x21, sp_el0
	stp	x30, x21, [sp, #16 * 15]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #16 * 16]
	mov	x0, sp
.endm

/* From EL0: SP_EL0 (saved in the frame) holds the running thread while in
 * the kernel (arch/percpu.h), this CPU's struct cpu's first field. */
.macro load_current
	mrs	x9, tpidr_el1
	ldr	x9, [x9]
	msr	sp_el0, x9
.endm

.macro ventry label
	.balign	0x80
	b	\label
.endm

	.text
	.balign	2048
	.global exception_vectors
exception_vectors:
	/* Current EL with SP_EL0: never used. */
	ventry	bad_0
	ventry	bad_1
	ventry	bad_2
	ventry	bad_3
	/* Current EL with SP_EL1: the kernel. */
	ventry	el1_sync
	ventry	el1_irq
	ventry	bad_6
	ventry	bad_7
	/* Lower EL, AArch64: user programs. */
	ventry	el0_sync
	ventry	el0_irq
	ventry	bad_10
	ventry	bad_11
	/* Lower EL, AArch32: not supported. */
	ventry	bad_12
	ventry	bad_13
	ventry	bad_14
	ventry	bad_15

.irp n, 0, 1, 2, 3, 6, 7, 10, 11, 12, 13, 14, 15
bad_\n:
	save_frame
	mov	x1, #\n
	bl	trap_bad
	b	.
.endr

el1_sync:
	save_frame
	bl	trap_kernel_sync
	b	restore_frame

el1_irq:
	save_frame
	mov	x1, #0
	bl	trap_irq
	b	restore_frame

	/* Two exceptions are handled before the kernel lock, when they need
	 * nothing but this CPU and this thread (trap.c): a first FP
	 * instruction, and a yield with nothing else to run. The class is
	 * told here, so a system call pays a compare, not a call, and goes
	 * straight to its dispatch. */
el0_sync:
	save_frame
	load_current
	mrs	x9, esr_el1
	lsr	x9, x9, #26
	cmp	x9, #EC_SVC64
	b.ne	1f
	cmp	x8, #SYS_yield
	b.ne	el0_svc
	bl	trap_user_yield
	cbnz	w0, restore_frame
el0_svc:
	bl	kernel_lock
	mov	x0, sp
	bl	trap_user_svc
	b	trap_return_to_user
1:	cmp	x9, #EC_FP_ACCESS
	b.ne	el0_locked
	bl	trap_user_fp
	b	restore_frame
el0_locked:
	bl	kernel_lock
	mov	x0, sp
	bl	trap_user_sync
	b	trap_return_to_user

el0_irq:
	save_frame
	load_current
	bl	kernel_lock
	mov	x0, sp
	mov	x1, #1
	bl	trap_irq
	b	trap_return_to_user

	/* void arch_return_to_user(struct trap_frame *f): back to EL0 with
	 * f, at the top of the running thread's kernel stack, whatever is
	 * below it (a thread that starts or resumes afresh: sched.c). */
	.global arch_return_to_user
arch_return_to_user:
	mov	sp, x0
	/* Back to EL0 with the frame at sp: the lock goes first (interrupts
	 * are masked until the eret). */
	.global trap_return_to_user
trap_return_to_user:
	bl	kernel_unlock
restore_frame:
	ldp	x22, x23, [sp, #16 * 16]
	ldp	x30, x21, [sp, #16 * 15]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	msr	sp_el0, x21
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
	eret
