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

/* Drop the stale entries, keeping the live ones in order. */
void rset_compact(struct rset *s)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < s->len; i++) {
		struct rset_entry e = s->ring[(s->head + i) % s->ring_size];
		if (s->seq[e.page] == e.seq)
			s->ring[(s->head + kept++) % s->ring_size] = e;
	}
	s->len = kept;
}

void rset_remove(struct rset *s, uint32_t page)
{
	if (!rset_resident(s, page))
		return;
	s->seq[page] = 0; /* its entry is stale now */
	s->count--;
}

/* The rule, in three passes with no call in the first and the last (a
 * batch is the kernel's per-page work): the resident pages become young,
 * then the oldest leave until the others fit, then those come in, in batch
 * order. The same pages leave, in the same order, as if each page took its
 * turn: the ones that leave are never the batch's (n <= cap, and the
 * batch's resident pages are the youngest). */
void rset_admit_batch(struct rset *s, const uint32_t *pages, size_t n, rset_evict_fn evict,
		      void *arg)
{
	uint32_t fresh = 0, old;
	for (size_t i = 0; i < n; i++) {
		if (rset_resident(s, pages[i]))
			rset_young(s, pages[i]);
		else
			fresh++;
	}
	while (s->count + fresh > s->cap && rset_pop_oldest(s, &old))
		evict(arg, old);
	if (s->len + fresh > s->ring_size)
		rset_compact(s); /* then at most cap entries are live, of 2 * cap */
	/* rset_push for each, with the set's fields in locals: its stores
	 * into seq[] could be stores into the set for all the compiler knows */
	uint32_t seq = s->next_seq, at = s->head + s->len, size = s->ring_size;
	uint32_t *seqs = s->seq;
	struct rset_entry *ring = s->ring;
	for (size_t i = 0; i < n; i++) {
		uint32_t page = pages[i];
		if (seqs[page] != 0) /* resident, and young already (pages < npages) */
			continue;
		if (++seq == 0) /* 0 means "not resident" */
			seq = 1;
		seqs[page] = seq;
		if (at >= size)
			at -= size;
		ring[at++] = (struct rset_entry){page, seq};
	}
	s->next_seq = seq;
	s->len += fresh;
	s->count += fresh;
}
