/*
 * cache.h - the page cache of the disk: a fixed number of pages, taken
 * once, which hold what was read from the disk and which the device itself
 * writes into (they are DMA memory the block driver was lent).
 *
 * A page is known by (file, index): file 0 is the disk itself, in pages
 * of its bytes (the file system's metadata); any other file is one the
 * mounted file system names (diskfs.c), in pages of its contents. A page
 * may also be lent to the memory object clients map a file with (the
 * pager answers their faults with it); before such a page is taken for
 * other data, the cache tells the lender (cache_evicting) so that it takes
 * the page back from every mapping first.
 *
 * All calls are made under fs_lock. Functions return 0 or -errno.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_PAGE	    4096
#define CACHE_DEFAULT_PAGES 1024 /* 4 MiB, unless cache=N says otherwise */
#define CACHE_MIN_PAGES	    8	 /* a page being filled and the metadata its fill reads */
#define CACHE_MAX_PAGES	    (1u << 16)

#define CACHE_DISK 0 /* the file that is the disk itself */

/* The size cache=N asks for: N pages, or (saying so) the default if N is
 * no number from CACHE_MIN_PAGES to CACHE_MAX_PAGES. */
size_t cache_size_of(const char *n);
/* Take npages pages of DMA memory and lend them to the block driver. */
int cache_init(size_t npages);
/* Give them back (they go when the driver lets go too). */
void cache_fini(void);
/* Where a cache page is for the device: the buffer it was lent as and the
 * byte offset in it; -EINVAL if p is not in the cache. */
int cache_where(const void *p, unsigned *buffer, uint64_t *offset);

/* Fill `page` with the data of (file, index): 0 or -errno. */
typedef int (*cache_fill_fn)(void *ctx, uint64_t file, uint64_t index, void *page);

/* The page holding (file, index): the cached one, or a page taken (the
 * least recently used one) and filled by fill. NULL with *err on failure
 * (what fill said); a failed fill caches nothing. The page stays valid
 * until the next cache_get. */
void *cache_get(uint64_t file, uint64_t index, cache_fill_fn fill, void *ctx, int *err);
/* Mark a page cache_get returned as lent to file's memory object. */
void cache_lend(const void *page);
/* The object of file no longer holds its pages [first, first + count). */
void cache_returned(uint64_t file, uint64_t first, uint64_t count);
/* Forget the pages of file from index `first` on (the file shrank, or is
 * gone: its inode number may name another file next). Not lent ones: the
 * caller takes those back first. */
void cache_drop(uint64_t file, uint64_t first);
/* A page cache_get returned holds no good data after all (a read the
 * caller deferred failed): forget it, held, lent (to no mapping yet) or
 * not. */
void cache_forget(const void *page);
/* Forget (file, index) if it is cached and not lent. */
void cache_drop_one(uint64_t file, uint64_t index);
/* The cached page of (file, index), or NULL: nothing is read. */
void *cache_find(uint64_t file, uint64_t index);
/* Keep a page cache_get returned from being reused until released (a
 * write fills it, then reads metadata to store it). */
void cache_hold(const void *page);
void cache_release(const void *page);

/* Called before a lent page of file is reused: take that page back from
 * the file's mappings, then call cache_returned for it. */
void cache_evicting(uint64_t file, uint64_t index);

/* Dirty pages: a page lent to an object that programs may write through
 * their mappings holds bytes the disk does not have yet. It is written
 * back before it is reused, by cache_flush, and (through the lender's
 * callback) never lost: cache_write_back writes (file, index) from page
 * and says 1 if the page may still be written through a mapping (it
 * stays dirty while it is lent), 0 if it is clean now, or -errno. */
void cache_dirty(const void *page);
#define CACHE_ALL_FILES UINT64_MAX
/* Write back the dirty pages of file (CACHE_ALL_FILES: of every file):
 * 0, or the first error (the others are still tried). */
int cache_flush(uint64_t file);
/* Mark every page of file lent now dirty (its object may be written from
 * now on). */
void cache_dirty_lent(uint64_t file);
int cache_write_back(uint64_t file, uint64_t index, void *page);

struct cache_stats {
	uint64_t pages;	 /* the cache's size */
	uint64_t filled; /* pages holding data */
	uint64_t lent;	 /* of them, lent to mappings */
	uint64_t hits, misses, evictions;
	uint64_t written_back; /* dirty pages written back (eviction, flush) */
};
void cache_stats(struct cache_stats *out);

#endif
