/*
 * rset.c - the resident set of a capped mapping (see rset.h for the rule).
 */
#include "rset.h"

void rset_init(struct rset *s, uint32_t npages, uint32_t cap, uint32_t *seq,
	       struct rset_entry *ring, uint32_t ring_size)
{
	*s = (struct rset){.cap = cap, .npages = npages, .ring_size = ring_size, .seq = seq,
			   .ring = ring};
}

static bool live(const struct rset *s, const struct rset_entry *e)
{
	return s->seq[e->page] == e->seq;
}

/* Drop the stale entries, keeping the live ones in order. */
static void compact(struct rset *s)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < s->len; i++) {
		struct rset_entry e = s->ring[(s->head + i) % s->ring_size];
		if (live(s, &e))
			s->ring[(s->head + kept++) % s->ring_size] = e;
	}
	s->len = kept;
}

static void push(struct rset *s, uint32_t page)
{
	if (s->len == s->ring_size)
		compact(s);
	if (++s->next_seq == 0) /* 0 means "not resident" */
		s->next_seq = 1;
	s->seq[page] = s->next_seq;
	s->ring[(s->head + s->len++) % s->ring_size] = (struct rset_entry){page, s->next_seq};
}

void rset_young(struct rset *s, uint32_t page)
{
	push(s, page);
}

bool rset_pop_oldest(struct rset *s, uint32_t *page)
{
	while (s->count > 0) {
		struct rset_entry e = s->ring[s->head];
		s->head = (s->head + 1) % s->ring_size;
		s->len--;
		if (!live(s, &e))
			continue; /* made young since: a newer entry stands for it */
		s->seq[e.page] = 0;
		s->count--;
		*page = e.page;
		return true;
	}
	return false;
}

void rset_remove(struct rset *s, uint32_t page)
{
	if (!rset_resident(s, page))
		return;
	s->seq[page] = 0; /* its entry is stale now */
	s->count--;
}

static void add(struct rset *s, uint32_t page, rset_evict_fn evict, void *arg)
{
	uint32_t old;
	while (s->count >= s->cap && rset_pop_oldest(s, &old))
		evict(arg, old);
	push(s, page);
	s->count++;
}

void rset_admit_batch(struct rset *s, const uint32_t *pages, size_t n, rset_evict_fn evict,
		      void *arg)
{
	for (size_t i = 0; i < n; i++)
		if (rset_resident(s, pages[i]))
			rset_young(s, pages[i]);
	for (size_t i = 0; i < n; i++)
		if (!rset_resident(s, pages[i]))
			add(s, pages[i], evict, arg);
}
