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
/* A page of a fault's batch: if va is resident, it becomes young (moves to
 * the new end of the eviction order); if not, it is counted in, evicting
 * the oldest-mapped page first if at the cap. Never evicts a page of the
 * batch being mapped (the batch is at most the cap). */
void llm_admit(struct vmregion *r, vaddr_t va, bool prefetched);
/* A fault on r went to the pager; the pager answered one with a map call. */
void llm_fault(struct vmregion *r);
void llm_map_call(struct vmregion *r);
/* A prefetched page was touched for the first time (access-flag fault). */
void llm_used(struct vmregion *r, vaddr_t va);
void llm_stats(struct vmregion *r, struct bower_llm_stats *out);
/* The counters without the page-table check (cheap: for the fault path). */
void llm_counters(struct vmregion *r, struct bower_llm_stats *out);
/* Change the cap (evicting down to it): 0 or -EINVAL. */
int llm_set_cap(struct vmregion *r, unsigned long cap);

#endif
