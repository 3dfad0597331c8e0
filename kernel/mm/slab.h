/*
 * slab.h - kmalloc: small kernel objects carved from pages.
 *
 * Portable: pages come from a provider given at init (the kernel's page
 * allocator; aligned_alloc in the host tests).
 */
#ifndef SLAB_H
#define SLAB_H

#include <stdbool.h>
#include <stddef.h>

struct slab_pages {
	/* 2^order contiguous pages, 4 KiB aligned, or NULL. */
	void *(*alloc_pages)(unsigned order);
	void (*free_pages)(void *pages, unsigned order);
	/* alloc_pages hands out zeroed pages: kzalloc of a large block then
	 * need not clear it again (a lazy PMO's page array is 64 KiB). */
	bool zeroed;
};

void slab_init(struct slab_pages provider);
/* size bytes, 16-byte aligned, or NULL (size 0 or out of memory). */
void *kmalloc(size_t size);
/* kmalloc, zero-filled. */
void *kzalloc(size_t size);
/* Free what kmalloc returned; NULL is ignored. */
void kfree(void *ptr);
/* Objects currently allocated, for tests and leak checks. */
size_t slab_live_objects(void);

#endif
