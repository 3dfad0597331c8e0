/* pmm.h - physical page allocation for the whole kernel. */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <types.h>

/* Hand [first_free, ram_end) to the buddy allocator. */
void pmm_init(paddr_t first_free, paddr_t ram_end);
/* 2^order contiguous pages, zeroed: the physical address or 0. */
paddr_t page_alloc(unsigned order);
void page_free(paddr_t pa, unsigned order);
/* npages physically contiguous pages, zeroed, each an ordinary data page
 * with one reference (page_unref frees it, on its own): the address of the
 * first, or 0 if no run that long is free or npages is 0 or more than
 * 2^BUDDY_MAX_ORDER. For memory a device reads and writes (DMA). */
paddr_t page_alloc_run(size_t npages);
/* Data pages can be shared (a file page mapped by several clients and held
 * by the file server): page_alloc(0) returns a page with one reference;
 * page_ref adds one, page_unref drops one and frees the page at zero. */
void page_ref(paddr_t pa);
void page_unref(paddr_t pa);
/* A page-table page counts its valid entries in its metadata, so that an
 * unmap knows at once when the table has emptied and can be freed. */
uint32_t *page_table_entries(paddr_t pa);
size_t pmm_free_pages(void);
size_t pmm_total_pages(void);

#endif
