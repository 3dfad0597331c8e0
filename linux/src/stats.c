/*
 * stats.c - the counters --stats prints at exit, and --trace's output.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "pager.h"

void bp_counters_add(struct bp_counters *to, const struct bp_counters *from)
{
	to->faults += from->faults;
	to->prefetched += from->prefetched;
	to->ahead += from->ahead;
	to->used += from->used;
	to->late += from->late;
	to->wasted += from->wasted;
	to->no_slot += from->no_slot;
	to->evicted += from->evicted;
	to->bytes_read += from->bytes_read;
	to->bytes_written += from->bytes_written;
	to->waits += from->waits;
	to->wait_ns += from->wait_ns;
}

/* One line per mapping as it ends, and the sum at exit: stderr, one
 * write each, so lines of several processes do not interleave. */
static void line(const char *what, const struct bp_counters *n)
{
	char buf[5000];
	int len = snprintf(buf, sizeof(buf),
			   "bower-pager: %s: %llu faults, %llu prefetched (%llu in sequence), "
			   "%llu used (%llu late), "
			   "%llu wasted, %llu evicted, %llu bytes read, %llu bytes written, "
			   "%.3f ms waiting in %llu waits, %llu predicted without a free slot\n",
			   what, (unsigned long long)n->faults, (unsigned long long)n->prefetched,
			   (unsigned long long)n->ahead,
			   (unsigned long long)n->used, (unsigned long long)n->late,
			   (unsigned long long)n->wasted, (unsigned long long)n->evicted,
			   (unsigned long long)n->bytes_read, (unsigned long long)n->bytes_written,
			   (double)n->wait_ns / 1e6, (unsigned long long)n->waits,
			   (unsigned long long)n->no_slot);
	if (len > 0)
		write(2, buf, (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf) - 1);
}

void bp_stats_print(void)
{
	char what[64];
	snprintf(what, sizeof(what), "pid %d, all mappings", (int)getpid());
	line(what, &bp.total);
}

void bp_trace_save(struct bp_region *r)
{
	if (bp.set.stats) {
		char what[4400];
		snprintf(what, sizeof(what), "%s (%s)", r->id.path, r->id.verdict);
		line(what, &r->n);
	}
	if (!bp.set.trace[0])
		return;
	/* One run: "# pages N", its pages in order, a blank line. */
	size_t cap = 64 + r->trace_len * 11, len = 0;
	char *buf = malloc(cap);
	int fd = open(bp.set.trace, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (buf && fd >= 0) {
		len += (size_t)snprintf(buf, cap, "# pages %u\n", r->pages);
		for (size_t i = 0; i < r->trace_len; i++)
			len += (size_t)snprintf(buf + len, cap - len, "%u\n", r->trace[i]);
		len += (size_t)snprintf(buf + len, cap - len, "\n");
		write(fd, buf, len); /* O_APPEND and one write: runs stay whole */
	}
	if (fd >= 0)
		close(fd);
	free(buf);
}
