/* pmm.h - physical page allocation for the whole kernel. */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <types.h>

/* Hand [first_free, ram_end) to the buddy allocator. */
void pmm_init(paddr_t first_free, paddr_t ram_end);
/* 2^order contiguous pages, zeroed: the physical address or 0. */
paddr_t page_alloc(unsigned order);
void page_free(paddr_t pa, unsigned order);
size_t pmm_free_pages(void);
size_t pmm_total_pages(void);

#endif
