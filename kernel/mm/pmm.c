/*
 * pmm.c - the kernel's page allocator: one buddy zone over free RAM.
 *
 * At boot, everything in RAM above the kernel image is free. The buddy
 * allocator's per-page metadata goes at the start of that range, and the
 * pages after it are the zone. Pages are handed out zeroed, so no caller
 * ever sees another process's data.
 */
#include <pmm.h>
#include <arch/cpu.h>
#include <buddy.h>
#include <mmio.h>
#include <printk.h>
#include <string.h>

static struct buddy_zone zone;
static size_t total_pages;

void pmm_init(paddr_t first_free, paddr_t ram_end)
{
	first_free = ALIGN_UP(first_free, PAGE_SIZE);
	size_t npages = (ram_end - first_free) / PAGE_SIZE;
	size_t meta_bytes = ALIGN_UP(npages * sizeof(struct buddy_page), PAGE_SIZE);
	size_t meta_pages = meta_bytes / PAGE_SIZE;
	if (npages <= meta_pages)
		panic("no free RAM above the kernel");
	struct buddy_page *meta = KVA(first_free);
	memset(meta, 0, meta_bytes);
	total_pages = npages - meta_pages;
	buddy_init(&zone, first_free + meta_bytes, total_pages, meta);
}

paddr_t page_alloc(unsigned order)
{
	paddr_t pa = buddy_alloc(&zone, order);
	if (pa) {
		arch_zero_pages(KVA(pa), PAGE_SIZE << order);
		buddy_page_of(&zone, pa)->refcount = 1;
	}
	return pa;
}

paddr_t page_alloc_run(size_t npages)
{
	unsigned order = 0;
	while (((size_t)1 << order) < npages && order <= BUDDY_MAX_ORDER)
		order++;
	if (npages == 0 || order > BUDDY_MAX_ORDER)
		return 0;
	paddr_t pa = page_alloc(order);
	if (!pa)
		return 0;
	buddy_split(&zone, pa, order);
	for (size_t i = 0; i < ((size_t)1 << order); i++) {
		paddr_t page = pa + i * PAGE_SIZE;
		buddy_page_of(&zone, page)->refcount = 1;
		if (i >= npages) /* the block's tail is not wanted: back it goes */
			page_unref(page);
	}
	return pa;
}

/* Inlined into its callers (the pager's batch map takes one a page). */
always_inline void page_ref(paddr_t pa)
{
	struct buddy_page *p = buddy_page_of(&zone, pa);
	assert(p && p->refcount > 0);
	p->refcount++;
}

void page_unref(paddr_t pa)
{
	struct buddy_page *p = buddy_page_of(&zone, pa);
	assert(p && p->refcount > 0);
	if (--p->refcount == 0)
		page_free(pa, 0);
}

void page_free(paddr_t pa, unsigned order)
{
	if (buddy_free(&zone, pa, order) < 0)
		panic("page_free(%lx, %u): not an allocated block", (unsigned long)pa, order);
}

uint32_t *page_table_entries(paddr_t pa)
{
	struct buddy_page *p = buddy_page_of(&zone, pa);
	assert(p && p->allocated);
	return &p->table_entries;
}

size_t pmm_free_pages(void)
{
	return buddy_free_pages(&zone);
}

size_t pmm_total_pages(void)
{
	return total_pages;
}
