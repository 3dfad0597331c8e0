/*
 * gic.c - the GICv2 interrupt controller on QEMU virt.
 *
 * One CPU, so every interrupt goes to CPU 0 with one priority; the kernel
 * only enables the lines it handles, and a device's line only while its
 * interrupt object is bound and not pending (object/irq.c). SPIs keep the
 * distributor's reset configuration, level-sensitive: a line raised until
 * the device is told, as virtio-mmio's are.
 */
#include <irq.h>
#include <mmio.h>
#include "plat.h"

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICC_CTLR	0x000
#define GICC_PMR	0x004
#define GICC_IAR	0x00c
#define GICC_EOIR	0x010

#define INTID_SPURIOUS 1023

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
	*gicc(GICC_PMR) = 0xff;
	*gicc(GICC_CTLR) = 1;
}

void irq_enable_line(unsigned intid)
{
	volatile uint8_t *prio = (volatile uint8_t *)gicd(GICD_IPRIORITYR);
	volatile uint8_t *target = (volatile uint8_t *)gicd(GICD_ITARGETSR);
	prio[intid] = 0x80;
	if (intid >= 32)
		target[intid] = 1;
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
