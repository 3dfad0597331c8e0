/*
 * uart_pl011.c - the console on QEMU virt's PL011 UART.
 *
 * Output polls the transmit FIFO so it works before interrupts exist and
 * inside a panic. Input arrives by interrupt: each received byte goes to
 * the console input queue (lib/console_input.c), where readers block.
 */
#include <console.h>
#include <mmio.h>
#include <irq.h>
#include "plat.h"

#define UART_DR	  0x00
#define UART_FR	  0x18
#define UART_IBRD 0x24
#define UART_FBRD 0x28
#define UART_LCRH 0x2c
#define UART_CR	  0x30
#define UART_IMSC 0x38
#define UART_ICR  0x44

#define FR_RXFE (1 << 4) /* receive FIFO empty */
#define INT_RX	(1 << 4) /* receive */
#define INT_RT	(1 << 6) /* receive timeout: bytes waiting in the FIFO */
#define FR_TXFF (1 << 5) /* transmit FIFO full */

static volatile uint32_t *uart_reg(unsigned off)
{
	return (volatile uint32_t *)(KDEV(PLAT_UART_BASE) + off);
}

void console_init(void)
{
	*uart_reg(UART_CR) = 0;
	*uart_reg(UART_ICR) = 0x7ff;
	*uart_reg(UART_IBRD) = 13; /* 115200 baud at 24 MHz; QEMU ignores it */
	*uart_reg(UART_FBRD) = 1;
	*uart_reg(UART_LCRH) = (3 << 5) | (1 << 4); /* 8 bits, FIFOs on */
	*uart_reg(UART_IMSC) = 0;
	*uart_reg(UART_CR) = (1 << 0) | (1 << 8) | (1 << 9); /* enable, TX, RX */
}

static void uart_putc(char c)
{
	while (*uart_reg(UART_FR) & FR_TXFF)
		;
	*uart_reg(UART_DR) = (uint32_t)(unsigned char)c;
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

int console_getc(void)
{
	if (*uart_reg(UART_FR) & FR_RXFE)
		return -1;
	return (int)(*uart_reg(UART_DR) & 0xff);
}

void console_enable_input_irq(void)
{
	*uart_reg(UART_IMSC) = INT_RX | INT_RT;
	irq_enable_line(PLAT_IRQ_UART);
}

/* The interrupt is cleared before the FIFO is drained, not after: a byte
 * arriving between the last read and a clear would have its interrupt
 * cleared with it, and wait in the FIFO (with all that comes after it)
 * for an interrupt that never comes. */
void console_irq(void)
{
	int c;
	*uart_reg(UART_ICR) = INT_RX | INT_RT;
	while ((c = console_getc()) >= 0)
		console_input_push((char)c);
}
