/*
 * boot.S - from QEMU's reset state to C in the upper half.
 *
 * QEMU starts us at the physical address of _start with the MMU off, at EL2
 * (virtualization=on) or EL1. We:
 *   1. drop to EL1 if we are at EL2, giving EL1 the timer;
 *   2. clear .bss and take a boot stack (all addresses PC-relative, so they
 *      are physical while the MMU is off);
 *   3. build one translation table pair that maps the first 4 GiB of
 *      physical space with 1 GiB blocks, device memory below RAM and normal
 *      memory from RAM up, and install it in both TTBR0 (so the instructions
 *      right after turning the MMU on still run at their physical address)
 *      and TTBR1 (the upper half, where the kernel is linked);
 *   4. turn the MMU and caches on and jump to kmain at its linked address.
 * This map is writable and executable everywhere; kmain first replaces it
 * in TTBR1 with the kernel's W^X map (kmap.c), then drops the identity map
 * by giving TTBR0 an empty table.
 */
#include <arch/sysregs.h>

/* EL2 -> EL1 (to label): AArch64 at EL1, timer registers open to EL1. */
.macro drop_to_el1 label
	mov	x0, #HCR_EL2_RW
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	ldr	x0, =SCTLR_EL1_RESERVED
	msr	sctlr_el1, x0
	mov	x0, #SPSR_EL1H_MASKED
	msr	spsr_el2, x0
	adr	x0, \label
	msr	elr_el2, x0
	eret
.endm

	.section .text.boot, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.ne	at_el1

	drop_to_el1 at_el1_from_el2

at_el1_from_el2:
	mov	x20, #1
	b	1f
at_el1:
	mov	x20, #0
1:
	/* Floating point and SIMD: the kernel may save and load them, user
	 * code traps until its thread owns them (fpu.c). */
	mov	x0, #(1 << 20)
	msr	cpacr_el1, x0
	isb

	/* Clear .bss (physical addresses: the MMU is still off). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
2:	cmp	x0, x1
	b.hs	3f
	str	xzr, [x0], #8
	b	2b
3:
	adrp	x0, boot_entered_from_el2
	add	x0, x0, :lo12:boot_entered_from_el2
	str	x20, [x0]

	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0

	/* L0[0] -> L1; L1[i] is the 1 GiB block at i GiB. */
	adrp	x0, boot_l0
	add	x0, x0, :lo12:boot_l0
	adrp	x1, boot_l1
	add	x1, x1, :lo12:boot_l1
	orr	x2, x1, #PTE_TABLE
	str	x2, [x0]

	ldr	x3, =BOOT_BLOCK_DEVICE
	str	x3, [x1, #0]			/* 0-1 GiB: devices */
	ldr	x3, =BOOT_BLOCK_NORMAL
	mov	x4, #1
4:	lsl	x5, x4, #30
	orr	x5, x5, x3
	str	x5, [x1, x4, lsl #3]		/* 1-4 GiB: RAM */
	add	x4, x4, #1
	cmp	x4, #4
	b.ne	4b

	ldr	x1, =MAIR_VALUE
	msr	mair_el1, x1
	ldr	x1, =TCR_VALUE
	mrs	x2, id_aa64mmfr0_el1		/* IPS = the CPU's physical range */
	and	x2, x2, #7
	bfi	x1, x2, #32, #3
	msr	tcr_el1, x1
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x0
	tlbi	vmalle1
	dsb	ish
	isb

	mrs	x1, sctlr_el1
	ldr	x2, =(SCTLR_M | SCTLR_C | SCTLR_I)
	orr	x1, x1, x2
	msr	sctlr_el1, x1
	isb

	/* Now in the upper half: stack, vectors, C. */
	ldr	x0, =boot_stack_top
	mov	sp, x0
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	isb
	ldr	x0, =kmain
	br	x0

/*
 * A secondary CPU, started by PSCI CPU_ON (smp.c) at the physical address
 * of secondary_entry with the MMU off and x0 = the physical address of its
 * struct secondary_boot: the boot CPU's final SCTLR, TCR, MAIR and TTBR1
 * (the kernel's W^X map), and where to go once translation is on. TTBR0
 * gets the boot identity map above, still in .bss, for the instructions
 * right after the MMU is enabled; the C entry replaces it with the empty
 * user table and drops its entries from this CPU's TLB.
 */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.ne	secondary_at_el1
	drop_to_el1 secondary_at_el1
secondary_at_el1:
	mov	x0, #(1 << 20)			/* FP/SIMD as on the boot CPU */
	msr	cpacr_el1, x0
	ldp	x1, x2, [x19, #0]		/* sctlr, tcr */
	ldp	x3, x4, [x19, #16]		/* mair, ttbr1 */
	msr	mair_el1, x3
	msr	tcr_el1, x2
	adrp	x0, boot_l0
	add	x0, x0, :lo12:boot_l0
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x4
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x1
	isb
	ldp	x5, x6, [x19, #32]		/* stack top, struct cpu (virtual) */
	ldr	x7, [x19, #48]			/* the C entry (virtual) */
	mov	sp, x5
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	isb
	mov	x0, x6
	br	x7

	.bss
	.balign	4096
boot_l0:	.space	4096
boot_l1:	.space	4096
	.global boot_stack, boot_stack_top
boot_stack:	.space	16384
boot_stack_top:
	.global boot_entered_from_el2
	.balign 8
boot_entered_from_el2:	.space	8
