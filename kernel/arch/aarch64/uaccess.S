/*
 * uaccess.S - copying between the kernel and user memory.
 *
 * The user side is read with LDTRB and written with STTRB, which check EL0's
 * permissions: a user pointer into kernel memory or a read-only page faults
 * exactly as the program itself would. Each such instruction is listed in
 * the .uaccess_fixup table; when one faults and the fault handler cannot
 * resolve it (a lazy page is resolved and the instruction retried), the
 * handler resumes at the fixup, which returns -EFAULT.
 */
#define EFAULT 14

.macro uaccess_entry insn_label
	.pushsection .uaccess_fixup, "a"
	.balign	8
	.quad	\insn_label, uaccess_fault
	.popsection
.endm

	.text
/* long arch_copy_from_user(void *dst, const void *usrc, size_t n)
 * While the user address is aligned (a message or a batch of entries is):
 * 32 bytes a turn (four loads, each with its fixup, and two pair stores:
 * a 4 KiB reply in about 1,200 instructions, not 3,600), then 8, then byte
 * by byte. */
	.global arch_copy_from_user
arch_copy_from_user:
	tst	x1, #7
	b.ne	3f
5:	cmp	x2, #32
	b.lo	4f
from_user_load32a:
	ldtr	x3, [x1]
	uaccess_entry from_user_load32a
from_user_load32b:
	ldtr	x4, [x1, #8]
	uaccess_entry from_user_load32b
from_user_load32c:
	ldtr	x5, [x1, #16]
	uaccess_entry from_user_load32c
from_user_load32d:
	ldtr	x6, [x1, #24]
	uaccess_entry from_user_load32d
	stp	x3, x4, [x0], #16
	stp	x5, x6, [x0], #16
	add	x1, x1, #32
	sub	x2, x2, #32
	b	5b
4:	cmp	x2, #8
	b.lo	3f
from_user_load8:
	ldtr	x3, [x1]
	uaccess_entry from_user_load8
	add	x1, x1, #8
	str	x3, [x0], #8
	sub	x2, x2, #8
	b	4b
3:	cbz	x2, 2f
1:
from_user_load:
	ldtrb	w3, [x1]
	uaccess_entry from_user_load
	add	x1, x1, #1
	strb	w3, [x0], #1
	subs	x2, x2, #1
	b.ne	1b
2:	mov	x0, #0
	ret

/* long arch_copy_to_user(void *udst, const void *src, size_t n): the same,
 * the other way. */
	.global arch_copy_to_user
arch_copy_to_user:
	tst	x0, #7
	b.ne	3f
5:	cmp	x2, #32
	b.lo	4f
	ldp	x3, x4, [x1], #16
	ldp	x5, x6, [x1], #16
to_user_store32a:
	sttr	x3, [x0]
	uaccess_entry to_user_store32a
to_user_store32b:
	sttr	x4, [x0, #8]
	uaccess_entry to_user_store32b
to_user_store32c:
	sttr	x5, [x0, #16]
	uaccess_entry to_user_store32c
to_user_store32d:
	sttr	x6, [x0, #24]
	uaccess_entry to_user_store32d
	add	x0, x0, #32
	sub	x2, x2, #32
	b	5b
4:	cmp	x2, #8
	b.lo	3f
	ldr	x3, [x1], #8
to_user_store8:
	sttr	x3, [x0]
	uaccess_entry to_user_store8
	add	x0, x0, #8
	sub	x2, x2, #8
	b	4b
3:	cbz	x2, 2f
1:	ldrb	w3, [x1], #1
to_user_store:
	sttrb	w3, [x0]
	uaccess_entry to_user_store
	add	x0, x0, #1
	subs	x2, x2, #1
	b.ne	1b
2:	mov	x0, #0
	ret

uaccess_fault:
	mov	x0, #-EFAULT
	ret
