/*
 * kernel_lock.h - the one lock over the kernel's shared state.
 *
 * Taken on every entry from user mode (system call, fault, interrupt) and
 * by an idle CPU woken by an interrupt; released on the way back to user
 * mode and by an idle CPU before it waits. It is held across context
 * switches: the thread that runs next releases it (docs/smp.md).
 */
#ifndef KERNEL_KERNEL_LOCK_H
#define KERNEL_KERNEL_LOCK_H

#include <types.h>

/* Interrupts masked; this CPU must not hold the lock. */
void kernel_lock(void);
/* This CPU holds the lock; interrupts masked. */
void kernel_unlock(void);
/* Whether this CPU holds it (for assertions). */
bool kernel_lock_held(void);

#endif
