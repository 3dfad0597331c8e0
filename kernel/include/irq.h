/* irq.h - the interrupt controller behind a narrow interface. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

/* The distributor, then the boot CPU's interface (irq_cpu_init). */
void irq_controller_init(void);
/* This CPU's interface, and its reschedule SGI enabled. */
void irq_cpu_init(void);
#define IRQ_SGI_RESCHEDULE 0 /* interrupt ids 0-15 are SGIs */
#define IRQ_SGI_WAKE	   1 /* ends a WFI, nothing more */
void irq_enable_line(unsigned intid);
/* Mask a line: it interrupts no more until enabled again (a pending
 * interrupt waits at the controller meanwhile). */
void irq_disable_line(unsigned intid);
/* Take the highest pending interrupt: a token for irq_end (its interrupt
 * id is token & 0x3ff), or -1 if nothing is pending. */
int irq_acknowledge(void);
void irq_end(int token);

/* The periodic scheduler tick: timer_init on the boot CPU, then
 * timer_cpu_init on each other CPU, for its own timer. */
void timer_init(unsigned hz);
void timer_cpu_init(void);
void timer_handle(void);

#endif
