/*
 * drive.h - playing a sequence of accesses to a model, as a host would.
 *
 * A tiny residency model (FIFO under the cap) so tests can say "run these
 * pages" and count faults, with every fault's prediction mapped.
 */
#ifndef DRIVE_H
#define DRIVE_H

#include <string.h>
#include "prefetch/prefetch.h"

#define DRIVE_MAX_CAP 64

struct drive {
	struct pf_model *m;
	uint32_t cap, batch;
	pf_page fifo[DRIVE_MAX_CAP];
	uint32_t n;
	unsigned faults;
};

static inline int drive_resident(const struct drive *d, pf_page p)
{
	for (uint32_t i = 0; i < d->n; i++)
		if (d->fifo[i] == p)
			return 1;
	return 0;
}

/* Map p, or if it is resident make it young (the last to be evicted). */
static inline void drive_map(struct drive *d, pf_page p)
{
	for (uint32_t i = 0; i < d->n; i++)
		if (d->fifo[i] == p) {
			memmove(d->fifo + i, d->fifo + i + 1, (d->n - i - 1) * sizeof(pf_page));
			d->fifo[d->n - 1] = p;
			return;
		}
	if (d->n == d->cap) {
		pf_note_evicted(d->m, d->fifo[0]);
		memmove(d->fifo, d->fifo + 1, (d->cap - 1) * sizeof(pf_page));
		d->n--;
	}
	d->fifo[d->n++] = p;
	pf_note_mapped(d->m, p);
}

/* One access; returns 1 if it faulted. */
static inline int drive_access(struct drive *d, pf_page p)
{
	if (drive_resident(d, p)) {
		pf_observe_access(d->m, p);
		return 0;
	}
	pf_page out[DRIVE_MAX_CAP];
	pf_observe_fault(d->m, p);
	size_t n = pf_predict(d->m, p, out, d->batch - 1);
	drive_map(d, p);
	for (size_t i = 0; i < n; i++)
		drive_map(d, out[i]);
	d->faults++;
	return 1;
}

/* A whole run: faults it took. */
static inline unsigned drive_run(struct drive *d, const pf_page *pages, size_t n)
{
	d->n = 0;
	d->faults = 0;
	pf_run_begin(d->m);
	for (size_t i = 0; i < n; i++)
		drive_access(d, pages[i]);
	pf_run_end(d->m);
	return d->faults;
}

#endif
