/*
 * smp.c - bringing up the other CPUs, and telling them there is work.
 *
 * The boot CPU reads the device tree's cpu nodes, finds its own by MPIDR,
 * and starts each other one through PSCI CPU_ON (arch_cpu_start) with a
 * fresh stack for its idle thread, one at a time: it waits until the new
 * CPU says it is up (its interrupt controller interface and timer set up,
 * all without touching shared state), so the boot log's count is the
 * number that really run. A new CPU then waits for the kernel lock, which
 * the boot CPU still holds until it first returns to user mode or idles.
 *
 * Waking: the run queue is shared, so a thread made runnable can run on
 * any CPU. When a CPU gives the kernel lock up and a thread still waits
 * on the queue (or waits for a free CPU: sched_wait_or_idle_begin), an
 * idle CPU (waiting in WFI without the lock) that may run it gets an IPI;
 * its flag is cleared at once, so the next look picks a second CPU, and
 * the CPU woken does the same when it leaves the kernel, so several
 * waiting threads wake several CPUs. Otherwise a CPU running a background
 * thread (one that only has a CPU while nobody else wants it, sched.h) is
 * asked to give it up. Telling at the unlock, not at the wake-up, saves
 * the IPI in the common case where the waker blocks next and this CPU
 * runs the thread it woke (a reply, a page from the pager).
 */
#include <smp.h>
#include <sched.h>
#include <irq.h>
#include <fdt.h>
#include <pmm.h>
#include <mmio.h>
#include <printk.h>
#include <kernel_lock.h>

struct cpu cpus[CPUS_MAX];
unsigned cpus_online = 1;
static volatile bool came_up;

void smp_boot_cpu_init(void)
{
	cpus[0].id = 0;
	arch_set_this_cpu(&cpus[0]);
	arch_set_current(NULL); /* no thread until sched_init */
}

void smp_start_secondaries(const void *dtb)
{
	struct fdt_cpu found[CPUS_MAX];
	int n = fdt_cpus(dtb, found, CPUS_MAX);
	uint64_t self = arch_cpu_mpidr();
	arch_psci_set_method(fdt_psci_method(dtb));
	if (n > CPUS_MAX) {
		printk("bower: using %d of the device tree's %d CPUs\n", CPUS_MAX, n);
		n = CPUS_MAX;
	}
	for (int i = 0; i < n; i++) {
		if (found[i].mpidr == self || !found[i].psci)
			continue;
		struct cpu *c = &cpus[cpus_online];
		paddr_t stack = page_alloc(KSTACK_ORDER);
		if (!stack)
			break;
		c->id = cpus_online;
		sched_cpu_init(c, KVA(stack));
		came_up = false;
		int err = arch_cpu_start(c, found[i].mpidr, (char *)KVA(stack) + KSTACK_SIZE);
		/* About a second: a CPU that does not come up is left out. */
		uint64_t deadline = arch_counter() + arch_counter_freq();
		while (err == 0 && !__atomic_load_n(&came_up, __ATOMIC_ACQUIRE) &&
		       arch_counter() < deadline)
			;
		if (err != 0 || !came_up) {
			printk("bower: CPU with MPIDR 0x%lx did not start (PSCI %d)\n",
			       (unsigned long)found[i].mpidr, err);
			page_free(stack, KSTACK_ORDER);
			continue;
		}
		cpus_online++;
	}
	printk("bower: %u CPU%s online\n", cpus_online, cpus_online == 1 ? "" : "s");
}

noreturn void smp_secondary_main(struct cpu *c)
{
	irq_cpu_init();
	timer_cpu_init();
	__atomic_store_n(&came_up, true, __ATOMIC_RELEASE);
	kernel_lock();
	(void)c;
	sched_start();
}

void smp_kick_for_runnable(void)
{
	struct cpu *self = this_cpu();
	for (unsigned i = 0; i < cpus_online; i++) {
		struct cpu *c = &cpus[i];
		if (c != self && c->idling &&
		    (sched_runnable_waiting(c) || sched_idle_work_waiting(c))) {
			c->idling = false;
			arch_send_reschedule(c);
			return;
		}
	}
	for (unsigned i = 0; i < cpus_online; i++) {
		struct cpu *c = &cpus[i];
		if (c != self && c->running->background && sched_runnable_waiting(c)) {
			c->need_resched = true; /* it only had the CPU while none wanted it */
			arch_send_reschedule(c);
			return;
		}
	}
}

void smp_reschedule_ipi(void)
{
	/* The idle loop looks at the run queue after any interrupt; a user
	 * thread looks on its way back (sched_preempt_point). */
	if (sched_runnable_waiting(this_cpu()))
		this_cpu()->need_resched = true;
}
