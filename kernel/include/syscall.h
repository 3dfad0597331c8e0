/* syscall.h - system call dispatch and the helpers every handler uses. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <types.h>
#include <arch/trap.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

typedef long (*syscall_fn)(struct trap_frame *f);
extern const syscall_fn syscall_table[SYS_COUNT];
extern const char *const syscall_names[SYS_COUNT]; /* for the thread dump */

/* Run the call the frame asks for and put its result in x0. */
void syscall_dispatch(struct trap_frame *f);

/* A call with results besides x0's (`->` in tools/syscalls.tbl): result
 * i (1, 2, ...) goes back to the calling thread in register x<i>. */
void syscall_result(unsigned i, uint64_t value);

/* Does [uptr, uptr + n) lie in user space, without wrapping around? It
 * says nothing about what is mapped there. */
bool user_range_ok(const void *uptr, size_t n);
/* Copy n bytes to/from user memory: 0 or -EFAULT, never a kernel fault,
 * whatever the pointer (kernel addresses, unmapped pages, wrap-around). */
long copy_from_user(void *dst, const void *usrc, size_t n);
long copy_to_user(void *udst, const void *src, size_t n);
/* Copy a NUL-terminated string of at most max bytes (with the NUL) from
 * user memory: its length, -EFAULT, or -ENAMETOOLONG if no NUL fits. */
long strncpy_from_user(char *dst, const char *usrc, size_t max);

#endif
