/*
 * spin.c - run until stopped: computing (`spin`), or asleep (`spin
 * sleep`). For the tests of Ctrl-C and kill, which stop it either way. It
 * says so on stderr, which stays on the console in a pipeline.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int sleeping = argc > 1 && strcmp(argv[1], "sleep") == 0;
	fprintf(stderr, "spin: %s until stopped\n", sleeping ? "sleeping" : "computing");
	for (volatile unsigned long n = 0;; n++)
		if (sleeping)
			sleep(1000);
}
