/*
 * drive.h - playing a sequence of accesses to a model, as a host would.
 *
 * The host's residency is lib/rset, the kernel's own resident set and
 * eviction rule, so tests can say "run these pages" and count faults, with
 * every fault's prediction mapped exactly as the kernel would map it.
 */
#ifndef DRIVE_H
#define DRIVE_H

#include <string.h>
#include "prefetch/prefetch.h"
#include "rset.h"

#define DRIVE_MAX_CAP	64
#define DRIVE_MAX_PAGES 4096

struct drive {
	struct pf_model *m;
	uint32_t cap, batch;
	unsigned faults;
	struct rset set;
	uint32_t seq[DRIVE_MAX_PAGES];
	struct rset_entry ring[2 * DRIVE_MAX_CAP];
};

static inline void drive_init(struct drive *d, struct pf_model *m, uint32_t pages, uint32_t cap,
			      uint32_t batch)
{
	memset(d, 0, sizeof(*d));
	d->m = m;
	d->cap = cap;
	d->batch = batch;
	rset_init(&d->set, pages, cap, d->seq, d->ring, 2 * DRIVE_MAX_CAP);
}

static inline void drive_evicted(void *arg, uint32_t page)
{
	pf_note_evicted(((struct drive *)arg)->m, page);
}

/* One access; returns 1 if it faulted. */
static inline int drive_access(struct drive *d, pf_page p)
{
	if (rset_resident(&d->set, p)) {
		pf_observe_access(d->m, p);
		return 0;
	}
	pf_page batch[DRIVE_MAX_CAP];
	pf_observe_fault(d->m, p);
	batch[0] = p;
	size_t n = 1 + pf_predict(d->m, p, batch + 1, d->batch - 1);
	for (size_t i = 0; i < n; i++)
		if (!rset_resident(&d->set, batch[i]))
			pf_note_mapped(d->m, batch[i]);
	rset_admit_batch(&d->set, batch, n, drive_evicted, d);
	d->faults++;
	return 1;
}

/* A whole run: faults it took. */
static inline unsigned drive_run(struct drive *d, const pf_page *pages, size_t n)
{
	uint32_t left;
	while (rset_pop_oldest(&d->set, &left)) /* the last run's mapping went away */
		;
	d->faults = 0;
	pf_run_begin(d->m);
	for (size_t i = 0; i < n; i++)
		drive_access(d, pages[i]);
	pf_run_end(d->m);
	return d->faults;
}

#endif
