/*
 * gic.c - the GICv2 interrupt controller on QEMU virt.
 *
 * Every device interrupt (SPI) goes to the boot CPU with one priority; the
 * kernel only enables the lines it handles, and a device's line only while
 * its interrupt object is bound and not pending (object/irq.c). SPIs keep
 * the distributor's reset configuration, level-sensitive: a line raised
 * until the device is told, as virtio-mmio's are. Each CPU has its own
 * CPU interface, timer interrupt (a PPI) and software-generated interrupts
 * (SGIs, banked per CPU in the distributor): SGI 0 asks a CPU to
 * reschedule (smp.c), SGI 1 only ends a WFI (kernel_lock.c).
 */
#include <irq.h>
#include <mmio.h>
#include <smp.h>
#include "plat.h"

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xf00
#define GICC_CTLR	0x000
#define GICC_PMR	0x004
#define GICC_IAR	0x00c
#define GICC_EOIR	0x010

#define INTID_SPURIOUS 1023
#define PRIO_WAKE      0x00 /* the wake-up SGI: above every other interrupt */
#define PRIO_WAKE_MASK 0x40 /* GICC_PMR while waiting for it: nothing else passes */

static volatile uint32_t *gicd(unsigned off)
{
	return (volatile uint32_t *)(KDEV(PLAT_GICD_BASE) + off);
}

static volatile uint32_t *gicc(unsigned off)
{
	return (volatile uint32_t *)(KDEV(PLAT_GICC_BASE) + off);
}

void irq_controller_init(void)
{
	*gicd(GICD_CTLR) = 1;
	irq_cpu_init();
}

void irq_cpu_init(void)
{
	/* ITARGETSR0..7 read as this CPU's own bit: its CPU interface's
	 * number, which SGIR's target list uses. */
	this_cpu()->arch.gic_mask = *(volatile uint8_t *)gicd(GICD_ITARGETSR);
	*gicc(GICC_PMR) = 0xff;
	*gicc(GICC_CTLR) = 1;
	irq_enable_line(IRQ_SGI_RESCHEDULE);
	irq_enable_line(IRQ_SGI_WAKE);
	((volatile uint8_t *)gicd(GICD_IPRIORITYR))[IRQ_SGI_WAKE] = PRIO_WAKE;
}

void arch_wait_for_wake(void)
{
	/* Only the wake-up SGI passes the mask: a timer tick or a device
	 * interrupt pending meanwhile would end every WFI at once (they
	 * wait, masked, until the lock is held). The SGI is taken here,
	 * so it does not end the next WFI too. */
	*gicc(GICC_PMR) = PRIO_WAKE_MASK;
	dsb(sy);
	isb();
	wait_for_interrupt();
	uint32_t iar = *gicc(GICC_IAR);
	if ((iar & 0x3ff) != INTID_SPURIOUS)
		*gicc(GICC_EOIR) = iar;
	*gicc(GICC_PMR) = 0xff;
	dsb(sy);
	isb();
}

static void send_sgi(struct cpu *c, unsigned sgi)
{
	dsb(ishst); /* what it is to see is visible before the interrupt */
	*gicd(GICD_SGIR) = (uint32_t)c->arch.gic_mask << 16 | sgi;
}

void arch_send_reschedule(struct cpu *c)
{
	send_sgi(c, IRQ_SGI_RESCHEDULE);
}

void arch_send_wake(struct cpu *c)
{
	send_sgi(c, IRQ_SGI_WAKE);
}

void irq_enable_line(unsigned intid)
{
	volatile uint8_t *prio = (volatile uint8_t *)gicd(GICD_IPRIORITYR);
	volatile uint8_t *target = (volatile uint8_t *)gicd(GICD_ITARGETSR);
	prio[intid] = 0x80;
	if (intid >= 32)
		target[intid] = cpus[0].arch.gic_mask;
	gicd(GICD_ISENABLER)[intid / 32] = 1u << (intid % 32);
}

void irq_disable_line(unsigned intid)
{
	gicd(GICD_ICENABLER)[intid / 32] = 1u << (intid % 32);
}

int irq_acknowledge(void)
{
	uint32_t iar = *gicc(GICC_IAR);
	unsigned intid = iar & 0x3ff;
	if (intid == INTID_SPURIOUS)
		return -1;
	return (int)iar;
}

void irq_end(int iar)
{
	*gicc(GICC_EOIR) = (uint32_t)iar;
}
