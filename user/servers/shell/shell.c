/*
 * shell.c - Bower's interactive shell on the serial console.
 *
 * Reads a line (line.c), parses it into a pipeline (parse.c) and runs it
 * (run.c), saying first which background jobs have ended (jobs.c). `exit`
 * and the `time` before a command are handled here. `shell -c WORDS` runs one built-in and
 * exits with its status: that is how a built-in runs in the background.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bower/counter.h>
#include "jobs.h"
#include "line.h"
#include "parse.h"
#include "run.h"

/* `time CMD`: run CMD and say how long it took by the generic counter:
 * wall time, the counter's ticks, and the instructions those ticks are
 * under QEMU's -icount shift=0 (one instruction a nanosecond of the
 * virtual clock, so 10^9 / frequency a tick: 16 at 62.5 MHz). The guest
 * cannot tell whether QEMU counts that way; the figure is right only
 * then, which is how the benchmarks run (docs/measurements.md), and only
 * while the CPU runs: QEMU moves the clock on while it waits for an
 * interrupt, so a sleep counts as instructions too. */
static void timed(struct pipeline *p, const char *text)
{
	struct stage *st = &p->stage[0];
	if (st->argc == 1 || p->background) {
		printf("time: usage: time command (in the foreground)\n");
		return;
	}
	memmove(st->argv, st->argv + 1, (size_t)st->argc * sizeof(char *));
	st->argc--;
	uint64_t start = bower_counter();
	run_pipeline(p, text);
	uint64_t ticks = bower_counter() - start, hz = bower_counter_freq();
	printf("real   %llu.%03llu s\n", (unsigned long long)(ticks / hz),
	       (unsigned long long)(ticks % hz * 1000 / hz));
	printf("ticks  %llu (the counter, at %llu Hz)\n", (unsigned long long)ticks,
	       (unsigned long long)hz);
	printf("instr  %llu (%llu a tick, under QEMU's -icount shift=0; waiting counts too)\n",
	       (unsigned long long)(ticks * (1000000000ULL / hz)),
	       (unsigned long long)(1000000000ULL / hz));
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "-c") == 0)
		return run_builtin_words(argc - 2, argv + 2);
	char line[LINE_SIZE], text[LINE_SIZE];
	struct pipeline p;
	printf("Bower shell. Type 'help' for commands.\n");
	for (;;) {
		jobs_reap();
		if (line_read("bower$ ", line, sizeof(line)) < 0)
			return 0;
		memcpy(text, line, sizeof(text)); /* parsing rewrites line */
		if (parse_line(line, &p) < 0 || p.n == 0)
			continue;
		char **words = p.stage[0].argv;
		if (p.n == 1 && !p.background && strcmp(words[0], "exit") == 0)
			return p.stage[0].argc > 1 ? atoi(words[1]) : 0;
		if (strcmp(words[0], "time") == 0)
			timed(&p, text);
		else
			run_pipeline(&p, text);
	}
}
