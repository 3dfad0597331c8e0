/*
 * panic.c - the end of the line for a broken kernel invariant.
 *
 * Prints the cause and powers off with a failure status, so a test run sees
 * the failure in QEMU's exit code as well as on the console.
 */
#include <printk.h>
#include <arch/cpu.h>

#define PANIC_EXIT_STATUS 3

noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	irq_disable();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("\nbower: panic: %s\nbower: panic at %s:%d\n", buf, file, line);
	arch_poweroff(PANIC_EXIT_STATUS);
}
