/*
 * region.c - served mappings: made, looked up, and ended.
 *
 * bp_map decides whether a mapping is served: a regular file opened for
 * what the protection needs, PROT_READ (MAP_PRIVATE or MAP_SHARED) or
 * PROT_READ|PROT_WRITE with MAP_SHARED, no other flag than MAP_FIXED,
 * MAP_FIXED_NOREPLACE, MAP_NORESERVE or MAP_POPULATE (a hint, not kept:
 * the pager populates when touched). Anything else is Linux's.
 *
 * One rule keeps the rest honest: whatever the pager does not serve itself
 * on a served mapping (mprotect, mremap, unmapping a part of it, MAP_FIXED
 * over a part) first makes the whole mapping Linux's own file mapping at
 * the same address (bp_unserve: written pages reach the file, then a
 * MAP_FIXED mmap of the file replaces the anonymous memory), and then
 * Linux does the call. So the pager never has to get those calls' many
 * cases right; it only has to hand over a mapping that reads the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "bower/pager.h"
#include "pager.h"
#include "start.h"

#define SERVE_MIN_BYTES (1 << 20)
#define OK_FLAGS	(MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_NORESERVE | MAP_POPULATE)

struct bp_region *bp_region_at(uintptr_t addr)
{
	for (struct bp_region *r = bp.regions; r; r = r->next)
		if (addr >= r->base && addr < r->base + r->len)
			return r;
	return NULL;
}

struct bp_region *bp_region_of_id(uint32_t gid)
{
	for (struct bp_region *r = bp.regions; r; r = r->next)
		if (gid >= r->gbase && gid < r->gbase + r->pages)
			return r;
	return NULL;
}

void bp_region_put(struct bp_region *r)
{
	if (!r->dead || r->inflight > 0)
		return;
	pf_destroy(r->model);
	free(r->state);
	free(r->slot);
	free(r->trace);
	free(r);
}

static void *plain_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

/* The form of mapping the pager serves (the essay above). */
static bool servable(int fd, int prot, int flags, struct stat *st)
{
	int type = flags & MAP_TYPE;
	if ((flags & MAP_ANONYMOUS) || fd < 0 || (flags & ~(MAP_TYPE | OK_FLAGS)))
		return false;
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return false;
	if (prot != PROT_READ && !(prot == (PROT_READ | PROT_WRITE) && type != MAP_PRIVATE))
		return false;
	int mode = fcntl(fd, F_GETFL);
	if (mode < 0 || (mode & O_ACCMODE) == O_WRONLY ||
	    ((prot & PROT_WRITE) && (mode & O_ACCMODE) != O_RDWR) || (mode & O_APPEND))
		return false; /* Linux says why (EACCES) */
	return fstat(fd, st) == 0 && S_ISREG(st->st_mode);
}

bool bp_wants(int fd, int prot, int flags)
{
	struct stat st;
	if (!bp_start() || !servable(fd, prot, flags, &st))
		return false;
	if (!bp.set.files[0])
		return st.st_size >= SERVE_MIN_BYTES;
	char link[64], path[4096];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	return fnmatch(bp.set.files, path, 0) == 0;
}

static struct bp_region *region_new(size_t len, int prot, int flags, int fd, off_t off,
				    const struct stat *st)
{
	struct bp_region *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->len = len;
	r->pages = (uint32_t)((len + BP_PAGE - 1) / BP_PAGE);
	off_t left = st->st_size > off ? st->st_size - off : 0;
	uint64_t fp = ((uint64_t)left + BP_PAGE - 1) / BP_PAGE;
	r->file_pages = fp < r->pages ? (uint32_t)fp : r->pages;
	r->prot = prot;
	r->flags = flags;
	r->offset = off;
	r->shared_write = (prot & PROT_WRITE) != 0;
	r->wp = r->shared_write && bp.uffd.wp;
	r->direct_fd = -1;
	r->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	r->state = calloc(r->pages, 1);
	r->slot = malloc((size_t)r->pages * sizeof(uint32_t));
	r->gbase = bp_budget_ids(r->pages);
	if (r->fd < 0 || !r->state || !r->slot || r->gbase == UINT32_MAX) {
		if (r->fd >= 0)
			close(r->fd);
		free(r->state);
		free(r->slot);
		free(r);
		return NULL;
	}
	for (uint32_t i = 0; i < r->pages; i++)
		r->slot[i] = SLOT_NONE;
	if (bp.set.direct_io) {
		char link[64];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		r->direct_fd = open(link, O_RDONLY | O_DIRECT | O_CLOEXEC);
	}
	return r;
}

