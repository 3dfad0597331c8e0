/*
 * spinlock.c - the ticket lock on AArch64.
 *
 * Drawing a ticket is one atomic add (an exclusive load/store pair; the
 * kernel is built for cores without LSE atomics). A waiter compares the
 * ticket being served with its own and sleeps in WFE between looks; the
 * release stores the next ticket with release semantics, then DSB so the
 * store is visible before SEV wakes the waiters, which would otherwise
 * look again, still see the old ticket and sleep with no event to come.
 */
#include <spinlock.h>

void spin_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket)
		__asm__ volatile("wfe" ::: "memory");
}

void spin_unlock(struct spinlock *l)
{
	/* Read, not remembered from spin_lock: the kernel lock is held across
	 * context switches, so the thread releasing it may not be the one
	 * that drew the ticket, and the compiler must not use the ticket a
	 * spin_lock in the same function saw. */
	uint32_t serving = __atomic_load_n(&l->serving, __ATOMIC_RELAXED);
	__atomic_store_n(&l->serving, serving + 1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb ish\n sev" ::: "memory");
}
