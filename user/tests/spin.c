/*
 * spin.c - run until stopped: computing (`spin`), or asleep (`spin
 * sleep`). For the tests of Ctrl-C and kill, which stop it either way. It
 * says so on stderr, which stays on the console in a pipeline. `spin
 * catch` catches Ctrl-C's SIGINT: the first one is told and the spin
 * goes on, the second ends it with status 3.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_interrupt(int sig)
{
	(void)sig;
	if (++caught == 2)
		_exit(3);
	static const char said[] = "spin: caught SIGINT, going on\n";
	write(2, said, sizeof(said) - 1);
}

int main(int argc, char **argv)
{
	int sleeping = argc > 1 && strcmp(argv[1], "sleep") == 0;
	if (argc > 1 && strcmp(argv[1], "catch") == 0)
		signal(SIGINT, on_interrupt);
	fprintf(stderr, "spin: %s until stopped\n", sleeping ? "sleeping" : "computing");
	for (volatile unsigned long n = 0;; n++)
		if (sleeping)
			sleep(1000);
}
