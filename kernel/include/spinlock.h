/*
 * spinlock.h - a test-and-set lock, in parts, so that a lock can choose
 * how to wait (kernel_lock.c spins a while, then sleeps in WFI).
 *
 * Not a ticket lock: tickets hand the lock to the CPUs in turn, and when
 * the CPUs are threads of a busy host (QEMU's) the next in turn is often
 * not running, so every hand-over waited for the host to run it (spawn
 * storms on 4 CPUs ran three times slower than with test-and-set). A
 * CPU that is running takes a free lock at once. Interrupts must be
 * masked while a spinlock is held.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <types.h>

struct spinlock {
	uint32_t locked;
};

/* One try: true if the lock was free and is now this CPU's (acquire). */
bool spin_trylock(struct spinlock *l);
/* Whether it looks held (a plain look, for waiting). */
bool spin_is_locked(struct spinlock *l);
/* A short wait between two looks, until a release signals (WFE). */
void spin_pause(void);
/* Release (store with release semantics), and wake CPUs in spin_pause. */
void spin_unlock(struct spinlock *l);

#endif
