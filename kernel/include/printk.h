/* printk.h - kernel console output and panics. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <types.h>

/* Format into buf (always NUL-terminated if size > 0); returns the length
 * the full output would have. Supports %d %i %u %x %p %s %c %% with the
 * l/ll/z length modifiers, a width and the 0 and - flags. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print to the console. Safe in any context: it polls the UART. */
void printk(const char *fmt, ...) printf_like;

/* Print "bower: panic: <message>" with the caller's location and power off
 * with a failure status. Only for broken kernel invariants, never for a
 * user's mistake. */
noreturn void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#define assert(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			panic("assertion failed: %s", #cond);                                      \
	} while (0)

#endif
