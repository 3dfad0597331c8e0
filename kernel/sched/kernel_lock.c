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
#include <smp.h>
#include <printk.h>

static struct spinlock lock;
static int holder = -1; /* the holding CPU's id, for kernel_lock_held */

void kernel_lock(void)
{
	if (holder == (int)this_cpu()->id)
		panic("kernel lock taken twice by CPU %u", this_cpu()->id);
	if (!(read_sysreg(daif) & (1 << 7)))
		panic("kernel lock taken with interrupts on, CPU %u", this_cpu()->id);
	spin_lock(&lock);
	holder = (int)this_cpu()->id;
}

void kernel_unlock(void)
{
	if (holder != (int)this_cpu()->id)
		panic("kernel lock released by CPU %u, held by %d", this_cpu()->id, holder);
	smp_kick_for_runnable();
	holder = -1;
	spin_unlock(&lock);
}

bool kernel_lock_held(void)
{
	return holder == (int)this_cpu()->id;
}
