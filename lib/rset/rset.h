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

/* Inline: the kernel asks it for every page of every batch. */
static inline bool rset_resident(const struct rset *s, uint32_t page)
{
	return page < s->npages && s->seq[page] != 0;
}
/* A resident page becomes the last to leave. */
void rset_young(struct rset *s, uint32_t page);
/* The oldest resident page leaves: true and its number, or false if empty. */
bool rset_pop_oldest(struct rset *s, uint32_t *page);
/* A resident page leaves out of turn (its mapping lost it otherwise, e.g.
 * the file was truncated). */
void rset_remove(struct rset *s, uint32_t page);

/* Called for each page a batch pushes out. */
typedef void (*rset_evict_fn)(void *arg, uint32_t page);

/* Apply the rule above to a batch of n <= cap distinct pages. */
void rset_admit_batch(struct rset *s, const uint32_t *pages, size_t n, rset_evict_fn evict,
		      void *arg);

#endif
