/*
 * slab.c - size-class slabs for kmalloc.
 *
 * Sizes up to SLAB_MAX go to the smallest power-of-two class that holds
 * them; each class keeps slabs of one page: a header at the start of the
 * page, then equal objects, the free ones chained through their first word.
 * kfree finds the header by rounding the pointer down to its page, so it
 * needs no size. Larger requests get whole pages with a small header in
 * front (same trick). A slab that becomes empty goes back to the page
 * provider at once: memory returns when objects die, which is what the
 * leak tests measure.
 */
#include "slab.h"
#include <stdint.h>
#include <string.h>
#include <list.h>

#define PAGE	    4096UL
#define SLAB_MIN    16
#define SLAB_MAX    2048
#define NCLASSES    8 /* 16 .. 2048 */
#define MAGIC_SLAB  0x51ab51abU
#define MAGIC_LARGE 0x1a26e1a2U

struct slab_cache {
	size_t obj_size;
	struct list_node partial; /* slabs with at least one free object */
};

struct slab_header {
	uint32_t magic;
	uint32_t inuse;
	struct slab_cache *cache;
	struct list_node node;
	void *free; /* first free object */
	uint64_t pad;
};

struct large_header {
	uint32_t magic;
	uint32_t order;
	uint64_t pad;
};

_Static_assert(sizeof(struct slab_header) % 16 == 0, "objects stay 16-byte aligned");
_Static_assert(sizeof(struct large_header) == 16, "large blocks stay 16-byte aligned");

static struct slab_pages pages;
static struct slab_cache caches[NCLASSES];
static size_t live;

void slab_init(struct slab_pages provider)
{
	pages = provider;
	for (unsigned i = 0; i < NCLASSES; i++) {
		caches[i].obj_size = (size_t)SLAB_MIN << i;
		list_init(&caches[i].partial);
	}
}

static struct slab_header *slab_new(struct slab_cache *c)
{
	struct slab_header *s = pages.alloc_pages(0);
	if (!s)
		return NULL;
	s->magic = MAGIC_SLAB;
	s->inuse = 0;
	s->cache = c;
	s->free = NULL;
	char *first = (char *)s + sizeof(*s);
	size_t n = (PAGE - sizeof(*s)) / c->obj_size;
	for (size_t i = n; i-- > 0;) { /* chain so the lowest address comes first */
		void **obj = (void **)(first + i * c->obj_size);
		*obj = s->free;
		s->free = obj;
	}
	list_add_head(&c->partial, &s->node);
	return s;
}

static void *large_alloc(size_t size)
{
	unsigned order = 0;
	while ((PAGE << order) < size + sizeof(struct large_header)) {
		order++;
		if (order > 20)
			return NULL;
	}
	struct large_header *h = pages.alloc_pages(order);
	if (!h)
		return NULL;
	h->magic = MAGIC_LARGE;
	h->order = order;
	live++;
	return h + 1;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		return NULL;
	if (size > SLAB_MAX)
		return large_alloc(size);
	unsigned i = 0;
	while (caches[i].obj_size < size)
		i++;
	struct slab_cache *c = &caches[i];
	struct slab_header *s;
	if (list_empty(&c->partial)) {
		if (!(s = slab_new(c)))
			return NULL;
	} else {
		s = container_of(c->partial.next, struct slab_header, node);
	}
	void **obj = s->free;
	s->free = *obj;
	s->inuse++;
	if (!s->free)
		list_remove(&s->node); /* full: off the partial list */
	live++;
	return obj;
}

void *kzalloc(size_t size)
{
	if (size > SLAB_MAX && pages.zeroed)
		return kmalloc(size); /* whole pages, fresh from the provider */
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *ptr)
{
	if (!ptr)
		return;
	live--;
	uintptr_t page = (uintptr_t)ptr & ~(PAGE - 1);
	struct large_header *h = (struct large_header *)page;
	if (h->magic == MAGIC_LARGE && (void *)(h + 1) == ptr) {
		h->magic = 0;
		pages.free_pages(h, h->order);
		return;
	}
	struct slab_header *s = (struct slab_header *)page;
	bool was_full = s->free == NULL;
	void **obj = ptr;
	*obj = s->free;
	s->free = obj;
	s->inuse--;
	if (s->inuse == 0) {
		if (!was_full)
			list_remove(&s->node);
		s->magic = 0;
		pages.free_pages(s, 0);
	} else if (was_full) {
		list_add_head(&s->cache->partial, &s->node);
	}
}

size_t slab_live_objects(void)
{
	return live;
}
