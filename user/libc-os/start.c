/*
 * start.c - from the kernel's entry to main and back out.
 *
 * The loader has already placed .data and zeroed .bss (fresh pages are
 * zero), so all that is left before main is the heap, picolibc's
 * thread-local block (errno lives there), the constructors, and what the
 * parent passed besides argv (startinfo.c).
 *
 * The heap: picolibc's malloc grows with sbrk between __heap_start and
 * __heap_end (user/user.ld). We map that range once as lazy anonymous
 * memory, so it costs only the pages malloc actually touches.
 */
#include <stdlib.h>
#include <picotls.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "console_stdio.h"
#include "startinfo.h"

extern char __tls_base[], __heap_start[], __heap_end[];
extern void __libc_init_array(void);
extern int main(int argc, char **argv);

void __bower_start(int argc, char **argv) __attribute__((noreturn));

void __bower_start(int argc, char **argv)
{
	bower_vm_map((uintptr_t)__heap_start, (size_t)(__heap_end - __heap_start),
		     BOWER_PROT_READ | BOWER_PROT_WRITE, BOWER_MAP_FIXED);
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
