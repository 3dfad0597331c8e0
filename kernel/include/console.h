/* console.h - the kernel's console: the board's UART behind two calls. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <types.h>

void console_init(void);
/* Write n bytes, turning "\n" into "\r\n". Polls; safe with interrupts off. */
void console_write(const char *s, size_t n);
/* Return the next received byte, or -1 if none is waiting (polling). */
int console_getc(void);
/* Deliver received bytes by interrupt from now on. */
void console_enable_input_irq(void);
/* The UART's interrupt: move received bytes to the input queue. */
void console_irq(void);

/* The input queue (lib/console_input.c). */
void console_input_push(char c);
/* Block until input is there, then take up to n bytes: how many. */
size_t console_input_read(char *buf, size_t n);
/* Whether a byte is there to read. */
bool console_input_ready(void);

/* The foreground programs (lib/console_foreground.c): Ctrl-C ends them. */
void console_set_foreground(const int *pids, int n);
/* Ctrl-C was typed: end the foreground programs still alive. False if
 * there were none (the key is then input like any other). */
bool console_interrupt(void);

#endif
