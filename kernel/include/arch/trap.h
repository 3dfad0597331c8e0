/* trap.h - the saved user/kernel state at an exception, and trap entry points. */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#define FRAME_SIZE 288 /* sizeof(struct trap_frame), 16-byte aligned */

#ifndef __ASSEMBLER__
#include <types.h>

/* Saved on the kernel stack by vectors.S at every exception. */
struct trap_frame {
	uint64_t x[31]; /* x0-x30 */
	uint64_t sp_el0;
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad[2];
};
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame layout");

/* Called from vectors.S. */
void trap_kernel_sync(struct trap_frame *f);
void trap_user_svc(struct trap_frame *f);
enum fault_result;
/* The end of a page fault from user mode: the access is retried (resolved,
 * or the thread was killed and exits on its way out), or the program is
 * killed with what went wrong (far, and VM_READ/VM_WRITE/VM_EXEC). */
void trap_user_fault_done(enum fault_result r, uint64_t far, unsigned access);
void trap_user_sync(struct trap_frame *f);
void trap_user_fp(void);		   /* without the kernel lock */
bool trap_user_yield(struct trap_frame *f); /* true: handled, without the kernel lock */
void trap_irq(struct trap_frame *f, bool from_user);
void trap_bad(struct trap_frame *f, unsigned kind);

/* Return to user mode with f, the frame at the top of the running thread's
 * kernel stack, dropping whatever is below it (a thread that starts, or
 * resumes a parked system call: sched.c). */
noreturn void arch_return_to_user(struct trap_frame *f);

/* Copy to or from user memory. The user side is accessed with EL0's rights
 * (LDTR/STTR), and a fault that cannot be resolved ends the copy: returns 0
 * or -EFAULT. The caller checks the range lies below USER_TOP first. */
long arch_copy_from_user(void *dst, const void *usrc, size_t n);
long arch_copy_to_user(void *udst, const void *src, size_t n);

/* If pc is a user-access instruction, return its fixup address, else 0. */
uint64_t uaccess_fixup_for(uint64_t pc);
/* An abort at EL1 while a boot protection probe runs (protect.c): record
 * it, resume the probe at its fixup and return true; else false. */
bool probe_fault(struct trap_frame *f, uint64_t esr);
#endif

#endif
