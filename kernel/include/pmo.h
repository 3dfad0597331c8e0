/*
 * pmo.h - physical memory objects: what backs a region of an address space.
 *
 * A PMO is a tagged header plus an ops table: the fault path asks the PMO
 * for the page at an index and does not care what kind it is. Kinds today:
 * anonymous eager (every page allocated at creation) and anonymous lazy
 * (zero-filled on first touch). The file kind, whose faults go to a user
 * pager, is another ops table, not a branch in the fault path.
 */
#ifndef KERNEL_PMO_H
#define KERNEL_PMO_H

#include <types.h>

struct pmo;

struct pmo_ops {
	/* Find or make the page at index: 0 and *pa, or a negative error. */
	int (*get_page)(struct pmo *pmo, size_t index, paddr_t *pa);
	/* Free the object's pages (refcount reached zero). */
	void (*destroy)(struct pmo *pmo);
};

enum pmo_kind { PMO_ANON_EAGER, PMO_ANON_LAZY };

struct pmo {
	const struct pmo_ops *ops;
	enum pmo_kind kind;
	unsigned refcount;
	size_t npages;
	paddr_t *pages; /* npages entries; 0 = not present yet */
};

/* Create an anonymous PMO of npages: NULL if out of memory. refcount 1. */
struct pmo *pmo_create_anon(size_t npages, bool eager);
void pmo_get(struct pmo *pmo);
void pmo_put(struct pmo *pmo);

#endif
