/* futex.h - waiting on a word of user memory (kernel/sched/futex.c). */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <types.h>

/* While the 32-bit word at addr (4-byte aligned) holds expected, wait
 * until futex_wake names it, or (deadline not 0) the counter reaches
 * deadline: 0 when woken, -EAGAIN if the word held something else,
 * -ETIMEDOUT, -EINTR (killed), -EFAULT, -EINVAL. */
long futex_wait(uintptr_t addr, uint32_t expected, uint64_t deadline);
/* Wake at most count waiters on the word at addr, oldest first: how many. */
long futex_wake(uintptr_t addr, unsigned long count);

#endif
