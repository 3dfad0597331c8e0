/*
 * spinlock.c - the test-and-set lock on AArch64.
 *
 * A try looks first and only then swaps (an exclusive load/store pair; the
 * kernel is built for cores without LSE atomics), so waiters read a shared
 * line rather than fight over it. A waiter waits in WFE between looks; the
 * release stores with release semantics, then DSB so the store is visible
 * before SEV wakes the waiters, which would otherwise look again, still
 * see the lock held and wait with no event to come.
 */
#include <spinlock.h>

bool spin_trylock(struct spinlock *l)
{
	return !__atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

bool spin_is_locked(struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

void spin_pause(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	__asm__ volatile("dsb ish\n sev" ::: "memory");
}
