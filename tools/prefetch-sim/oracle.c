/*
 * oracle.c - the best any prefetcher could do, knowing the future.
 *
 * At a fault a prefetcher may map up to batch - 1 pages besides the
 * faulting one, and the eviction rule (FIFO or LRU) picks what leaves. The
 * question is which pages to map, and in what order.
 *
 * 1. A run that never touches a page twice: each fault brings at most
 *    B' = min(batch, cap) pages that the run still needs, so it takes at
 *    least ceil(n / B') faults; mapping the next B' pages at every fault
 *    reaches that, because every page evicted has already been used. This
 *    is exact, and covers most workloads here (one pass of a program).
 * 2. A small run with repeats: exhaustive search over every choice and
 *    order at every fault (oracle_search), exact.
 * 3. A long run with repeats: a greedy schedule with future knowledge: map
 *    pages in order of next use, stopping before one whose next use comes
 *    after that of the page it would push out. That is a schedule some
 *    prefetcher could follow, so its count is an upper bound on the best.
 */
#include <stdlib.h>
#include <string.h>
#include "oracle.h"

#define SEARCH_MAX_ACCESSES 12
#define SEARCH_MAX_CAP	    6

struct slot {
	pf_page page;
	unsigned long mapped, used;
};

struct state {
	struct slot s[SEARCH_MAX_CAP];
	unsigned n;
	unsigned long clock;
};

static int find(const struct slot *s, unsigned n, pf_page p)
{
	for (unsigned i = 0; i < n; i++)
		if (s[i].page == p)
			return (int)i;
	return -1;
}

/* The slot the rule evicts, never one mapped at or after batch_start (the
 * batch being mapped): its index, or -1. */
static int pick_victim(const struct slot *s, unsigned n, enum evict_rule rule,
		       unsigned long batch_start)
{
	int v = -1;
	for (unsigned i = 0; i < n; i++) {
		if (s[i].mapped >= batch_start)
			continue;
		unsigned long key = rule == EVICT_FIFO ? s[i].mapped : s[i].used;
		if (v < 0 || key < (rule == EVICT_FIFO ? s[v].mapped : s[v].used))
			v = (int)i;
	}
	return v;
}

/* Map p into slots (n of cap used), evicting by the rule if full. */
static void map(struct slot *s, unsigned *n, unsigned long *clock, const struct sim_config *c,
		pf_page p, unsigned long batch_start)
{
	if (*n == c->cap) {
		int v = pick_victim(s, *n, c->evict, batch_start);
		s[v] = s[*n - 1];
		(*n)--;
	}
	s[*n].page = p;
	s[*n].mapped = s[*n].used = ++*clock;
	(*n)++;
}

static int has_repeats(const struct run *r)
{
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < i; j++)
			if (r->pages[i] == r->pages[j])
				return 1;
	return 0;
}

/* Exhaustive search from access i with this resident state. */
struct search {
	const struct run *r;
	const struct sim_config *c;
	unsigned long best;
};

static void search_from(struct search *se, size_t i, struct state st, unsigned long faults);

/* Try every ordered choice of up to `left` more candidates to map. */
static void choose(struct search *se, size_t i, struct state *st, unsigned long faults,
		   unsigned long batch_start, unsigned left, const pf_page *cands, unsigned ncands,
		   unsigned used_mask)
{
	search_from(se, i + 1, *st, faults);
	if (left == 0)
		return;
	for (unsigned k = 0; k < ncands; k++) {
		if (used_mask & (1u << k))
			continue;
		struct state next = *st;
		map(next.s, &next.n, &next.clock, se->c, cands[k], batch_start);
		choose(se, i, &next, faults, batch_start, left - 1, cands, ncands,
		       used_mask | 1u << k);
	}
}

static void search_from(struct search *se, size_t i, struct state st, unsigned long faults)
{
	for (; i < se->r->n; i++) {
		if (faults >= se->best)
			return;
		pf_page p = se->r->pages[i];
		int at = find(st.s, st.n, p);
		if (at >= 0) {
			st.s[at].used = ++st.clock;
			continue;
		}
		/* A fault: map p, then every choice of future pages. */
		unsigned long batch_start = st.clock + 1;
		map(st.s, &st.n, &st.clock, se->c, p, batch_start);
		pf_page cands[SEARCH_MAX_ACCESSES];
		unsigned ncands = 0;
		for (size_t j = i + 1; j < se->r->n; j++) {
			pf_page q = se->r->pages[j];
			int dup = find(st.s, st.n, q) >= 0;
			for (unsigned k = 0; k < ncands && !dup; k++)
				dup = cands[k] == q;
			if (!dup)
				cands[ncands++] = q;
		}
		unsigned room =
		    se->c->batch - 1 < se->c->cap - 1 ? se->c->batch - 1 : se->c->cap - 1;
		choose(se, i, &st, faults + 1, batch_start, room, cands, ncands, 0);
		return;
	}
	if (faults < se->best)
		se->best = faults;
}

unsigned long oracle_search(const struct run *r, const struct sim_config *c)
{
	struct search se = {r, c, (unsigned long)r->n + 1};
	struct state st;
	memset(&st, 0, sizeof(st));
	search_from(&se, 0, st, 0);
	return se.best;
}

static size_t next_use(const struct run *r, size_t from, pf_page p)
{
	for (size_t j = from; j < r->n; j++)
		if (r->pages[j] == p)
			return j;
	return (size_t)-1;
}

static unsigned long greedy(const struct run *r, const struct sim_config *c)
{
	struct slot *slots = calloc(c->cap, sizeof(struct slot));
	unsigned n = 0;
	unsigned long clock = 0, faults = 0;
	unsigned room = (c->batch < c->cap ? c->batch : c->cap) - 1;
	for (size_t i = 0; i < r->n; i++) {
		int at = find(slots, n, r->pages[i]);
		if (at >= 0) {
			slots[at].used = ++clock;
			continue;
		}
		faults++;
		unsigned long batch_start = clock + 1;
		map(slots, &n, &clock, c, r->pages[i], batch_start);
		size_t scan = i + 1;
		for (unsigned added = 0; added < room; added++) {
			/* The next page, in order of next use, that is not resident. */
			while (scan < r->n && find(slots, n, r->pages[scan]) >= 0)
				scan++;
			if (scan == r->n)
				break;
			/* Stop rather than push out a page needed sooner. */
			int v = n == c->cap ? pick_victim(slots, n, c->evict, batch_start) : -2;
			if (v == -1 || (v >= 0 && next_use(r, i + 1, slots[v].page) < scan))
				break;
			map(slots, &n, &clock, c, r->pages[scan], batch_start);
		}
	}
	free(slots);
	return faults;
}

unsigned long oracle_faults(const struct run *r, const struct sim_config *c, int *exact)
{
	uint32_t per_fault = c->batch < c->cap ? c->batch : c->cap;
	if (!has_repeats(r)) {
		*exact = 1;
		return (r->n + per_fault - 1) / per_fault;
	}
	if (r->n <= SEARCH_MAX_ACCESSES && c->cap <= SEARCH_MAX_CAP) {
		*exact = 1;
		return oracle_search(r, c);
	}
	*exact = 0;
	return greedy(r, c);
}
