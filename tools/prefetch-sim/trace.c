/*
 * trace.c - reading and writing the text trace format.
 *
 * Every line is checked: a page must be a decimal number below the
 * declared page count (and below TRACE_MAX_PAGES); anything else is refused
 * with its line number, so a bad trace never turns into a wrong table.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "trace.h"

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "prefetch-sim: out of memory\n");
		exit(2);
	}
	return q;
}

void trace_new_run(struct trace *t)
{
	if (t->nruns && t->runs[t->nruns - 1].n == 0)
		return;
	t->runs = xrealloc(t->runs, (t->nruns + 1) * sizeof(*t->runs));
	t->runs[t->nruns].pages = NULL;
	t->runs[t->nruns].n = 0;
	t->nruns++;
}

void trace_add(struct trace *t, pf_page p)
{
	if (t->nruns == 0)
		trace_new_run(t);
	struct run *r = &t->runs[t->nruns - 1];
	if ((r->n & (r->n - 1)) == 0) /* grow at powers of two */
		r->pages = xrealloc(r->pages, (r->n ? 2 * r->n : 1) * sizeof(pf_page));
	r->pages[r->n++] = p;
}

void trace_free(struct trace *t)
{
	for (size_t i = 0; i < t->nruns; i++)
		free(t->runs[i].pages);
	free(t->runs);
	memset(t, 0, sizeof(*t));
}

static int trace_read_lines(FILE *f, struct trace *t, char *err, size_t errlen);

/* On any error the partial trace is freed: nothing leaks, nothing is half-read. */
int trace_read(FILE *f, struct trace *t, char *err, size_t errlen)
{
	int r = trace_read_lines(f, t, err, errlen);
	if (r < 0)
		trace_free(t);
	return r;
}

static int trace_read_lines(FILE *f, struct trace *t, char *err, size_t errlen)
{
	char line[256];
	unsigned long declared = 0;
	uint32_t largest = 0;
	int lineno = 0;
	memset(t, 0, sizeof(*t));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "line %d: too long", lineno);
			return -1;
		}
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '#') {
			if (sscanf(s, "# pages %lu", &declared) == 1 &&
			    (declared == 0 || declared > TRACE_MAX_PAGES)) {
				snprintf(err, errlen, "line %d: page count out of range", lineno);
				return -1;
			}
			continue;
		}
		if (*s == '\0') {
			if (t->nruns)
				trace_new_run(t);
			continue;
		}
		char *end;
		errno = 0;
		unsigned long p = strtoul(s, &end, 10);
		while (isspace((unsigned char)*end))
			end++;
		if (!isdigit((unsigned char)*s) || *end != '\0' || errno) {
			snprintf(err, errlen, "line %d: not a page number: %.40s", lineno, s);
			return -1;
		}
		if (p >= TRACE_MAX_PAGES || (declared && p >= declared)) {
			snprintf(err, errlen, "line %d: page %lu is outside the mapping", lineno,
				 p);
			return -1;
		}
		trace_add(t, (pf_page)p);
		if (p > largest)
			largest = (uint32_t)p;
	}
	if (t->nruns && t->runs[t->nruns - 1].n == 0)
		t->nruns--;
	if (t->nruns == 0) {
		snprintf(err, errlen, "no accesses in the trace");
		return -1;
	}
	t->pages = declared ? (uint32_t)declared : largest + 1;
	return 0;
}

void trace_write(FILE *f, const struct trace *t)
{
	fprintf(f, "# pages %u\n", t->pages);
	for (size_t r = 0; r < t->nruns; r++) {
		if (r)
			fputc('\n', f);
		for (size_t i = 0; i < t->runs[r].n; i++)
			fprintf(f, "%u\n", t->runs[r].pages[i]);
	}
}
