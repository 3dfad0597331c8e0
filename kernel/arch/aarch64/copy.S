/*
 * copy.S - copying bytes between two kernel addresses, fast.
 *
 * For copies between pages the kernel reaches through its own map of
 * memory, where neither side needs LDTR/STTR or a fixup: a new program's
 * text from the ramdisk into its pages (vmspace_write), and file data
 * between a server and its caller (kernel/ipc/ipc_bulk.c). The C memcpy moves
 * a word a turn, and a byte a turn unless both sides and the length are
 * 8-aligned, which a file in a cpio archive (4-aligned) seldom is; this
 * moves 128 bytes a turn in eight load pairs and eight store pairs, 18
 * instructions, so a 4 KiB page costs under 600. Both sides are normal
 * memory and SCTLR_EL1.A is clear, so pairs need no alignment.
 */

	.text
/* void arch_copy_bytes(void *dst, const void *src, size_t n) */
	.global arch_copy_bytes
arch_copy_bytes:
	subs	x2, x2, #128
	b.lo	2f
1:	ldp	x3, x4, [x1], #128
	ldp	x5, x6, [x1, #-112]
	ldp	x7, x8, [x1, #-96]
	ldp	x9, x10, [x1, #-80]
	stp	x3, x4, [x0], #128
	stp	x5, x6, [x0, #-112]
	stp	x7, x8, [x0, #-96]
	stp	x9, x10, [x0, #-80]
	ldp	x3, x4, [x1, #-64]
	ldp	x5, x6, [x1, #-48]
	ldp	x7, x8, [x1, #-32]
	ldp	x9, x10, [x1, #-16]
	stp	x3, x4, [x0, #-64]
	stp	x5, x6, [x0, #-48]
	stp	x7, x8, [x0, #-32]
	stp	x9, x10, [x0, #-16]
	subs	x2, x2, #128
	b.hs	1b
2:	adds	x2, x2, #128 - 16	/* what is left, less one pair */
	b.lo	4f
3:	ldp	x3, x4, [x1], #16
	stp	x3, x4, [x0], #16
	subs	x2, x2, #16
	b.hs	3b
4:	adds	x2, x2, #16		/* what is left: 0 to 15 bytes */
	b.eq	6f
5:	ldrb	w3, [x1], #1
	strb	w3, [x0], #1
	subs	x2, x2, #1
	b.ne	5b
6:	ret
