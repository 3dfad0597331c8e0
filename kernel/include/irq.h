/* irq.h - the interrupt controller behind a narrow interface. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

void irq_controller_init(void);
void irq_enable_line(unsigned intid);
/* Mask a line: it interrupts no more until enabled again (a pending
 * interrupt waits at the controller meanwhile). */
void irq_disable_line(unsigned intid);
/* Take the highest pending interrupt: a token for irq_end (its interrupt
 * id is token & 0x3ff), or -1 if nothing is pending. */
int irq_acknowledge(void);
void irq_end(int token);

/* The periodic scheduler tick. */
void timer_init(unsigned hz);
void timer_handle(void);

#endif
