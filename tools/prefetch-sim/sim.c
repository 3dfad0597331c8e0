/*
 * sim.c - the residency simulator.
 *
 * The same rules as the kernel's MAP_LLM mapping: at a fault the faulting
 * page and up to batch - 1 predicted pages are mapped in one go; a predicted
 * page that is already resident stays and becomes young (it moves to the
 * new end of the eviction order); above the cap the oldest-mapped page
 * (FIFO) or the least recently used (LRU) is evicted, never a page of the
 * batch being mapped. A prefetched page's
 * first access counts it as used; a prefetched page evicted before any
 * access counts as wasted. Runs are replayed in order with one model, and
 * at the end of each run its pages are dropped (the mapping goes away).
 */
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "sim.h"

struct page_state {
	unsigned char resident, prefetched_unused, in_batch;
	unsigned long mapped_at, used_at;
};

struct sim {
	const struct sim_config *c;
	struct pf_model *m;
	struct page_state *pages;
	pf_page *resident; /* the resident pages, at most cap */
	uint32_t nresident;
	unsigned long clock;
	struct sim_counts *counts;
	struct sim_trace_log *log;
	size_t access_index;
};

static void log_pair(pf_page **arr, size_t *n, size_t index, pf_page p)
{
	*arr = realloc(*arr, (*n + 1) * 2 * sizeof(pf_page));
	(*arr)[2 * *n] = (pf_page)index;
	(*arr)[2 * *n + 1] = p;
	(*n)++;
}

static void evict_one(struct sim *s)
{
	uint32_t victim = UINT32_MAX;
	unsigned long best = (unsigned long)-1;
	for (uint32_t i = 0; i < s->nresident; i++) {
		struct page_state *ps = &s->pages[s->resident[i]];
		unsigned long key = s->c->evict == EVICT_FIFO ? ps->mapped_at : ps->used_at;
		if (!ps->in_batch && key < best) {
			best = key;
			victim = i;
		}
	}
	pf_page p = s->resident[victim];
	struct page_state *ps = &s->pages[p];
	if (ps->prefetched_unused) {
		s->counts->prefetched_unused++;
		if (s->log)
			log_pair(&s->log->unused, &s->log->nunused, s->access_index, p);
	}
	ps->resident = 0;
	ps->prefetched_unused = 0;
	s->resident[victim] = s->resident[--s->nresident];
	s->counts->evictions++;
	pf_note_evicted(s->m, p);
}

static void map_page(struct sim *s, pf_page p, int prefetched)
{
	if (s->pages[p].resident) { /* named again: it moves to the young end */
		s->pages[p].mapped_at = s->pages[p].used_at = ++s->clock;
		s->pages[p].in_batch = 1;
		return;
	}
	if (s->nresident == s->c->cap)
		evict_one(s);
	struct page_state *ps = &s->pages[p];
	ps->resident = 1;
	ps->in_batch = 1;
	ps->prefetched_unused = (unsigned char)prefetched;
	ps->mapped_at = ps->used_at = ++s->clock;
	s->resident[s->nresident++] = p;
	pf_note_mapped(s->m, p);
	if (prefetched) {
		s->counts->prefetched++;
		if (s->log)
			log_pair(&s->log->prefetched, &s->log->nprefetched, s->access_index, p);
	}
}

static void access_page(struct sim *s, pf_page p)
{
	struct page_state *ps = &s->pages[p];
	s->counts->accesses++;
	enum sim_event ev;
	if (ps->resident) {
		ev = ps->prefetched_unused ? EV_PREFETCHED_HIT : EV_HIT;
		if (ps->prefetched_unused) {
			ps->prefetched_unused = 0;
			s->counts->prefetched_used++;
		}
		ps->used_at = ++s->clock;
		pf_observe_access(s->m, p);
	} else {
		ev = EV_FAULT;
		s->counts->faults++;
		pf_observe_fault(s->m, p);
		pf_page out[256];
		size_t max = s->c->batch - 1 < 256 ? s->c->batch - 1 : 256;
		size_t n = pf_predict(s->m, p, out, max);
		/* Resident pages the batch names again become young first, so
		 * that the new pages only push out pages outside the batch. */
		for (size_t i = 0; i < n; i++)
			if (s->pages[out[i]].resident)
				map_page(s, out[i], 1);
		map_page(s, p, 0);
		for (size_t i = 0; i < n; i++)
			if (!s->pages[out[i]].in_batch)
				map_page(s, out[i], 1);
		s->pages[p].in_batch = 0;
		for (size_t i = 0; i < n; i++)
			s->pages[out[i]].in_batch = 0;
	}
	if (s->log) {
		s->log->events = realloc(s->log->events, s->log->n + 1);
		s->log->events[s->log->n++] = (unsigned char)ev;
	}
	s->access_index++;
}

static void end_run(struct sim *s)
{
	for (uint32_t i = 0; i < s->nresident; i++) {
		struct page_state *ps = &s->pages[s->resident[i]];
		if (ps->prefetched_unused)
			s->counts->prefetched_unused++;
		ps->resident = ps->prefetched_unused = 0;
	}
	s->nresident = 0;
}

static void add(struct sim_counts *to, const struct sim_counts *from)
{
	to->accesses += from->accesses;
	to->faults += from->faults;
	to->prefetched += from->prefetched;
	to->prefetched_used += from->prefetched_used;
	to->prefetched_unused += from->prefetched_unused;
	to->evictions += from->evictions;
	to->oracle += from->oracle;
	to->oracle_exact = to->oracle_exact && from->oracle_exact;
}

int sim_replay(const struct trace *t, const struct sim_config *c, struct sim_counts *per_run,
	       struct sim_counts *total, long log_run, struct sim_trace_log *log)
{
	if (c->cap == 0 || c->batch == 0 || c->batch > c->cap)
		return -1;
	int err;
	struct pf_params params = {c->kind, t->pages, c->cap};
	struct sim s = {.c = c};
	s.m = pf_create(&params, &err);
	if (!s.m)
		return -1;
	s.pages = calloc(t->pages, sizeof(*s.pages));
	s.resident = calloc(c->cap, sizeof(pf_page));
	memset(total, 0, sizeof(*total));
	total->oracle_exact = 1;
	if (log)
		memset(log, 0, sizeof(*log));
	for (size_t r = 0; r < t->nruns; r++) {
		memset(&per_run[r], 0, sizeof(per_run[r]));
		s.counts = &per_run[r];
		s.log = (long)r == log_run ? log : NULL;
		s.access_index = 0;
		pf_run_begin(s.m);
		for (size_t i = 0; i < t->runs[r].n; i++)
			access_page(&s, t->runs[r].pages[i]);
		end_run(&s);
		pf_run_end(s.m);
		per_run[r].oracle = oracle_faults(&t->runs[r], c, &per_run[r].oracle_exact);
		add(total, &per_run[r]);
	}
	free(s.pages);
	free(s.resident);
	pf_destroy(s.m);
	return 0;
}

void sim_log_free(struct sim_trace_log *log)
{
	free(log->events);
	free(log->prefetched);
	free(log->unused);
	memset(log, 0, sizeof(*log));
}
