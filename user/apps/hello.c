/* hello.c - the smallest Bower program: greets, shows its arguments. */
#include <stdio.h>
#include <unistd.h>
#include <bower/syscall_nr.h>

int main(int argc, char **argv)
{
	printf("hello from %s (pid %ld) with %d argument%s", argv[0], bower_getpid(), argc - 1,
	       argc == 2 ? "" : "s");
	for (int i = 1; i < argc; i++)
		printf(" '%s'", argv[i]);
	printf("\n");
	return 0;
}
