/*
 * shell.c - Bower's interactive shell on the serial console.
 *
 * Reads a line (line.c), parses it into a pipeline (parse.c) and runs it
 * (run.c), saying first which background jobs have ended (jobs.c). `exit`
 * is the one command handled here. `shell -c WORDS` runs one built-in and
 * exits with its status: that is how a built-in runs in the background.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jobs.h"
#include "line.h"
#include "parse.h"
#include "run.h"

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
		run_pipeline(&p, text);
	}
}
