/*
 * rset.h - the resident set of a capped mapping, and its eviction rule.
 *
 * A MAP_LLM mapping keeps at most `cap` pages resident. The rule, written
 * here once for the kernel (kernel/mm/llm.c), the simulator
 * (tools/prefetch-sim) and the host tests alike:
 *
 *   - pages leave in the order they came in, oldest first (FIFO);
 *   - a batch (the faulting page, then the pages predicted to follow, at
 *     most cap of them) first makes its pages that are resident young
 *     (they move to the new end of the order, as if mapped now), then
 *     brings in the others in batch order, each pushing out the oldest
 *     page when the set is full. So a batch never evicts its own pages.
 *
 * The simulator's LRU variant is the same set with every access making its
 * page young.
 *
 * O(1) amortized per page: the order is a ring of (page, sequence) entries
 * and each page remembers the sequence of its live entry; making a page
 * young pushes a new entry and leaves the old one stale, skipped when it
 * reaches the head; a full ring is compacted, which frees at least half of
 * it when it holds at least twice cap entries.
 *
 * Portable C99 with no allocation: the caller gives the arrays.
 */
#ifndef RSET_H
#define RSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rset_entry {
	uint32_t page;
	uint32_t seq;
};

struct rset {
	uint32_t cap;	/* resident pages at most */
	uint32_t count; /* resident now */
	uint32_t npages;
	uint32_t ring_size; /* at least 2 * the largest cap this set will have */
	uint32_t head, len; /* ring entries, live and stale */
	uint32_t next_seq;
	uint32_t *seq; /* per page: its live entry's sequence, 0 if not resident */
	struct rset_entry *ring;
};

/* An empty set over npages pages; seq has npages zeroed entries, ring has
 * ring_size entries. */
void rset_init(struct rset *s, uint32_t npages, uint32_t cap, uint32_t *seq,
	       struct rset_entry *ring, uint32_t ring_size);

/* Drop the stale entries of a full ring (push does, when it must). */
void rset_compact(struct rset *s);

/* Inline, like the rest of the per-page steps below: the kernel takes
 * them for every page of every batch, and a call costs as much as one. */
static inline bool rset_resident(const struct rset *s, uint32_t page)
{
	return page < s->npages && s->seq[page] != 0;
}

/* A new entry for page at the young end (a resident page's older entry
 * goes stale). */
static inline void rset_push(struct rset *s, uint32_t page)
{
	if (s->len == s->ring_size)
		rset_compact(s);
	if (++s->next_seq == 0) /* 0 means "not resident" */
		s->next_seq = 1;
	s->seq[page] = s->next_seq;
	uint32_t at = s->head + s->len++;
	if (at >= s->ring_size)
		at -= s->ring_size;
	s->ring[at] = (struct rset_entry){page, s->next_seq};
}

/* A resident page becomes the last to leave. */
static inline void rset_young(struct rset *s, uint32_t page)
{
	rset_push(s, page);
}

/* The oldest resident page leaves: true and its number, or false if empty. */
static inline bool rset_pop_oldest(struct rset *s, uint32_t *page)
{
	while (s->count > 0) {
		struct rset_entry e = s->ring[s->head];
		if (++s->head == s->ring_size)
			s->head = 0;
		s->len--;
		if (s->seq[e.page] != e.seq)
			continue; /* made young since: a newer entry stands for it */
		s->seq[e.page] = 0;
		s->count--;
		*page = e.page;
		return true;
	}
	return false;
}

/* A resident page leaves out of turn (its mapping lost it otherwise, e.g.
 * the file was truncated). */
void rset_remove(struct rset *s, uint32_t page);

/* Called for each page a batch pushes out. */
typedef void (*rset_evict_fn)(void *arg, uint32_t page);

/* Apply the rule above to a batch of n <= cap distinct pages, each below
 * npages. */
void rset_admit_batch(struct rset *s, const uint32_t *pages, size_t n, rset_evict_fn evict,
		      void *arg);

#endif
