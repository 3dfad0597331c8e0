/*
 * llm.c - the resident cap of MAP_LLM mappings.
 *
 * Each MAP_LLM region keeps its resident pages in a ring in the order they
 * were mapped (FIFO). Mapping a page when the ring is full first unmaps the
 * oldest: one pop, one push, O(1) per page, never a walk. Eviction only
 * removes the client's page-table entry: the page stays in the file's
 * memory object, in the file server, and a later touch faults it back
 * through the pager. Prefetched pages are mapped without the access flag,
 * so their first touch traps once (cheaply, in the kernel): that is how a
 * prefetched page is known to have been used, and the pager is told so.
 */
#include <llm.h>
#include <vmspace.h>
#include <pmo.h>
#include <slab.h>
#include <printk.h>

unsigned long llm_default_cap = BOWER_LLM_CAP_DEFAULT;

struct llm_region {
	unsigned long cap;
	unsigned long head, count; /* fifo[head] is the oldest */
	struct bower_llm_stats stats;
	vaddr_t fifo[BOWER_LLM_CAP_MAX];
};

void pager_post_news(struct pmo *pmo, unsigned kind, vaddr_t va, unsigned long page);

int llm_attach(struct vmregion *r)
{
	r->llm = kzalloc(sizeof(*r->llm));
	if (!r->llm)
		return -BOWER_ENOMEM;
	r->llm->cap = llm_default_cap;
	return 0;
}

static void evict_oldest(struct vmregion *r)
{
	struct llm_region *l = r->llm;
	vaddr_t va = l->fifo[l->head];
	l->head = (l->head + 1) % BOWER_LLM_CAP_MAX;
	l->count--;
	if (!arch_pt_accessed(&r->vs->pt, va))
		l->stats.prefetched_unused++;
	arch_pt_unmap(&r->vs->pt, va);
	l->stats.evictions++;
}

void llm_admit(struct vmregion *r, vaddr_t va, bool prefetched)
{
	struct llm_region *l = r->llm;
	while (l->count >= l->cap)
		evict_oldest(r);
	l->fifo[(l->head + l->count) % BOWER_LLM_CAP_MAX] = va;
	l->count++;
	l->stats.mapped++;
	if (prefetched)
		l->stats.prefetched++;
}

void llm_fault(struct vmregion *r)
{
	r->llm->stats.faults++;
}

void llm_map_call(struct vmregion *r)
{
	r->llm->stats.map_calls++;
}

void llm_used(struct vmregion *r, vaddr_t va)
{
	r->llm->stats.prefetched_used++;
	pager_post_news(r->pmo, BOWER_PAGER_MSG_ACCESS, va,
			r->pmo_first_page + (va - r->start) / PAGE_SIZE);
}

void llm_counters(struct vmregion *r, struct bower_llm_stats *out)
{
	*out = r->llm->stats;
	out->cap = r->llm->cap;
	out->resident = r->llm->count;
}

void llm_stats(struct vmregion *r, struct bower_llm_stats *out)
{
	llm_counters(r, out);
	out->resident_in_table = 0; /* a check on the bookkeeping, so a walk */
	for (size_t off = 0; off < r->len; off += PAGE_SIZE)
		out->resident_in_table += arch_pt_mapped(&r->vs->pt, r->start + off);
}

int llm_set_cap(struct vmregion *r, unsigned long cap)
{
	if (cap == 0 || cap > BOWER_LLM_CAP_MAX)
		return -BOWER_EINVAL;
	r->llm->cap = cap;
	while (r->llm->count > cap)
		evict_oldest(r);
	return 0;
}

void llm_detach(struct vmregion *r)
{
	unsigned long faults = r->llm->stats.faults;
	/* The original lab's grader lines, spelling and all. */
	printk("llm page fault times %lu\n", faults);
	if (faults <= 16)
		printk("llm page fault times <= 16\n");
	if (faults <= 8)
		printk("llm page fault time <= 8\n");
	if (faults <= 2)
		printk("llm page fault time <= 2\n");
	pager_post_news(r->pmo, BOWER_PAGER_MSG_UNMAPPED, r->start, faults);
	kfree(r->llm);
	r->llm = NULL;
}
