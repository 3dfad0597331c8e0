/*
 * cache.c - the disk's page cache (cache.h).
 *
 * Its size is fixed when the disk is mounted: the pages are DMA memory,
 * taken in objects of at most BOWER_DMA_MAX_PAGES, mapped into the server
 * and lent to the block driver, so a read puts the disk's bytes straight
 * into the page that keeps them. The server's memory for file data is
 * therefore this many pages and no more, however much is read.
 *
 * Lookup is a hash of (file, index) over chained slots. Replacement is
 * least recently used: the slots are on a list in the order of their last
 * use (empty ones at the old end), each use moves its slot to the new end,
 * and a miss takes the oldest slot not pinned, in a step or two however
 * large the cache (a scan of every slot was 4,096 steps a miss with a
 * cache of 16 MiB). The page being
 * filled is pinned (a fill reads metadata through the cache itself, and
 * that must not take the page it is filling). A page lent to a mapping is
 * taken back from it before reuse (cache_evicting), and a dirty one (lent
 * to an object programs write through their mappings) is written back
 * then, pinned while it is (writing reads the block map through the cache).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "cache.h"
#include "disk.h"

struct slot {
	uint64_t file, index;
	int older, newer; /* on the list by last use; -1 at its ends */
	char *page;
	int next;  /* hash chain, -1 at its end */
	bool full; /* holds (file, index) */
	bool pinned, lent;
	bool dirty; /* newer than the disk: written back before reuse */
};

struct chunk {
	char *base;
	size_t pages;
	int dma;	 /* the memory object's capability */
	unsigned buffer; /* its number at the block driver */
};

static struct slot *slots;
static size_t ndirty;	  /* slots dirty now */
static int writing_back; /* a write-back is under way (it may miss, and evict) */
static size_t nslots, nchunks, nhash;
static int *hash; /* nhash chain heads */
static struct chunk *chunks;
static int oldest = -1, newest = -1; /* the list's ends */

static void set_dirty(struct slot *s, bool dirty)
{
	ndirty += (size_t)dirty - (size_t)s->dirty;
	s->dirty = dirty;
}

static void lru_remove(struct slot *s)
{
	int i = (int)(s - slots);
	if (s->older >= 0)
		slots[s->older].newer = s->newer;
	else if (oldest == i)
		oldest = s->newer;
	if (s->newer >= 0)
		slots[s->newer].older = s->older;
	else if (newest == i)
		newest = s->older;
	s->older = s->newer = -1;
}

/* s becomes the most recently used. */
static void lru_touch(struct slot *s)
{
	int i = (int)(s - slots);
	lru_remove(s);
	s->older = newest;
	if (newest >= 0)
		slots[newest].newer = i;
	else
		oldest = i;
	newest = i;
}

/* s, empty now, is the first to be taken. */
static void lru_first(struct slot *s)
{
	int i = (int)(s - slots);
	lru_remove(s);
	s->newer = oldest;
	if (oldest >= 0)
		slots[oldest].older = i;
	else
		newest = i;
	oldest = i;
}
static struct cache_stats st;

static size_t hash_of(uint64_t file, uint64_t index)
{
	uint64_t h = (file * 0x9e3779b97f4a7c15ull) ^ (index * 0xc2b2ae3d27d4eb4full);
	return (size_t)(h >> 32) & (nhash - 1);
}

static void chunk_free(struct chunk *c)
{
	if (c->base)
		bower_vm_unmap((uintptr_t)c->base, c->pages * CACHE_PAGE);
	if (c->dma >= 0)
		bower_cap_delete(c->dma); /* the driver keeps its copy until detached */
}

