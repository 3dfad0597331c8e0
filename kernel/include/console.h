/* console.h - the kernel's console: the board's UART behind two calls. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <types.h>

void console_init(void);
/* Write n bytes, turning "\n" into "\r\n". Polls; safe with interrupts off. */
void console_write(const char *s, size_t n);
/* Return the next received byte, or -1 if none is waiting. */
int console_getc(void);

#endif
