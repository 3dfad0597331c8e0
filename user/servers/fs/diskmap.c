/*
 * diskmap.c - the disk's files as the pager serves them (diskfs.h): one
 * memory object per mapped file, each fault answered with the page
 * cache's own pages (a MAP_LLM fault's whole batch read from the disk
 * together, several reads with the device at a time), pages that writable
 * shared mappings dirtied written back when the cache reuses them or the
 * last mapping goes, and a page the cache takes back first taken back
 * from every mapping. diskfs.c is the file system these files live in.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "cache.h"
#include "disk.h"
#include "diskfs.h"
#include "diskfs_node.h"
#include "ext2.h"
#include "filepager.h"
#include "predict.h"
#include "profstore.h"

/* While a batch of pages is filled (diskfs_fault_pages), the reads of
 * file blocks are kept here and made all at once after (disk_read_all);
 * each remembers the page of the batch it is for. */
#define BATCH_READS (4 * BOWER_PAGER_MAX_BATCH)
static struct {
	bool on;
	size_t n, page;
	struct disk_read read[BATCH_READS];
	size_t of[BATCH_READS];
} deferred;


int diskmap_keep_read(uint64_t off, void *dst, size_t len)
{
	if (!deferred.on || deferred.n == BATCH_READS)
		return 0;
	struct disk_read *d = &deferred.read[deferred.n];
	int err = cache_where(dst, &d->buffer, &d->offset);
	if (err < 0)
		return err;
	d->off = off;
	d->len = len;
	deferred.of[deferred.n++] = deferred.page;
	return 1;
}

static ssize_t read_dnode(void *d, uint64_t off, void *buf, size_t len)
{
	return diskfs_read(d, off, buf, len);
}

long diskfs_object_for(struct dnode *d, size_t len, int writable, int llm)
{
	if (writable && !disk_ext2.writable)
		return -EROFS;
	/* One object per file, for good: the cache must be able to take
	 * back every page it lent, so no older object may keep any. It
	 * covers the file, or the first mapping if that reaches further. */
	size_t want = (len + CACHE_PAGE - 1) / CACHE_PAGE;
	size_t pages = (size_t)((d->in.size + CACHE_PAGE - 1) / CACHE_PAGE);
	if (d->pmo >= 0 && want > d->pmo_pages)
		return -ENXIO;
	if (want > pages)
		pages = want;
	const char *name = strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 : d->path;
	struct predict_file pf = {&d->model, name, d->path, PROFSTORE_DISK, read_dnode, d};
	if (llm && predict_run_begin(&pf, d->pmo >= 0 ? d->pmo_pages : pages) < 0)
		return -ENOMEM;
	long cap = filepager_share(&d->pmo, &d->pmo_pages, pages * CACHE_PAGE,
				   DISKFS_FILE_ID | d->in.ino, writable);
	if (cap >= 0 && writable && !d->map_writable) {
		/* From now on a program may write any page the object holds:
		 * those it holds already, and each one lent to it later. */
		d->map_writable = 1;
		cache_dirty_lent(d->in.ino);
	}
	return cap;
}

int cache_write_back(uint64_t file, uint64_t index, void *page)
{
	struct dnode *d = file <= UINT32_MAX ? dnode_of((uint32_t)file) : NULL;
	if (!d)
		return 0; /* no longer mapped or open: removed, so nothing to keep */
	uint64_t off = index * CACHE_PAGE;
	if (off < d->in.size) { /* past the end a mapping's bytes are not the file's */
		uint64_t len = d->in.size - off < CACHE_PAGE ? d->in.size - off : CACHE_PAGE;
		/* A page of a hole gets its blocks now, as a write() would. */
		int err = ext2_alloc_range(&disk_ext2, &d->in, off, len);
		if (err == 0)
			err = ext2_store_page(&disk_ext2, &d->in, index, page);
		if (err == 0) /* the data changed, as far as anyone can tell */
			err = ext2_touch(&disk_ext2, &d->in, 1);
		if (err < 0)
			return err;
	}
	return d->map_writable;
}

void diskfs_unused(uint64_t file_id)
{
	struct dnode *d = dnode_of_file(file_id);
	if (!d || !d->map_writable)
		return;
	/* No mapping is left to write: what they wrote goes to the disk now,
	 * and the object's pages are clean until it is mapped writable again. */
	d->map_writable = 0;
	cache_flush(d->in.ino);
}

int diskfs_fault_page(uint64_t file_id, uint64_t index, void **page)
{
	struct dnode *d = dnode_of_file(file_id);
	if (!d || d->pmo < 0 || index >= (d->in.size + CACHE_PAGE - 1) / CACHE_PAGE)
		return -ENXIO;
	int err;
	*page = (void *)dnode_page(d, index, &err);
	if (!*page)
		return err;
	cache_lend(*page);
	cache_hold(*page);
	if (d->map_writable)
		cache_dirty(*page);
	return 0;
}

void diskfs_fault_pages(uint64_t file_id, const uint64_t *index, size_t n, void **page,
			int *err)
{
	deferred.on = true;
	deferred.n = 0;
	for (size_t i = 0; i < n; i++) {
		size_t before = deferred.n;
		deferred.page = i;
		err[i] = diskfs_fault_page(file_id, index[i], &page[i]);
		if (err[i])
			deferred.n = before; /* its fill failed: nothing of it to read */
	}
	deferred.on = false;
	disk_read_all(deferred.read, deferred.n);
	for (size_t k = 0; k < deferred.n; k++) {
		size_t i = deferred.of[k];
		if (deferred.read[k].result < 0 && !err[i]) {
			err[i] = deferred.read[k].result;
			cache_forget(page[i]); /* not its bytes: never mapped */
		}
	}
}

void diskfs_fault_done(void *page)
{
	cache_release(page);
}

struct file_model **diskfs_model(uint64_t file_id, size_t *pages)
{
	struct dnode *d = dnode_of_file(file_id);
	if (!d || d->pmo < 0)
		return NULL;
	*pages = d->pmo_pages;
	return &d->model;
}

void cache_evicting(uint64_t file, uint64_t index)
{
	struct dnode *d = file <= UINT32_MAX ? dnode_of((uint32_t)file) : NULL;
	if (d && d->pmo >= 0)
		filepager_take_back(d->pmo, index, 1); /* that page alone */
	cache_returned(file, index, 1);
}
