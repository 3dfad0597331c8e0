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
 * resident before; pages[0] the faulting page if faulted, else all are
 * prefetched): apply the cap, evicting the oldest pages outside the batch
 * and telling the pager, and count. Evictions issue their TLB
 * invalidations: the caller waits for them (arch_pt_sync) before the CPU
 * returns to user mode. */
void llm_batch_mapped(struct vmregion *r, const uint32_t *pages, const bool *fresh,
		      unsigned long n, bool faulted);
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
