/*
 * timer.c - the Arm generic timer as the scheduler's tick.
 *
 * We use the EL1 virtual timer (CNTV): it is always there on QEMU virt, at
 * EL1 or after dropping from EL2, and its counter is the one user programs
 * read (CNTVCT_EL0 is opened to EL0 here), so user and kernel agree on time.
 */
#include <arch/cpu.h>
#include <irq.h>
#include <sched.h>
#include "../../plat/virt/plat.h"

static uint64_t ticks_interval;

void timer_init(unsigned hz)
{
	ticks_interval = arch_counter_freq() / hz;
	timer_cpu_init();
}

/* Each CPU has its own timer, and its own interrupt for it (a PPI). */
void timer_cpu_init(void)
{
	/* EL0 may read the virtual counter and its frequency. */
	write_sysreg(cntkctl_el1, read_sysreg(cntkctl_el1) | (1 << 1));
	write_sysreg(cntv_tval_el0, ticks_interval);
	write_sysreg(cntv_ctl_el0, 1);
	irq_enable_line(PLAT_IRQ_VTIMER);
}

void timer_handle(void)
{
	write_sysreg(cntv_tval_el0, ticks_interval);
	sched_tick();
}
