/*
 * switch.S - switch kernel stacks between two threads.
 *
 * void arch_context_switch(struct cpu_context *from, struct cpu_context *to)
 * saves the callee-saved registers, the stack pointer, the return address
 * and the user's thread pointer of the running thread, and resumes the
 * other one where it last called this function (or, for a new thread or a
 * parked one, at the lr its context was given: sched.c). from is NULL when
 * the running thread keeps nothing of its kernel state (it was parked).
 * Caller-saved general registers are the compiler's business. The floating-point/SIMD registers are not
 * switched here but when a thread first uses them (fpu.c), by
 * arch_fp_save and arch_fp_load; the kernel is built without FP, so they
 * hold some thread's user values all along.
 */
.macro fp_regs op, base
	\op	q0, q1, [\base, #32 * 0]
	\op	q2, q3, [\base, #32 * 1]
	\op	q4, q5, [\base, #32 * 2]
	\op	q6, q7, [\base, #32 * 3]
	\op	q8, q9, [\base, #32 * 4]
	\op	q10, q11, [\base, #32 * 5]
	\op	q12, q13, [\base, #32 * 6]
	\op	q14, q15, [\base, #32 * 7]
	\op	q16, q17, [\base, #32 * 8]
	\op	q18, q19, [\base, #32 * 9]
	\op	q20, q21, [\base, #32 * 10]
	\op	q22, q23, [\base, #32 * 11]
	\op	q24, q25, [\base, #32 * 12]
	\op	q26, q27, [\base, #32 * 13]
	\op	q28, q29, [\base, #32 * 14]
	\op	q30, q31, [\base, #32 * 15]
.endm

	.text
	.arch	armv8-a+fp+simd
	.global arch_context_switch
arch_context_switch:
	cbz	x0, 1f
	stp	x19, x20, [x0, #16 * 0]
	stp	x21, x22, [x0, #16 * 1]
	stp	x23, x24, [x0, #16 * 2]
	stp	x25, x26, [x0, #16 * 3]
	stp	x27, x28, [x0, #16 * 4]
	stp	x29, x30, [x0, #16 * 5]
	mov	x9, sp
	mrs	x11, tpidr_el0
	stp	x9, x11, [x0, #16 * 6]

1:	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldp	x9, x11, [x1, #16 * 6]
	mov	sp, x9
	msr	tpidr_el0, x11
	ret

/* void arch_fp_save(struct cpu_context *c), arch_fp_load(...): the FP/SIMD
 * registers, FPCR and FPSR to or from c. */
	.global arch_fp_save
arch_fp_save:
	add	x10, x0, #112
	fp_regs	stp, x10
	mrs	x9, fpcr
	mrs	x11, fpsr
	add	x10, x10, #512
	stp	x9, x11, [x10]
	ret

	.global arch_fp_load
arch_fp_load:
	add	x10, x0, #112
	fp_regs	ldp, x10
	add	x10, x10, #512
	ldp	x9, x11, [x10]
	msr	fpcr, x9
	msr	fpsr, x11
	ret
