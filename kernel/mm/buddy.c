/*
 * buddy.c - binary buddy allocation of pages.
 *
 * A free block of order k is 2^k pages whose first page index is a multiple
 * of 2^k; its buddy is the block at index ^ 2^k. Allocation takes the
 * smallest free block of at least the wanted order and splits it, putting
 * the upper halves back on the free lists; freeing merges a block with its
 * buddy for as long as the buddy is a free block of the same order. Only a
 * block's first page carries meaning in the metadata (order, free or
 * allocated), which is what lets free detect a wrong order or a double free.
 *
 * Every operation is O(BUDDY_MAX_ORDER).
 */
#include "buddy.h"

static size_t index_of(const struct buddy_zone *z, const struct buddy_page *p)
{
	return (size_t)(p - z->meta);
}

static void push_free(struct buddy_zone *z, size_t index, unsigned order)
{
	struct buddy_page *p = &z->meta[index];
	p->order = (uint8_t)order;
	p->free = 1;
	p->allocated = 0;
	list_add_head(&z->free_list[order], &p->node);
	z->free_pages += (size_t)1 << order;
}

static void pop_free(struct buddy_zone *z, struct buddy_page *p)
{
	list_remove(&p->node);
	p->free = 0;
	z->free_pages -= (size_t)1 << p->order;
}

void buddy_init(struct buddy_zone *z, uintptr_t base, size_t npages, struct buddy_page *meta)
{
	z->base = base;
	z->npages = npages;
	z->meta = meta;
	z->free_pages = 0;
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++)
		list_init(&z->free_list[k]);
	for (size_t i = 0; i < npages; i++) {
		meta[i].free = 0;
		meta[i].allocated = 0;
		meta[i].order = 0;
		meta[i].refcount = 0;
		list_init(&meta[i].node);
	}
	/* Carve the range into the largest aligned blocks that fit. */
	size_t i = 0;
	while (i < npages) {
		unsigned k = BUDDY_MAX_ORDER;
		while (k > 0 && ((i & (((size_t)1 << k) - 1)) || i + ((size_t)1 << k) > npages))
			k--;
		push_free(z, i, k);
		i += (size_t)1 << k;
	}
}

uintptr_t buddy_alloc(struct buddy_zone *z, unsigned order)
{
	if (order > BUDDY_MAX_ORDER)
		return 0;
	unsigned k = order;
	while (k <= BUDDY_MAX_ORDER && list_empty(&z->free_list[k]))
		k++;
	if (k > BUDDY_MAX_ORDER)
		return 0;
	struct buddy_page *p = container_of(z->free_list[k].next, struct buddy_page, node);
	size_t index = index_of(z, p);
	pop_free(z, p);
	while (k > order) { /* split: keep the lower half, free the upper */
		k--;
		push_free(z, index + ((size_t)1 << k), k);
	}
	p->order = (uint8_t)order;
	p->allocated = 1;
	return z->base + index * BUDDY_PAGE_SIZE;
}

int buddy_free(struct buddy_zone *z, uintptr_t addr, unsigned order)
{
	struct buddy_page *p = buddy_page_of(z, addr);
	if (!p || (addr - z->base) % BUDDY_PAGE_SIZE || !p->allocated || p->order != order)
		return -1;
	size_t index = index_of(z, p);
	p->allocated = 0;
	while (order < BUDDY_MAX_ORDER) {
		size_t buddy = index ^ ((size_t)1 << order);
		if (buddy + ((size_t)1 << order) > z->npages)
			break;
		struct buddy_page *b = &z->meta[buddy];
		if (!b->free || b->order != order)
			break;
		pop_free(z, b);
		index = index < buddy ? index : buddy;
		order++;
	}
	push_free(z, index, order);
	return 0;
}

int buddy_split(struct buddy_zone *z, uintptr_t addr, unsigned order)
{
	struct buddy_page *p = buddy_page_of(z, addr);
	if (!p || (addr - z->base) % BUDDY_PAGE_SIZE || !p->allocated || p->order != order)
		return -1;
	for (size_t i = 0; i < (size_t)1 << order; i++) {
		p[i].order = 0;
		p[i].allocated = 1;
	}
	return 0;
}

size_t buddy_free_pages(const struct buddy_zone *z)
{
	return z->free_pages;
}

struct buddy_page *buddy_page_of(struct buddy_zone *z, uintptr_t addr)
{
	if (addr < z->base || (addr - z->base) / BUDDY_PAGE_SIZE >= z->npages)
		return NULL;
	return &z->meta[(addr - z->base) / BUDDY_PAGE_SIZE];
}

uintptr_t buddy_addr_of(const struct buddy_zone *z, const struct buddy_page *page)
{
	return z->base + index_of(z, page) * BUDDY_PAGE_SIZE;
}
