/*
 * pages.c - where file data lives: a pool of pages that grows by chunks.
 *
 * File pages are what the pager maps into clients, so they must be whole,
 * aligned pages the server owns and that are really there. Taking them from
 * malloc cost tens of thousands of instructions per page (an aligned
 * allocation and a byte-wise clear); here a page is a bump of a pointer in
 * a chunk, or a pop from the chunk's list of pages given back (cleared when
 * returned, a word at a time).
 *
 * The pool has no size of its own: it maps another chunk when the ones it
 * has are full, for as long as the kernel has memory, so the file system
 * holds as much as the machine does and ENOSPC means memory is gone.
 * Chunks are mapped eagerly: running out shows here, as a failed map,
 * instead of as a fault on a lazy page that would kill the server. A chunk
 * whose pages have all come back goes back to the kernel, except one kept
 * empty so that a file growing and shrinking across a chunk's edge does
 * not map and unmap it each time.
 *
 * Chunks are kept sorted by address (pages_put finds a page's chunk by
 * binary search) and the ones with room are chained, so getting a page is
 * O(1) and giving one back O(log chunks).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "pages.h"
#include "tmpfs.h"

#define CHUNK_PAGES 256 /* 1 MiB: few mappings in the server, little waste */
#define CHUNK_BYTES (CHUNK_PAGES * TMPFS_PAGE)

struct chunk {
	char *base;
	size_t used;		 /* pages handed out */
	size_t fresh;		 /* pages never handed out start at base + fresh pages */
	void *free_list;	 /* pages given back; each holds the next pointer first */
	struct chunk *next_room; /* chunks with a free page */
	int on_room_list;
};

static struct chunk **chunks; /* sorted by base */
static size_t nchunks, cap_chunks, empty_chunks;
static struct chunk *room;

static void room_push(struct chunk *c)
{
	c->next_room = room;
	room = c;
	c->on_room_list = 1;
}

static void room_remove(struct chunk *c)
{
	struct chunk **p = &room;
	while (*p != c)
		p = &(*p)->next_room;
	*p = c->next_room;
	c->on_room_list = 0;
}

/* Index of the chunk holding addr, or of where a chunk at addr would go. */
static size_t chunk_index(const char *addr)
{
	size_t lo = 0, hi = nchunks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (chunks[mid]->base + CHUNK_BYTES <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct chunk *chunk_new(void)
{
	if (nchunks == cap_chunks) {
		size_t want = cap_chunks ? cap_chunks * 2 : 8;
		struct chunk **a = realloc(chunks, want * sizeof(*a));
		if (!a)
			return NULL;
		chunks = a;
		cap_chunks = want;
	}
	struct chunk *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	long va = bower_vm_map(0, CHUNK_BYTES, BOWER_PROT_READ | BOWER_PROT_WRITE, BOWER_MAP_EAGER);
	if (va < 0) {
		free(c);
		return NULL;
	}
	c->base = (char *)va;
	size_t i = chunk_index(c->base);
	memmove(chunks + i + 1, chunks + i, (nchunks - i) * sizeof(*chunks));
	chunks[i] = c;
	nchunks++;
	empty_chunks++;
	room_push(c);
	return c;
}

static void chunk_free(size_t i)
{
	struct chunk *c = chunks[i];
	if (c->on_room_list)
		room_remove(c);
	bower_vm_unmap((uintptr_t)c->base, CHUNK_BYTES);
	memmove(chunks + i, chunks + i + 1, (nchunks - i - 1) * sizeof(*chunks));
	nchunks--;
	empty_chunks--;
	free(c);
}

void *pages_get(void)
{
	struct chunk *c = room ? room : chunk_new();
	if (!c)
		return NULL;
	void *p;
	if (c->free_list) {
		void **w = c->free_list;
		c->free_list = *w;
		*w = NULL; /* the rest of the page was cleared when it came back */
		p = w;
	} else {
		p = c->base + c->fresh++ * TMPFS_PAGE; /* zeroed by the kernel */
	}
	if (c->used++ == 0)
		empty_chunks--;
	if (c->used == CHUNK_PAGES)
		room_remove(c);
	return p;
}

void pages_put(void *page)
{
	size_t i = chunk_index(page);
	struct chunk *c = chunks[i];
	uint64_t *w = page;
	for (size_t k = 0; k < TMPFS_PAGE / sizeof(*w); k++)
		w[k] = 0;
	*(void **)page = c->free_list;
	c->free_list = page;
	if (!c->on_room_list)
		room_push(c);
	if (--c->used == 0 && ++empty_chunks > 1)
		chunk_free(i);
}

size_t pages_in_pool(void)
{
	return nchunks * CHUNK_PAGES;
}
