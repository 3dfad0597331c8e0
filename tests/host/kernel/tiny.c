/* tiny.c - a minimal static AArch64 program, input for the ELF tests. */
int counter = 1;

void _start(void)
{
	for (;;)
		counter++;
}
