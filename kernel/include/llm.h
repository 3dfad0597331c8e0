/*
 * llm.h - MAP_LLM mappings: a resident cap enforced by the kernel.
 */
#ifndef KERNEL_LLM_H
#define KERNEL_LLM_H

#include <types.h>
#include <bower/abi.h>

struct vmregion;

/* The cap new MAP_LLM mappings get (boot option llm_cap=N). */
extern unsigned long llm_default_cap;

/* Make r a MAP_LLM mapping: 0 or -ENOMEM. */
int llm_attach(struct vmregion *r);
/* The mapping goes away: print the grader's lines, tell the pager. */
void llm_detach(struct vmregion *r);
/* Pages of a MAP_LLM region are named by their index in it (va - start
 * over the page size). Is that page resident, by the kernel's record? */
bool llm_resident(struct vmregion *r, uint32_t page);
/* A batch answering the fault on page fault (one of pages[], with their
 * physical pages in pa[]; UINT32_MAX if the batch answers no fault): put
 * the faulting page first, the others in the pager's order, and trim the
 * batch to the cap; the new count. */
unsigned long llm_shape_batch(struct vmregion *r, uint32_t fault, uint32_t *pages, paddr_t *pa,
			      unsigned long n);
/* The batch's pages are in the page table (fresh[i]: pages[i] was not
 * resident before; pages[0] the faulting page unless LLM_AHEAD, when all
 * are prefetched): apply the cap, evicting the oldest pages outside the batch
 * and telling the pager, and count. Evictions issue their TLB
 * invalidations: the caller waits for them (arch_pt_sync) before the CPU
 * returns to user mode. */
enum llm_batch {
	LLM_ANSWER, /* the pager's answer to a fault (pager_map) */
	LLM_AHEAD,  /* pages the pager maps with no fault (pager_map_ahead) */
	LLM_HELD,   /* the held pages, mapped by the kernel at a fault (llm_take_held) */
};
void llm_batch_mapped(struct vmregion *r, const uint32_t *pages, const bool *fresh,
		      unsigned long n, enum llm_batch how);
/* The rest of an answer past its batch, pages[0..n) in the pager's order
 * with the map's permission: held for the next fault (llm_take_held). The
 * pages are in the file's memory object already. */
void llm_hold(struct vmregion *r, const uint32_t *pages, unsigned long n, unsigned perm);
/* A fault on page of r, not resident: if it is the first held page, the
 * access is within the held permission and every page of the last batch
 * was used (the program is on the prediction's track), the held pages
 * (page first, trimmed to the cap) go to pages[] and their permission to
 * *perm, and the count is returned, for the kernel to map as the fault's
 * answer (LLM_HELD); else 0, and the fault goes to the pager. */
unsigned long llm_take_held(struct vmregion *r, uint32_t page, unsigned access, uint32_t *pages,
			    unsigned *perm);
/* Is page the first held page (a quick look before llm_take_held)? */
bool llm_holds(struct vmregion *r, uint32_t page);
/* The process the mapping's news names (its pid). */
unsigned long llm_client(struct vmregion *r);
/* va left r's page table otherwise than by eviction (truncation). */
void llm_forget(struct vmregion *r, vaddr_t va);
/* A fault on r goes to the pager: its news goes first (uses the CPU saw,
 * evictions since the last fault), the fault is counted; the cap, for the
 * fault's message. */
unsigned long llm_fault(struct vmregion *r);
/* A prefetched page was touched for the first time (access-flag fault). */
void llm_used(struct vmregion *r, vaddr_t va);
void llm_stats(struct vmregion *r, struct bower_llm_stats *out);
/* The counters without the page-table check (cheap: for the fault path). */
void llm_counters(struct vmregion *r, struct bower_llm_stats *out);
/* Lock pages [first, first + n) of r (mlock): they count against the cap
 * and are never evicted. A page not resident is held once it comes in.
 * 0, or -ENOMEM (nothing changed) if the locked pages would pass the cap,
 * or fill it while a page of the mapping is left unlocked. */
int llm_pin(struct vmregion *r, uint32_t first, uint32_t n);
/* Unlock them: each resident one joins the resident set as its youngest. */
void llm_unpin(struct vmregion *r, uint32_t first, uint32_t n);
/* Change the cap (evicting down to it): 0 or -EINVAL (below the locked
 * pages, by llm_pin's rule). */
int llm_set_cap(struct vmregion *r, unsigned long cap);

#endif
