/*
 * buddy.h - a binary buddy allocator for physical pages.
 *
 * Portable: it manages page-aligned addresses (physical in the kernel, a
 * malloc'd buffer in the host tests) with one struct buddy_page of metadata
 * per page, provided by the caller.
 */
#ifndef BUDDY_H
#define BUDDY_H

#include <stddef.h>
#include <stdint.h>
#include <list.h>

#define BUDDY_PAGE_SIZE 4096UL
#define BUDDY_MAX_ORDER 10 /* blocks of up to 2^10 pages (4 MiB) */

struct buddy_page {
	struct list_node node;		/* in a free list, while free and a block head */
	uint8_t order;			/* order of the block this page heads */
	uint8_t free;			/* 1: heads a free block */
	uint8_t allocated;		/* 1: heads an allocated block */
	union {				/* for the kernel's use; the allocator ignores them */
		uint32_t refcount;	/* data pages: references (pmm.c) */
		uint32_t table_entries; /* page-table pages: valid entries (pagetable.c) */
	};
};

struct buddy_zone {
	uintptr_t base; /* address of page 0 */
	size_t npages;
	struct buddy_page *meta;
	struct list_node free_list[BUDDY_MAX_ORDER + 1];
	size_t free_pages;
};

/* Manage npages pages starting at base (page aligned), all free. meta holds
 * npages entries. Any npages and alignment of base work: blocks are formed
 * by page index, so a block of order k starts at an index multiple of 2^k. */
void buddy_init(struct buddy_zone *z, uintptr_t base, size_t npages, struct buddy_page *meta);
/* 2^order contiguous pages: their address, or 0 when no block is big enough
 * or order > BUDDY_MAX_ORDER. */
uintptr_t buddy_alloc(struct buddy_zone *z, unsigned order);
/* Give back a block that buddy_alloc returned with the same order; merges it
 * with free buddies. 0, or -1 if addr is not an allocated block of that
 * order (a double free, a wrong order, an address outside the zone): then
 * nothing changes. */
int buddy_free(struct buddy_zone *z, uintptr_t addr, unsigned order);
/* Turn an allocated block of 2^order pages into 2^order allocated blocks
 * of one page, each given back on its own (buddy_free with order 0;
 * freeing them all merges the block again): physically contiguous pages
 * that are otherwise ordinary ones. 0, or -1 if addr is not an allocated
 * block of that order. */
int buddy_split(struct buddy_zone *z, uintptr_t addr, unsigned order);
size_t buddy_free_pages(const struct buddy_zone *z);
/* The metadata of the page at addr (NULL outside the zone), and back. */
struct buddy_page *buddy_page_of(struct buddy_zone *z, uintptr_t addr);
uintptr_t buddy_addr_of(const struct buddy_zone *z, const struct buddy_page *page);

#endif
