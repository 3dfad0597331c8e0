/*
 * start.c - from the kernel's entry to main and back out.
 *
 * The loader has already placed .data and zeroed .bss (fresh pages are
 * zero), so all that is left before main is the heap, picolibc's
 * thread-local block (errno lives there), the constructors, and what the
 * parent passed besides argv (startinfo.c).
 *
 * The heap is mapped as malloc grows it (heap.c).
 */
#include <stdlib.h>
#include <picotls.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "console_stdio.h"
#include "startinfo.h"

extern char __tls_base[];
extern void __libc_init_array(void);
extern int main(int argc, char **argv);

void __bower_start(int argc, char **argv) __attribute__((noreturn));

void __bower_start(int argc, char **argv)
{
	_init_tls(__tls_base);
	_set_tls(__tls_base);
	__libc_init_array();
	startinfo_take();
	exit(main(argc, argv));
}

/* picolibc's exit() runs the atexit handlers and ends here. */
void _exit(int status)
{
	console_stdio_flush();
	for (;;)
		bower_exit(status);
}
