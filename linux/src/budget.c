/*
 * budget.c - one resident budget over every served mapping.
 *
 * The rule is Bower's kernel's, from the same code (lib/rset): a fault's
 * batch first makes its pages that are held young, then brings in the
 * others, each pushing out the oldest held page when the budget is full;
 * a batch never evicts its own pages. "Held" means placed in a mapping or
 * sitting in a staging slot (being read, or read and not yet touched):
 * both are memory, and both count.
 *
 * rset numbers pages 0..N-1 for one mapping; here every served mapping
 * takes a range of numbers (its gbase + page) out of one space, found
 * first-fit among the live mappings' ranges, so a set spans them all. The
 * per-number array is reserved virtual memory (MAP_NORESERVE): only the
 * parts for numbers in use are ever touched.
 *
 * Without --mem nothing is evicted, and the set is not kept at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "pager.h"

/* 2^26 pages: 256 GiB of served mappings at once. */
#define ID_SPACE (1u << 26)

int bp_budget_init(uint64_t bytes)
{
	bp.id_limit = ID_SPACE;
	bp.capped = bytes > 0;
	if (!bp.capped)
		return 0;
	uint64_t pages = bytes / BP_PAGE;
	if (pages > ID_SPACE)
		pages = ID_SPACE;
	bp.budget = (uint32_t)pages;
	size_t seq_bytes = (size_t)ID_SPACE * sizeof(uint32_t);
	size_t ring_entries = 2 * (size_t)bp.budget + 2;
	bp.seq = (uint32_t *)syscall(SYS_mmap, NULL, seq_bytes, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	bp.ring = (struct rset_entry *)syscall(SYS_mmap, NULL, ring_entries * sizeof(*bp.ring),
					       PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (bp.seq == MAP_FAILED || bp.ring == MAP_FAILED)
		return -ENOMEM;
	rset_init(&bp.rset, ID_SPACE, bp.budget, bp.seq, bp.ring, (uint32_t)ring_entries);
	return 0;
}

uint32_t bp_budget_ids(uint32_t pages)
{
	uint32_t at = 0;
	bool moved = true;
	while (moved) { /* first fit: step past every live range that overlaps */
		moved = false;
		for (struct bp_region *r = bp.regions; r; r = r->next)
			if (at < r->gbase + r->pages && r->gbase < at + pages) {
				at = r->gbase + r->pages;
				moved = true;
			}
	}
	return (uint64_t)at + pages <= bp.id_limit ? at : UINT32_MAX;
}

/* Drop what the rule pushed out, whatever state it is in. */
static void evict(void *arg, uint32_t gid)
{
	(void)arg;
	struct bp_region *r = bp_region_of_id(gid);
	if (!r)
		return;
	uint32_t page = gid - r->gbase;
	uint8_t st = r->state[page];
	r->n.evicted++;
	if (st & PG_PREDICTED)
		r->n.wasted++;
	switch (st & PG_STATE) {
	case PG_MAPPED:
		bp_page_drop(r, page);
		break;
	case PG_PENDING: {
		uint32_t s = r->slot[page];
		if (bp.slots[s].flags & SLOT_READ)
			bp_slot_free(s);
		else
			bp.slots[s].flags |= SLOT_CANCELLED; /* its reader frees it */
		r->slot[page] = SLOT_NONE;
		break;
	}
	default:
		break;
	}
	r->state[page] = PG_ABSENT;
	pf_note_evicted(r->model, page);
}

void bp_budget_admit(struct bp_region *r, const pf_page *pages, size_t n)
{
	if (!bp.capped)
		return;
	uint32_t ids[BP_BATCH_MAX];
	for (size_t i = 0; i < n; i++)
		ids[i] = r->gbase + pages[i];
	rset_admit_batch(&bp.rset, ids, n, evict, NULL);
	bp_drops_flush();
}

void bp_budget_forget(struct bp_region *r, uint32_t page)
{
	if (bp.capped)
		rset_remove(&bp.rset, r->gbase + page);
}

void bp_budget_release(struct bp_region *r)
{
	for (uint32_t p = 0; p < r->pages; p++)
		bp_budget_forget(r, p);
}

/* Evictions come in runs (the oldest pages of a sequential batch are
 * neighbours), so they are dropped a run at a time: one MADV_DONTNEED, and
 * one TLB flush, per run of pages rather than per page. */
void bp_drops_flush(void)
{
	for (unsigned i = 0; i < bp.drops; i++)
		syscall(SYS_madvise, bp.drop_start[i], bp.drop_len[i], MADV_DONTNEED);
	bp.drops = 0;
}

void bp_page_drop(struct bp_region *r, uint32_t page)
{
	uintptr_t addr = r->base + (uintptr_t)page * BP_PAGE;
	if (r->shared_write && bp_page_dirty(r, page))
		bp_writeback_page(r, page);
	for (unsigned i = 0; i < bp.drops; i++) {
		if (bp.drop_start[i] + bp.drop_len[i] == addr) {
			bp.drop_len[i] += BP_PAGE;
			return;
		}
		if (addr + BP_PAGE == bp.drop_start[i]) {
			bp.drop_start[i] = addr;
			bp.drop_len[i] += BP_PAGE;
			return;
		}
	}
	if (bp.drops == sizeof(bp.drop_start) / sizeof(bp.drop_start[0]))
		bp_drops_flush();
	bp.drop_start[bp.drops] = addr;
	bp.drop_len[bp.drops++] = BP_PAGE;
}
