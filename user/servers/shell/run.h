/* run.h - running a parsed command line (run.c). */
#ifndef SHELL_RUN_H
#define SHELL_RUN_H

#include "parse.h"

/* Run p, in the foreground (waiting for it, Ctrl-C stopping it) or in the
 * background; text is the line, for the job's messages. The status of its
 * last command, as waitpid gives it (0 for a background job started). */
int run_pipeline(const struct pipeline *p, const char *text);
/* Run the words of a built-in as a program of its own does (shell -c): its
 * status. */
int run_builtin_words(int argc, char **argv);

#endif
