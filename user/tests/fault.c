/*
 * fault.c - does one forbidden thing, chosen by its argument, so the tests
 * can check the kernel kills it with a message and carries on.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static const int constant = 7;

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "null";
	printf("fault: about to %s\n", what);
	if (strcmp(what, "null") == 0)
		return *(volatile int *)0;
	if (strcmp(what, "write-ro") == 0)
		*(volatile int *)&constant = 1;
	if (strcmp(what, "kernel") == 0)
		return *(volatile int *)0xffff000040200000UL;
	if (strcmp(what, "exec-kernel") == 0) /* the kernel's first instruction */
		((void (*)(void))0xffff000040200000UL)();
	if (strcmp(what, "exec-data") == 0) {
		static uint32_t code[1] = {0xd65f03c0}; /* ret */
		((void (*)(void))code)();
	}
	if (strcmp(what, "illegal") == 0)
		__asm__ volatile("udf #0");
	if (strcmp(what, "unmapped") == 0)
		return *(volatile int *)0x7000000000UL;
	printf("fault: survived %s\n", what);
	return 0;
}
