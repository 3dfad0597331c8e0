/*
 * trace.h - access traces: runs of page numbers.
 *
 * Text form (README.md): one page number per line, a blank line between
 * runs, '#' starts a comment, and a "# pages N" line gives the mapping's
 * size (otherwise it is the largest page + 1).
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stddef.h>
#include <stdio.h>
#include "prefetch/prefetch.h"

#define TRACE_MAX_PAGES (1u << 24)

struct run {
	pf_page *pages;
	size_t n;
};

struct trace {
	uint32_t pages;
	struct run *runs;
	size_t nruns;
	char drawn[80]; /* the parameters a generator drew, for reports ("" if none) */
};

/* Parse a trace: 0, or -1 with a message (line number and reason) in err. */
int trace_read(FILE *f, struct trace *t, char *err, size_t errlen);
void trace_write(FILE *f, const struct trace *t);
/* Append a page to the last run, or start a new run. */
void trace_add(struct trace *t, pf_page p);
void trace_new_run(struct trace *t);
void trace_free(struct trace *t);

#endif
