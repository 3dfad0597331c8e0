/*
 * sim.c - the residency simulator.
 *
 * The same rules as the kernel's MAP_LLM mapping, from the same code: the
 * resident set and its eviction rule are lib/rset, which the kernel
 * compiles too. At a fault the faulting page and up to batch - 1 predicted
 * pages are mapped in one go; predicted pages that are resident already
 * stay and become young; above the cap the oldest page leaves, never one of
 * the batch. With `hold`, the prediction may go up to `hold` pages past
 * the batch: those are held, as the kernel holds them (kernel/mm/llm.c),
 * and the next fault, if it is on the first of them and every page of
 * the batch was used, is answered with them, without a prediction; any
 * other fault drops them. The LRU variant also makes a page
 * young at each access. A
 * prefetched page's first access counts it as used; a prefetched page
 * evicted before any access counts as wasted. Runs are replayed in order
 * with one model, and at the end of each run its pages are dropped (the
 * mapping goes away).
 */
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "rset.h"
#include "sim.h"

struct sim {
	const struct sim_config *c;
	struct pf_model *m;
	struct rset set;
	unsigned char *prefetched_unused; /* per page */
	struct sim_counts *counts;
	struct sim_trace_log *log;
	size_t access_index;
	pf_page held[256]; /* the last prediction's pages past its batch */
	size_t nheld;
	pf_page last[256]; /* the last batch's prefetched pages */
	size_t nlast;
};

static void log_pair(pf_page **arr, size_t *n, size_t index, pf_page p)
{
	*arr = realloc(*arr, (*n + 1) * 2 * sizeof(pf_page));
	(*arr)[2 * *n] = (pf_page)index;
	(*arr)[2 * *n + 1] = p;
	(*n)++;
}

/* A page has left: was it a prefetch that was never used? */
static void page_left(struct sim *s, pf_page p)
{
	if (s->prefetched_unused[p]) {
		s->counts->prefetched_unused++;
		if (s->log)
			log_pair(&s->log->unused, &s->log->nunused, s->access_index, p);
		s->prefetched_unused[p] = 0;
	}
}

static void evicted(void *arg, uint32_t p)
{
	struct sim *s = arg;
	page_left(s, p);
	s->counts->evictions++;
	pf_note_evicted(s->m, p);
}

/* Map one batch, the faulting page first, as the kernel maps it. */
static void map_pages(struct sim *s, const uint32_t *batch, size_t count)
{
	s->nlast = 0;
	for (size_t i = 0; i < count; i++) {
		if (rset_resident(&s->set, batch[i]))
			continue;
		pf_note_mapped(s->m, batch[i]);
		if (i > 0) {
			s->last[s->nlast++] = batch[i];
			s->prefetched_unused[batch[i]] = 1;
			s->counts->prefetched++;
			if (s->log)
				log_pair(&s->log->prefetched, &s->log->nprefetched, s->access_index,
					 batch[i]);
		}
	}
	rset_admit_batch(&s->set, batch, count, evicted, s);
}

/* The fault on p and its prediction: the batch mapped, the rest held. */
static void map_predicted(struct sim *s, pf_page p, const pf_page *predicted, size_t n)
{
	uint32_t batch[256 + 1];
	size_t count = 0, i = 0;
	batch[count++] = p;
	for (; i < n && count < s->c->batch; i++)
		batch[count++] = predicted[i];
	map_pages(s, batch, count);
	for (s->nheld = 0; i < n && s->nheld < s->c->hold; i++)
		s->held[s->nheld++] = predicted[i];
}

/* A fault on the first held page, with every page of the last batch
 * used (the program on the prediction's track, the kernel's rule): the
 * held pages are the batch, p first; how many. Any other fault drops
 * them: 0. (Pages of a batch leave only at the next map here, so "still
 * resident and unused" is "unused".) */
static size_t take_held(struct sim *s, pf_page p)
{
	bool on_track = s->nheld > 0 && s->held[0] == p;
	for (size_t i = 0; on_track && i < s->nlast; i++)
		on_track = !s->prefetched_unused[s->last[i]];
	size_t n = s->nheld;
	s->nheld = 0;
	return !on_track ? 0 : n < s->c->batch ? n : s->c->batch;
}

static void access_page(struct sim *s, pf_page p)
{
	s->counts->accesses++;
	enum sim_event ev;
	if (rset_resident(&s->set, p)) {
		ev = s->prefetched_unused[p] ? EV_PREFETCHED_HIT : EV_HIT;
		if (s->prefetched_unused[p]) {
			s->prefetched_unused[p] = 0;
			s->counts->prefetched_used++;
		}
		if (s->c->evict == EVICT_LRU)
			rset_young(&s->set, p);
		pf_observe_access(s->m, p);
	} else {
		ev = EV_FAULT;
		s->counts->faults++;
		size_t held = take_held(s, p);
		if (held) {
			pf_observe_held_fault(s->m, p);
			map_pages(s, s->held, held);
			s->counts->held++;
		} else {
			pf_observe_fault(s->m, p);
			pf_page out[256];
			size_t max = s->c->batch - 1 + s->c->hold;
			map_predicted(s, p, out, pf_predict(s->m, p, out, max < 256 ? max : 256));
		}
	}
	if (s->log) {
		s->log->events = realloc(s->log->events, s->log->n + 1);
		s->log->events[s->log->n++] = (unsigned char)ev;
	}
	s->access_index++;
}

static void end_run(struct sim *s)
{
	uint32_t p;
	while (rset_pop_oldest(&s->set, &p))
		page_left(s, p);
	s->nheld = 0;
}

static void add(struct sim_counts *to, const struct sim_counts *from)
{
	to->accesses += from->accesses;
	to->faults += from->faults;
	to->prefetched += from->prefetched;
	to->prefetched_used += from->prefetched_used;
	to->prefetched_unused += from->prefetched_unused;
	to->evictions += from->evictions;
	to->held += from->held;
	to->oracle += from->oracle;
	to->oracle_exact = to->oracle_exact && from->oracle_exact;
}

int sim_replay(const struct trace *t, const struct sim_config *c, struct sim_counts *per_run,
	       struct sim_counts *total, long log_run, struct sim_trace_log *log)
{
	if (c->cap == 0 || c->batch == 0 || c->batch > c->cap || c->hold > 256)
		return -1;
	int err;
	struct pf_params params = {.kind = c->kind,
				   .pages = t->pages,
				   .cap = c->cap,
				   .hold = c->hold,
				   .learn_later = c->learn_later};
	struct sim s = {.c = c};
	s.m = pf_create(&params, &err);
	uint32_t *seq = calloc(t->pages, sizeof(uint32_t));
	struct rset_entry *ring = calloc(2 * (size_t)c->cap, sizeof(*ring));
	s.prefetched_unused = calloc(t->pages, 1);
	if (!s.m || !seq || !ring || !s.prefetched_unused) {
		pf_destroy(s.m);
		free(seq);
		free(ring);
		free(s.prefetched_unused);
		return -1;
	}
	rset_init(&s.set, t->pages, c->cap, seq, ring, 2 * c->cap);
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
	free(seq);
	free(ring);
	free(s.prefetched_unused);
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