/* A region that will not be served after all: its descriptors closed, it
 * let go, and the lock bp_map took released. */
static void region_abandon(struct bp_region *r)
{
	r->dead = true;
	close(r->fd);
	if (r->direct_fd >= 0)
		close(r->direct_fd);
	bp_region_put(r);
	pthread_mutex_unlock(&bp.lock);
}

void *bp_map(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct stat st;
	if (len == 0 || off < 0 || off % BP_PAGE || !bp_start() ||
	    !servable(fd, prot, flags, &st) || len / BP_PAGE >= PF_MAX_PAGES)
		return plain_mmap(addr, len, prot, flags, fd, off);
	if ((flags & MAP_FIXED) && bp_unserve(addr, len) < 0)
		return MAP_FAILED;
	pthread_mutex_lock(&bp.lock);
	struct bp_region *r = region_new(len, prot, flags, fd, off, &st);
	if (!r) {
		pthread_mutex_unlock(&bp.lock);
		return plain_mmap(addr, len, prot, flags, fd, off);
	}
	/* Made inaccessible until registered: a thread touching the range in
	 * between (MAP_FIXED over memory it uses) would get a zero page that
	 * no fault ever replaces. It gets SIGSEGV, as from a range unmapped. */
	int anon = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		   (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE));
	void *at = plain_mmap(addr, (size_t)r->pages * BP_PAGE, PROT_NONE, anon, -1, 0);
	if (at == MAP_FAILED) {
		int e = errno;
		region_abandon(r);
		errno = e;
		return MAP_FAILED;
	}
	int err = uffd_register(&bp.uffd, at, (size_t)r->pages * BP_PAGE, r->wp);
	if (err == 0 && syscall(SYS_mprotect, at, (size_t)r->pages * BP_PAGE, prot) < 0)
		err = -errno;
	if (err < 0) { /* e.g. a kernel without write-protect on this memory */
		syscall(SYS_munmap, at, (size_t)r->pages * BP_PAGE);
		region_abandon(r);
		return plain_mmap(addr, len, prot, flags, fd, off);
	}
	r->base = (uintptr_t)at;
	bp_identity_make(r);
	if (bp_model_find(r) < 0) {
		syscall(SYS_munmap, at, (size_t)r->pages * BP_PAGE);
		region_abandon(r);
		return plain_mmap(addr, len, prot, flags, fd, off);
	}
	pf_run_begin(r->model);
	r->next = bp.regions;
	bp.regions = r;
	bp.runs++;
	pthread_mutex_unlock(&bp.lock);
	return at;
}

/* End r's run (bp.lock held): pages in flight are dropped when they
 * arrive, written pages reach the file, the run is learned and saved. With
 * unmap, the memory goes too; without, the caller has replaced it. */
