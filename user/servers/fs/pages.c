/*
 * pages.c - where file data lives: one large lazy mapping, page by page.
 *
 * File pages are what the pager maps into clients, so they must be whole,
 * aligned pages the server owns. Taking them from malloc cost tens of
 * thousands of instructions per page (an aligned allocation and a byte-wise
 * clear). Here a page is a bump of a pointer into a region the kernel
 * zero-fills when it is first touched (touched here, once, so the page is
 * present for the pager), or a pop from a list of pages given back, which
 * are cleared when returned, a word at a time.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include "pages.h"
#include "tmpfs.h"

#define POOL_BYTES (TMPFS_FILE_MAX) /* as much as one largest file */

static char *pool, *next;
static void *free_list; /* each free page holds the next pointer first */

void *pages_get(void)
{
	if (free_list) {
		void **p = free_list;
		free_list = *p;
		*p = NULL; /* the rest of the page was cleared when it came back */
		return p;
	}
	if (!pool) {
		pool = mmap(NULL, POOL_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
		if (pool == MAP_FAILED) {
			pool = NULL;
			return NULL;
		}
		next = pool;
	}
	if (next == pool + POOL_BYTES)
		return NULL;
	void *p = next;
	next += TMPFS_PAGE;
	/* One read brings the page in (the kernel zero-fills it): the pager
	 * can only hand out pages that are really there. */
	(void)*(volatile char *)p;
	return p;
}

void pages_put(void *page)
{
	uint64_t *w = page;
	for (size_t i = 0; i < TMPFS_PAGE / sizeof(*w); i++)
		w[i] = 0;
	*(void **)page = free_list;
	free_list = page;
}
