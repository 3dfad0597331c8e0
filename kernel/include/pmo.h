/*
 * pmo.h - physical memory objects: what backs a region of an address space.
 *
 * A PMO is a tagged header plus an ops table: the fault path asks the PMO
 * for the page at an index and does not care what kind it is. Kinds today:
 * anonymous eager (every page allocated at creation) and anonymous lazy
 * (zero-filled on first touch), and file (a page not yet present is asked
 * of the user-level pager that owns the file: get_page says -EAGAIN and the
 * fault path hands the fault to the pager, see pager.c), device (a
 * device's registers, not RAM: object/device.c) and DMA (pages contiguous
 * in physical memory, whose address the holder may learn: dma.c). Each
 * kind is an ops table, not a branch in the fault path.
 *
 * A PMO keeps the list of regions that map it, so that pages can be taken
 * back from every mapping (a file truncated under its mappings).
 */
#ifndef KERNEL_PMO_H
#define KERNEL_PMO_H

#include <types.h>
#include <list.h>
#include <object.h>

struct pmo;

struct pmo_ops {
	/* Find or make the page at index: 0 and *pa, or a negative error. */
	int (*get_page)(struct pmo *pmo, size_t index, paddr_t *pa);
	/* Free the object's pages (refcount reached zero). */
	void (*destroy)(struct pmo *pmo);
};

enum pmo_kind {
	PMO_ANON_EAGER,
	PMO_ANON_LAZY,
	PMO_FILE,
	PMO_DEVICE, /* a device's registers */
	PMO_DMA,    /* contiguous pages for a device */
};

struct pager;
struct device;

struct pmo {
	struct kobject kobj; /* its references: capabilities and regions */
	const struct pmo_ops *ops;
	enum pmo_kind kind;
	size_t npages;
	paddr_t *pages; /* npages entries; 0 = not present yet; each holds a page reference */
	size_t pages_end; /* no page at or past this index (a lazy 32 MiB heap that
			   * touched 10 pages frees in 10 steps, not 8,192) */
	struct list_node mappings; /* struct vmregion.pmo_node */
	struct pager *pager;	   /* file PMOs: who provides pages (NULL once it is gone) */
	uint64_t file_id;	   /* file PMOs: the pager's name for the file */
	struct list_node pager_node;
	/* Device and DMA PMOs: the physical range they stand for (a device's
	 * registers need not start or end on a page), and for a device's
	 * registers what the device tree says of the device. */
	paddr_t phys;
	size_t bytes;
	const struct device *device;
};

/* A new PMO of npages of this kind with an empty page array and one
 * reference, for the kinds' constructors: NULL if out of memory. */
struct pmo *pmo_alloc(size_t npages, const struct pmo_ops *ops, enum pmo_kind kind);
/* Anonymous memory's ops: a missing page is a new zeroed one; a DMA PMO,
 * every page present from the start, shares them. */
extern const struct pmo_ops pmo_anon_ops;
/* Put page pa (its reference taken by the caller) at an empty index. */
void pmo_set_page(struct pmo *pmo, size_t index, paddr_t pa);
/* Create an anonymous PMO of npages: NULL if out of memory. refcount 1. */
struct pmo *pmo_create_anon(size_t npages, bool eager);
/* Create a file PMO of npages served by pager: NULL if out of memory. */
struct pmo *pmo_create_file(struct pager *pager, size_t npages, uint64_t file_id);
/* npages contiguous zeroed pages: NULL if out of memory (dma.c). */
struct pmo *pmo_create_dma(size_t npages);
/* The registers [base, base + bytes) of a device (not RAM): NULL if out of
 * memory (object/device.c). */
struct pmo *pmo_create_device(paddr_t base, size_t bytes, const struct device *dev);
/* Drop pages [first, first + count) (those below npages) from the PMO and
 * from every mapping of it. */
void pmo_drop_pages(struct pmo *pmo, size_t first, size_t count);
/* A new capability in t to pmo, just made (NULL: out of memory), with
 * READ | WRITE | GRANT; the maker's reference goes to the slot. The slot,
 * or -ENOMEM / -EMFILE. */
long pmo_install_new(struct cap_table *t, struct pmo *pmo);
void pmo_get(struct pmo *pmo);
void pmo_put(struct pmo *pmo);

#endif
