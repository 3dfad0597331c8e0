/*
 * pager.h - user-level pagers: faults on file mappings resolved in user space.
 */
#ifndef KERNEL_PAGER_H
#define KERNEL_PAGER_H

#include <object.h>
#include <vmspace.h>

struct process;
struct thread;
struct pager;
struct pmo;

/* System call bodies (sys_pager.c checks the capabilities). */
long pager_register(struct process *p, struct kobject *notify, uintptr_t ring, unsigned long slots);
long pager_create_file(struct pager *pg, unsigned long npages, unsigned long file_id);
long pager_map(struct pager *pg, unsigned long token, const struct bower_pager_entry *uentries,
	       unsigned long n, int prot);
/* pager_map, except that the faulting thread it answered (*answered; NULL
 * if none) is left for the caller to wake: pager_map_wait runs it at once
 * if the pager then waits. */
long pager_map_settle(struct pager *pg, unsigned long token,
		      const struct bower_pager_entry *uentries, unsigned long n, int prot,
		      struct thread **answered);
long pager_map_ahead(struct pager *pg, struct pmo *pmo, unsigned long client,
		     const struct bower_pager_entry *uentries, unsigned long n, int prot);
long pager_fail(struct pager *pg, unsigned long token, int reason);
/* A fault on page `fault` (its index in r) of a MAP_LLM region, not
 * resident: answered here, with no trip to the pager, if llm_take_held
 * gives the pages the pager's last answer held (docs/llm.md): true once
 * they are mapped; false, and the fault goes to the pager. */
bool pager_map_held(struct vmspace *vs, struct vmregion *r, uint32_t fault, unsigned access);
long pager_invalidate(struct pager *pg, struct pmo *pmo, unsigned long first_page,
		      unsigned long count);

/* The fault path: va in vs, in its region r, is a file page its pager
 * must provide (vmspace_handle_fault said so, and found r). Posts
 * the fault and blocks until the pager answers or goes away: the result
 * (FAULT_RESOLVED, FAULT_BEYOND_EOF, FAULT_IO_ERROR or FAULT_NO_PAGER;
 * FAULT_INTERRUPTED if the thread was killed while it waited). A fault
 * from user mode that waits for its answer parks there
 * (sched_park): it ends with trap_user_fault_done, and never returns. */
enum fault_result pager_handle_fault(struct vmspace *vs, struct vmregion *r, vaddr_t va,
				     unsigned access, bool from_user);

/* News for a learning pager about pages of pmo, in one NEWS message:
 * count <= BOWER_PAGER_NEWS_MAX pieces (abi.h, BOWER_PAGER_NEWS_*). */
void pager_post_news(struct pmo *pmo, unsigned long client, const unsigned *news, unsigned count);
/* A MAP_LLM mapping of pmo at va (its first page, page) went away after
 * faults faults: the run ended, and the pager is woken to learn from it. */
void pager_post_unmapped(struct pmo *pmo, unsigned long client, vaddr_t va, unsigned long page,
			 unsigned faults);
/* The file object's last mapping went away (a removed file's data may go). */
void pager_post_unused(struct pmo *pmo);
/* The file object goes away: its pager no longer lists it. */
void pager_forget_pmo(struct pmo *pmo);
/* A process ends: if it is a pager, fail its faults and orphan its files. */
void pager_process_ending(struct process *p);

#endif
