/*
 * kernel_lock.c - one big kernel lock, and why it is enough for now.
 *
 * Bower's kernel was written for one CPU: it runs with interrupts masked
 * and is never preempted, so every kernel path from entry to the return to
 * user mode (or to a context switch) is atomic, and no kernel data had a
 * lock. One lock taken at every kernel entry and released at every exit
 * keeps exactly that property on several CPUs: at any moment at most one
 * CPU runs kernel code, so every invariant that held on one CPU holds
 * still, and the code between entry and exit needs no change. What runs
 * in parallel is user code, which is most of the time of a program that
 * computes, and of a pager that predicts while its client runs.
 *
 * Where it is taken and released (kernel/arch/aarch64/vectors.S and
 * kernel/sched/sched.c):
 *   - entry from EL0 (synchronous exception or IRQ): taken before C runs;
 *   - return to EL0 (trap_return_to_user, also a new thread's first
 *     return): released after C is done, with interrupts masked, just
 *     before the registers are restored;
 *   - the idle loop releases it before WFI and takes it again after, then
 *     unmasks interrupts for a moment, so the IRQ handler at EL1 always
 *     runs with the lock held;
 *   - a secondary CPU takes it once its own registers are set up, before
 *     it first touches shared state (smp.c).
 * A context switch happens with the lock held and does not touch it: the
 * thread switched to goes on holding it and releases it on its own way
 * out. So a thread that sleeps in the kernel (a fault waiting for its
 * pager, an IPC call) gives the lock up only as a whole switch, and a
 * thread put on a run queue by one CPU cannot be taken by another before
 * the first has left its stack.
 *
 * Exceptions taken at EL1 (a user-copy fault, a kernel bug) come from code
 * that holds the lock already. Nothing in the kernel waits for another
 * CPU while holding it: TLB maintenance is broadcast by the hardware
 * (pagetable.c), and IPIs are only hints that need no answer.
 */
#include <kernel_lock.h>
#include <spinlock.h>
#include <sched.h>
#include <smp.h>
#include <printk.h>
#include <arch/cpu.h>

/* Looks at the lock (WFE between them) before a waiter sleeps. */
#define SPINS_BEFORE_SLEEP 1024

static struct spinlock lock;
static int holder = -1;	  /* the holding CPU's id, for kernel_lock_held */
static uint32_t sleepers; /* CPUs waiting in WFI for the lock, one bit each */

/*
 * A waiter spins for a while, then sleeps in WFI, which a release ends
 * with an IPI (SGI 1, which does nothing else) to one sleeper at a time;
 * while it sleeps, no other interrupt ends the WFI (arch_wait_for_wake).
 * Spinning alone takes the time a waiter shares with the holder when CPUs
 * are threads of a busy host (QEMU's), where a holder is often not
 * running; a waiter that sleeps gives it that time. The sleeper sets its
 * bit, then looks once more; the release frees the lock, then reads the
 * bits; with a full barrier on both sides, either the sleeper sees the
 * lock free or the release sees the bit, and an IPI sent before the WFI
 * leaves it pending, so the WFI returns at once. A woken sleeper that
 * finds the lock taken again waits again; the next release wakes the
 * next sleeper.
 */
static __attribute__((noinline, cold)) void lock_slowly(struct cpu *c)
{
	if (holder == (int)c->id) /* held already, so the try failed */
		panic("kernel lock taken twice by CPU %u", c->id);
	for (unsigned spins = 0;; spins++) {
		if (spin_trylock(&lock)) {
			holder = (int)c->id;
			return;
		}
		if (spins < SPINS_BEFORE_SLEEP) {
			spin_pause();
			continue;
		}
		__atomic_or_fetch(&sleepers, 1u << c->id, __ATOMIC_SEQ_CST);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (spin_is_locked(&lock))
			arch_wait_for_wake();
		__atomic_and_fetch(&sleepers, ~(1u << c->id), __ATOMIC_SEQ_CST);
	}
}

/* Every kernel entry comes here, so the free lock is taken in a few
 * instructions; waiting (and the check for a lock taken twice, which a
 * try can only fail) is out of line. */
void kernel_lock(void)
{
	struct cpu *c = this_cpu();
	if (__builtin_expect(!spin_trylock(&lock), 0))
		return lock_slowly(c);
	holder = (int)c->id;
}

/* One sleeper at a time: it takes the lock or sleeps again, and every
 * release costs at most one IPI. */
static __attribute__((noinline, cold)) void wake_a_sleeper(uint32_t wake)
{
	unsigned i = (unsigned)__builtin_ctz(wake);
	__atomic_and_fetch(&sleepers, ~(1u << i), __ATOMIC_SEQ_CST);
	arch_send_wake(&cpus[i]);
}

static inline void release(void)
{
	holder = -1;
	spin_unlock(&lock);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	uint32_t wake = __atomic_load_n(&sleepers, __ATOMIC_RELAXED);
	if (__builtin_expect(wake != 0, 0))
		wake_a_sleeper(wake);
}

/* Whether another CPU may have to be told to take a thread (smp.c). Most
 * exits queued nothing (an IPC or a fault hands the CPU over directly),
 * and with the lock held one look at the two queues is exact: that saves
 * a walk over every CPU. */
static inline bool may_kick(void)
{
	return cpus_online > 1 && !sched_nothing_waiting_hint();
}

/* Out of line: the common exit does not pay for its frame. */
static __attribute__((noinline)) void release_kicking(void)
{
	smp_kick_for_runnable();
	release();
}

void kernel_unlock(void)
{
	if (__builtin_expect(holder != (int)this_cpu()->id, 0))
		panic("kernel lock released by CPU %u, held by %d", this_cpu()->id, holder);
	if (__builtin_expect(may_kick(), 0))
		return release_kicking();
	release();
}

bool kernel_lock_held(void)
{
	return holder == (int)this_cpu()->id;
}
