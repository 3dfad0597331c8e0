/*
 * writeback.c - written pages of a writable MAP_SHARED mapping reach the file.
 *
 * Such a mapping is registered for write-protect faults too, and its pages
 * are placed write-protected, except a page placed for a write fault,
 * which is dirty from the start. A first write to a protected page either
 * lifts the protection by itself (UFFD_FEATURE_WP_ASYNC, where the kernel
 * has it: no wake-up at all) and pagemap's "uffd-wp" bit goes clear, or
 * comes to the pager as a write-protect fault (fault.c), which marks the
 * page dirty. Where the kernel offers neither, every placed page is taken
 * as dirty: more writes, nothing lost.
 *
 * Written back: at eviction (budget.c), msync, munmap, fork and exit. To
 * keep a write that races with write-back, a page is protected again
 * before it is copied to the file: a write after that shows next time.
 * Bytes past the file's current end are not written (Linux drops them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pager.h"

#define PM_UFFD_WP (1ull << 57)
#define PM_PRESENT (1ull << 63)

static bool entry_dirty(const struct bp_region *r, uint8_t st, uint64_t entry)
{
	if ((st & PG_STATE) != PG_MAPPED)
		return false;
	if ((st & PG_DIRTY) || !r->wp)
		return true;
	if (!bp.uffd.wp_async)
		return false; /* a write would have faulted and set PG_DIRTY */
	return (entry & PM_PRESENT) && !(entry & PM_UFFD_WP);
}

static uint64_t entry_of(const struct bp_region *r, uint32_t page)
{
	uint64_t e = 0;
	off_t at = (off_t)((r->base / BP_PAGE + page) * sizeof(e));
	if (bp.pagemap < 0 || pread(bp.pagemap, &e, sizeof(e), at) != sizeof(e))
		return PM_PRESENT; /* cannot tell: dirty, to lose nothing */
	return e;
}

bool bp_page_dirty(struct bp_region *r, uint32_t page)
{
	return entry_dirty(r, r->state[page], entry_of(r, page));
}

/* Copy one placed page to the file, clipped to its end. */
static int write_page(struct bp_region *r, uint32_t page, off_t size)
{
	off_t at = r->offset + (off_t)page * BP_PAGE;
	if (at >= size)
		return 0;
	size_t len = size - at < BP_PAGE ? (size_t)(size - at) : BP_PAGE;
	const char *src = (const char *)(r->base + (uintptr_t)page * BP_PAGE);
	while (len > 0) {
		ssize_t w = pwrite(r->fd, src, len, at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		r->n.bytes_written += (uint64_t)w;
		src += w;
		at += w;
		len -= (size_t)w;
	}
	return 0;
}

static off_t file_size(const struct bp_region *r)
{
	struct stat st;
	return fstat(r->fd, &st) == 0 ? st.st_size : 0;
}

int bp_writeback_page(struct bp_region *r, uint32_t page)
{
	r->state[page] &= (uint8_t)~PG_DIRTY;
	return write_page(r, page, file_size(r));
}

int bp_writeback(struct bp_region *r, bool keep)
{
	enum { CHUNK = 512 };
	uint64_t entries[CHUNK];
	off_t size = file_size(r);
	int ret = 0;
	for (uint32_t first = 0; first < r->pages; first += CHUNK) {
		uint32_t n = r->pages - first < CHUNK ? r->pages - first : CHUNK;
		off_t at = (off_t)((r->base / BP_PAGE + first) * sizeof(uint64_t));
		ssize_t want = (ssize_t)(n * sizeof(uint64_t));
		if (bp.pagemap < 0 || pread(bp.pagemap, entries, (size_t)want, at) != want)
			for (uint32_t i = 0; i < n; i++)
				entries[i] = PM_PRESENT; /* cannot tell: all dirty */
		for (uint32_t i = 0; i < n; i++) {
			uint32_t p = first + i;
			if (!entry_dirty(r, r->state[p], entries[i]))
				continue;
			uintptr_t addr = r->base + (uintptr_t)p * BP_PAGE;
			if (keep && r->wp)
				uffd_protect(&bp.uffd, addr, BP_PAGE, true);
			r->state[p] &= (uint8_t)~PG_DIRTY;
			int err = write_page(r, p, size);
			if (err < 0)
				ret = err;
		}
	}
	return ret;
}
