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
/* Is va resident in r, by the kernel's record? */
bool llm_resident(struct vmregion *r, vaddr_t va);
/* A batch answering the fault at fault_va (one of its entries): put the
 * faulting page first and trim the batch to the cap; the new count. */
unsigned long llm_shape_batch(struct vmregion *r, vaddr_t fault_va, struct bower_pager_entry *e,
			      paddr_t *pa, unsigned long n);
/* The batch's pages are in the page table: apply the cap, evicting the
 * oldest pages outside the batch and telling the pager, and count. */
void llm_batch_mapped(struct vmregion *r, const struct bower_pager_entry *e, unsigned long n);
/* va left r's page table otherwise than by eviction (truncation). */
void llm_forget(struct vmregion *r, vaddr_t va);
/* A fault on r went to the pager. */
void llm_fault(struct vmregion *r);
/* A prefetched page was touched for the first time (access-flag fault). */
void llm_used(struct vmregion *r, vaddr_t va);
/* Where the CPU sets the access flag itself (no fault tells a first use):
 * report the prefetched pages touched since the last look. Called before
 * each fault is posted, so the pager reads the uses before the fault. */
void llm_collect_used(struct vmregion *r);
void llm_stats(struct vmregion *r, struct bower_llm_stats *out);
/* The counters without the page-table check (cheap: for the fault path). */
void llm_counters(struct vmregion *r, struct bower_llm_stats *out);
/* Change the cap (evicting down to it): 0 or -EINVAL. */
int llm_set_cap(struct vmregion *r, unsigned long cap);

#endif
