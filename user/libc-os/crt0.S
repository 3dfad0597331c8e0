/*
 * crt0.S - where a Bower program starts.
 *
 * The kernel enters at _start with x0 = argc, x1 = argv and sp on a
 * 16-byte-aligned stack above the argument strings; the frame pointer and
 * link register are zeroed so backtraces end here.
 */
	.section .text.start, "ax"
	.global _start
_start:
	mov	x29, #0
	mov	x30, #0
	b	__bower_start
