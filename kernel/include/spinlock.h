/*
 * spinlock.h - a ticket lock: CPUs get it in the order they asked.
 *
 * Fairness matters more than a few cycles here: the kernel lock is the one
 * lock every CPU takes on every kernel entry, and a lock that lets one CPU
 * win again and again would starve the others. A waiting CPU sleeps in WFE
 * (arch/aarch64/spinlock.c) until the holder's release signals it.
 * Interrupts must be masked while a spinlock is held.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <types.h>

struct spinlock {
	uint32_t next;	  /* the ticket the next CPU to ask draws */
	uint32_t serving; /* the ticket that holds the lock */
};

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

#endif
