/* parse.h - a command line as the shell runs it (parse.c). */
#ifndef SHELL_PARSE_H
#define SHELL_PARSE_H

#include <bower/abi.h>

#define MAX_WORDS  BOWER_ARG_MAX	/* a program's arguments, its name included */
#define MAX_STAGES BOWER_FOREGROUND_MAX /* programs in one pipeline */

/* One command of a pipeline: its words and where its input comes from and
 * its output goes (NULL: the pipe, or the console). */
struct stage {
	char *argv[MAX_WORDS + 1];
	int argc;
	const char *in;	 /* < file */
	const char *out; /* > file, or >> file with append */
	int append;
};

struct pipeline {
	struct stage stage[MAX_STAGES];
	int n;		/* stages; 0 for an empty line */
	int background; /* ended with & */
};

/* Parse line (rewritten in place: the words point into it) into p: 0, or
 * -1 after printing what is wrong. */
int parse_line(char *line, struct pipeline *p);

#endif