static void region_end(struct bp_region *r, bool unmap)
{
	for (struct bp_region **pp = &bp.regions; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	if (unmap && r->shared_write) /* (bp_unserve wrote them back already) */
		bp_writeback(r, false);
	for (uint32_t p = 0; p < r->pages; p++)
		if ((r->state[p] & PG_STATE) == PG_PENDING) {
			uint32_t s = r->slot[p];
			if (r->state[p] & PG_PREDICTED)
				r->n.wasted++;
			if (bp.slots[s].flags & SLOT_READ)
				bp_slot_free(s);
			else
				bp.slots[s].flags |= SLOT_CANCELLED;
		}
	bp_budget_release(r);
	pf_run_end(r->model);
	bp_profile_save(r);
	bp_trace_save(r);
	bp_model_keep(r); /* for the next mapping of this file, in this process */
	bp_counters_add(&bp.total, &r->n);
	if (unmap)
		syscall(SYS_munmap, r->base, (size_t)r->pages * BP_PAGE);
	uffd_wake(&bp.uffd, r->base, (size_t)r->pages * BP_PAGE); /* they retry, and see */
	close(r->fd);
	if (r->direct_fd >= 0)
		close(r->direct_fd);
	r->dead = true;
	bp_region_put(r);
}

static bool overlaps(const struct bp_region *r, uintptr_t a, size_t len)
{
	return a < r->base + r->len && r->base < a + len;
}

bool bp_serves(const void *addr, size_t len)
{
	if (!bp.ready)
		return false;
	pthread_mutex_lock(&bp.lock);
	bool any = false;
	for (struct bp_region *r = bp.regions; r && !any; r = r->next)
		any = overlaps(r, (uintptr_t)addr, len);
	pthread_mutex_unlock(&bp.lock);
	return any;
}

int bp_unserve(void *addr, size_t len)
{
	if (!bp.ready)
		return 0;
	int ret = 0;
	pthread_mutex_lock(&bp.lock);
	struct bp_region *r = bp.regions;
	while (r) {
		struct bp_region *next = r->next;
		if (overlaps(r, (uintptr_t)addr, len)) {
			if (r->shared_write)
				bp_writeback(r, false);
			void *at = plain_mmap((void *)r->base, r->len, r->prot,
					      r->flags | MAP_FIXED, r->fd, r->offset);
			if (at == MAP_FAILED)
				ret = -1; /* the served mapping stays as it was */
			else
				region_end(r, false);
		}
		r = next;
	}
	pthread_mutex_unlock(&bp.lock);
	return ret;
}

int bp_unmap(void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	if (bp.ready) {
		pthread_mutex_lock(&bp.lock);
		bool partial = false;
		struct bp_region *r = bp.regions;
		while (r) {
			struct bp_region *next = r->next;
			if (overlaps(r, a, len)) {
				if (a <= r->base && r->base + r->len <= a + len)
					region_end(r, true);
				else
					partial = true;
			}
			r = next;
		}
		pthread_mutex_unlock(&bp.lock);
		if (partial && bp_unserve(addr, len) < 0)
			return -1;
	}
	return (int)syscall(SYS_munmap, addr, len);
}

int bp_msync(void *addr, size_t len, int flags)
{
	int ret = 0;
	if (bp.ready) {
		pthread_mutex_lock(&bp.lock);
		for (struct bp_region *r = bp.regions; r; r = r->next)
			if (r->shared_write && overlaps(r, (uintptr_t)addr, len)) {
				if (bp_writeback(r, true) < 0)
					ret = -1;
				else if ((flags & MS_SYNC) && fdatasync(r->fd) < 0)
					ret = -1;
			}
		pthread_mutex_unlock(&bp.lock);
	}
	if (ret < 0) {
		errno = EIO;
		return -1;
	}
	return (int)syscall(SYS_msync, addr, len, flags);
}

int bp_drop(void *addr, size_t len, int advice)
{
	if (advice == MADV_REMOVE)
		return bp_unserve(addr, len) < 0 ? -1 : 1;
	if (advice != MADV_DONTNEED && advice != MADV_FREE && advice != MADV_PAGEOUT &&
	    advice != MADV_DONTNEED_LOCKED)
		return 1;
	uintptr_t a = (uintptr_t)addr & ~(uintptr_t)(BP_PAGE - 1);
	uintptr_t end = (uintptr_t)addr + len;
	pthread_mutex_lock(&bp.lock);
	for (struct bp_region *r = bp.regions; r; r = r->next) {
		if (!overlaps(r, a, end - a))
			continue;
		uint32_t first = a > r->base ? (uint32_t)((a - r->base) / BP_PAGE) : 0;
		uintptr_t stop = end < r->base + r->len ? end : r->base + r->len;
		uint32_t last = (uint32_t)((stop - r->base + BP_PAGE - 1) / BP_PAGE);
		for (uint32_t p = first; p < last; p++)
			if ((r->state[p] & PG_STATE) == PG_MAPPED) {
				bp_page_drop(r, p);
				r->state[p] = PG_ABSENT;
				bp_budget_forget(r, p);
				pf_note_evicted(r->model, p);
			}
	}
	bp_drops_flush();
	pthread_mutex_unlock(&bp.lock);
	return (int)syscall(SYS_madvise, addr, len, MADV_DONTNEED) < 0 ? -1 : 0;
}
