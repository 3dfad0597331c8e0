/*
 * probe.S - accesses the kernel makes on purpose, to see whether they fault.
 *
 * protect.c proves the protections at boot by trying what they forbid. A
 * probe stores the address to resume at in probe_fixup before its one
 * access; a data or instruction abort at EL1 while probe_fixup is set is
 * the probe's (trap.c asks probe_fault), which records the syndrome and
 * resumes there. Each returns 0 if the access happened, -1 if it faulted.
 * Only boot uses them, on one CPU with interrupts masked.
 */

.macro arm_fixup label
	adr	x9, \label
	adrp	x10, probe_fixup
	str	x9, [x10, :lo12:probe_fixup]
.endm

.macro disarm
	adrp	x10, probe_fixup
	str	xzr, [x10, :lo12:probe_fixup]
.endm

	.text
/* long probe_read(const void *p): a privileged load of one byte. */
	.global probe_read
probe_read:
	arm_fixup 1f
	ldrb	w11, [x0]
	disarm
	mov	x0, #0
	ret
1:	mov	x0, #-1
	ret

/* long probe_write(void *p, uint8_t byte): a privileged store of one byte
 * (the caller passes the byte already there, so success changes nothing). */
	.global probe_write
probe_write:
	arm_fixup 1f
	strb	w1, [x0]
	disarm
	mov	x0, #0
	ret
1:	mov	x0, #-1
	ret

/* long probe_exec(const void *p): call p, which holds a RET. The fault
 * comes from fetching at p, so the return address is kept in x12, which
 * the exception entry saves and restores like every register. */
	.global probe_exec
probe_exec:
	mov	x12, x30
	arm_fixup 1f
	blr	x0
	disarm
	mov	x30, x12
	mov	x0, #0
	ret
1:	mov	x30, x12
	mov	x0, #-1
	ret

	.bss
	.balign	8
	.global probe_fixup
probe_fixup:	.space	8