static int chunk_take(struct chunk *c, size_t pages)
{
	c->pages = pages;
	c->base = NULL;
	c->dma = (int)bower_dma_create(pages);
	if (c->dma < 0)
		return c->dma;
	long va = bower_vm_map_pmo(c->dma, 0, pages * CACHE_PAGE,
				   BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	if (va < 0)
		return (int)va;
	c->base = (char *)va;
	long id = disk_attach(c->dma);
	if (id < 0)
		return (int)id;
	c->buffer = (unsigned)id;
	return 0;
}

size_t cache_size_of(const char *n)
{
	char *end;
	unsigned long pages = strtoul(n, &end, 10);
	if (*n && !*end && pages >= CACHE_MIN_PAGES && pages <= CACHE_MAX_PAGES)
		return pages;
	printf("fs: cache=%s is not %u to %u pages; using %u\n", n, CACHE_MIN_PAGES,
	       CACHE_MAX_PAGES, CACHE_DEFAULT_PAGES);
	return CACHE_DEFAULT_PAGES;
}

int cache_init(size_t npages)
{
	if (npages < CACHE_MIN_PAGES || npages > CACHE_MAX_PAGES)
		return -EINVAL;
	nchunks = (npages + BOWER_DMA_MAX_PAGES - 1) / BOWER_DMA_MAX_PAGES;
	for (nhash = 1; nhash < npages * 2; nhash *= 2)
		;
	chunks = calloc(nchunks, sizeof(*chunks));
	slots = calloc(npages, sizeof(*slots));
	hash = malloc(nhash * sizeof(*hash));
	if (!chunks || !slots || !hash) {
		cache_fini();
		return -ENOMEM;
	}
	memset(hash, 0xff, nhash * sizeof(*hash)); /* every chain empty (-1) */
	for (size_t i = 0; i < nchunks; i++)
		chunks[i].dma = -1;
	for (size_t i = 0, left = npages; i < nchunks; i++) {
		size_t n = left < BOWER_DMA_MAX_PAGES ? left : BOWER_DMA_MAX_PAGES;
		int err = chunk_take(&chunks[i], n);
		if (err < 0) {
			cache_fini();
			return err;
		}
		for (size_t p = 0; p < n; p++) {
			slots[nslots].page = chunks[i].base + p * CACHE_PAGE;
			slots[nslots].next = slots[nslots].older = slots[nslots].newer = -1;
			lru_touch(&slots[nslots++]);
		}
		left -= n;
	}
	st.pages = nslots;
	return 0;
}

void cache_fini(void)
{
	for (size_t i = 0; chunks && i < nchunks; i++)
		chunk_free(&chunks[i]);
	free(chunks);
	free(slots);
	free(hash);
	chunks = NULL;
	slots = NULL;
	hash = NULL;
	nslots = nchunks = nhash = ndirty = 0;
	oldest = newest = -1;
	memset(&st, 0, sizeof(st));
}

int cache_where(const void *p, unsigned *buffer, uint64_t *offset)
{
	const char *c = p;
	for (size_t i = 0; i < nchunks; i++)
		if (c >= chunks[i].base && c < chunks[i].base + chunks[i].pages * CACHE_PAGE) {
			*buffer = chunks[i].buffer;
			*offset = (uint64_t)(c - chunks[i].base);
			return 0;
		}
	return -EINVAL;
}

static struct slot *find(uint64_t file, uint64_t index)
{
	for (int i = hash ? hash[hash_of(file, index)] : -1; i >= 0; i = slots[i].next)
		if (slots[i].file == file && slots[i].index == index)
			return &slots[i];
	return NULL;
}

static void unhash(struct slot *s)
{
	int *p = &hash[hash_of(s->file, s->index)];
	while (*p != s - slots)
		p = &slots[*p].next;
	*p = s->next;
	s->next = -1;
	s->full = false;
	set_dirty(s, false); /* dropped (its file shrank or went) or written back */
	st.filled--;
	lru_first(s);
}

/* Write a dirty page back: it stays dirty if it may still be written
 * through a mapping, or if writing failed (said on the console: the page
 * keeps what the program wrote, and the next flush tries again; an
 * eviction drops it, as the disk will not take it). */
static int write_back(struct slot *s)
{
	s->pinned = true;
	set_dirty(s, false);
	writing_back++;
	int r = cache_write_back(s->file, s->index, s->page);
	writing_back--;
	s->pinned = false;
	if (r < 0)
		printf("fs: writing back page %llu of file %llu failed: error %d\n",
		       (unsigned long long)s->index, (unsigned long long)s->file, -r);
	else
		st.written_back++;
	set_dirty(s, r < 0 || (r == 1 && s->lent));
	return r < 0 ? r : 0;
}

/* Empty a full slot for reuse: taken back from any mapping it was lent
 * to, then written back if dirty (no mapping writes it now). */
static void evict(struct slot *s)
{
	if (s->lent)
		cache_evicting(s->file, s->index);
	if (s->dirty)
		write_back(s);
	st.evictions++;
	unhash(s);
}

/* The slot to reuse: an empty one, or the least recently used unpinned
 * one. A write-back's own misses (the block map, bitmaps) take clean
 * slots only, so one write-back never waits for another; at most half the
 * cache is dirty (trim_dirty), so there are some. */
static struct slot *victim(void)
{
	struct slot *best = NULL;
	for (int i = oldest; i >= 0 && !best; i = slots[i].newer)
		if (!slots[i].pinned && !(writing_back && slots[i].dirty))
			best = &slots[i]; /* pinned: being filled, or held by a batch */
	if (!best)
		return NULL;
	if (best->full)
		evict(best);
	return best;
}

/* Keep dirty pages to at most half the cache: the least recently used
 * ones leave first (taken back from their mappings, written back). */
static void trim_dirty(void)
{
	for (int i = oldest; i >= 0 && ndirty > nslots / 2 && !writing_back;) {
		int next = slots[i].newer;
		if (slots[i].dirty && !slots[i].pinned) {
			evict(&slots[i]);
			next = oldest; /* the list moved: from its old end again */
		}
		i = next;
	}
}

void *cache_get(uint64_t file, uint64_t index, cache_fill_fn fill, void *ctx, int *err)
{
	struct slot *s = find(file, index);
	if (s) {
		st.hits++;
		lru_touch(s);
		return s->page;
	}
	st.misses++;
	s = victim();
	if (!s) {
		*err = -ENOMEM;
		return NULL;
	}
	s->pinned = true;
	*err = fill(ctx, file, index, s->page);
	s->pinned = false;
	if (*err < 0)
		return NULL;
	s->file = file;
	s->index = index;
	lru_touch(s);
	s->full = true;
	s->lent = false;
	size_t h = hash_of(file, index);
	s->next = hash[h];
	hash[h] = (int)(s - slots);
	st.filled++;
	return s->page;
}

/* The slot of a page of the cache (slots follow the chunks in order,
 * each chunk but the last full), or NULL. */
static struct slot *slot_of(const void *page)
{
	unsigned buffer;
	uint64_t offset;
	if (cache_where(page, &buffer, &offset) < 0)
		return NULL;
	size_t i = 0;
	while (chunks[i].buffer != buffer)
		i++;
	return &slots[i * BOWER_DMA_MAX_PAGES + offset / CACHE_PAGE];
}

void cache_lend(const void *page)
{
	struct slot *s = slot_of(page);
	if (s && s->full && !s->lent) {
		s->lent = true;
		st.lent++;
	}
}

void cache_dirty(const void *page)
{
	struct slot *s = slot_of(page);
	if (s && s->full)
		set_dirty(s, true);
	trim_dirty();
}

void cache_dirty_lent(uint64_t file)
{
	for (size_t i = 0; i < nslots; i++)
		if (slots[i].full && slots[i].lent && slots[i].file == file)
			set_dirty(&slots[i], true);
	trim_dirty();
}

int cache_flush(uint64_t file)
{
	int first = 0;
	for (size_t i = 0; i < nslots; i++) {
		struct slot *s = &slots[i];
		if (s->full && s->dirty && !s->pinned && (file == CACHE_ALL_FILES || s->file == file)) {
			int err = write_back(s);
			first = first ? first : err;
		}
	}
	return first;
}

void cache_hold(const void *page)
{
	struct slot *s = slot_of(page);
	if (s)
		s->pinned = true;
}

void cache_release(const void *page)
{
	struct slot *s = slot_of(page);
	if (s)
		s->pinned = false;
}

void cache_forget(const void *page)
{
	struct slot *s = slot_of(page);
	if (!s || !s->full)
		return;
	if (s->lent)
		st.lent--;
	s->lent = s->pinned = false;
	unhash(s);
}

void cache_drop_one(uint64_t file, uint64_t index)
{
	struct slot *s = find(file, index);
	if (s && !s->lent && !s->pinned)
		unhash(s);
}

void *cache_find(uint64_t file, uint64_t index)
{
	struct slot *s = find(file, index);
	return s ? s->page : NULL;
}

void cache_returned(uint64_t file, uint64_t first, uint64_t count)
{
	for (size_t i = 0; i < nslots; i++) {
		struct slot *s = &slots[i];
		if (s->full && s->lent && s->file == file && s->index >= first &&
		    s->index - first < count) {
			s->lent = false;
			st.lent--;
		}
	}
}

void cache_drop(uint64_t file, uint64_t first)
{
	for (size_t i = 0; i < nslots; i++)
		if (slots[i].full && !slots[i].lent && slots[i].file == file &&
		    slots[i].index >= first)
			unhash(&slots[i]);
}

void cache_stats(struct cache_stats *out)
{
	*out = st;
}
