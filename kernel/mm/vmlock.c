/*
 * vmlock.c - locking a range of an address space in memory (mlock).
 *
 * What a lock has to hold depends on the mapping. Anonymous memory and
 * tmpfs files never leave a page table once their pages are in it (there
 * is no swap, and a tmpfs page is the file), so locking them is bringing
 * every page in now. A MAP_LLM mapping evicts under its cap, so its locked
 * pages are pinned there (llm_pin): they count against the cap and stay.
 * A disk file's page the page cache takes back (pager_invalidate) faults
 * in again at its next touch: docs/userspace.md says so.
 *
 * Pages are brought in as the program's own reads would bring them, each
 * through its fault path, so a file page waits for its pager here, as a
 * system call's copy from user memory does; nothing is held across that
 * wait but the pins, and each page's region is looked up afresh after it.
 */
#include <vmspace.h>
#include <llm.h>
#include <pager.h>
#include <bower/abi.h>

/* Is r a MAP_LLM mapping with pages in [start, end)? Which, as its page
 * numbers, if so. */
static bool llm_span(struct vmregion *r, vaddr_t start, vaddr_t end, uint32_t *first, uint32_t *n)
{
	if (!r->llm || r->start + r->len <= start || r->start >= end)
		return false;
	vaddr_t from = MAX(start, r->start), to = MIN(end, r->start + r->len);
	*first = (uint32_t)((from - r->start) / PAGE_SIZE);
	*n = (uint32_t)((to - from) / PAGE_SIZE);
	return true;
}

/* Every page of [start, end) in a region? */
static bool covered(struct vmspace *vs, vaddr_t start, vaddr_t end)
{
	vaddr_t upto = start;
	struct vmregion *r;
	list_for_each_entry (r, &vs->regions, node) {
		if (r->start + r->len <= upto || r->start >= end)
			continue;
		if (r->start > upto)
			return false;
		upto = r->start + r->len;
	}
	return upto >= end;
}

/* Unpin the MAP_LLM pages of [start, end); with `upto` set, only the
 * regions before it (a pin that failed there undoes the ones before). */
static void unpin_range(struct vmspace *vs, vaddr_t start, vaddr_t end, struct vmregion *upto)
{
	struct vmregion *r;
	list_for_each_entry (r, &vs->regions, node) {
		if (r == upto)
			return;
		uint32_t first, n;
		if (llm_span(r, start, end, &first, &n))
			llm_unpin(r, first, n);
	}
}

static int pin_range(struct vmspace *vs, vaddr_t start, vaddr_t end)
{
	struct vmregion *r;
	list_for_each_entry (r, &vs->regions, node) {
		uint32_t first, n;
		if (!llm_span(r, start, end, &first, &n))
			continue;
		int err = llm_pin(r, first, n);
		if (err) {
			unpin_range(vs, start, end, r);
			return err;
		}
	}
	return 0;
}

/* The first region that ends past va, or NULL. */
static struct vmregion *region_from(struct vmspace *vs, vaddr_t va)
{
	struct vmregion *r = vmspace_find_region(vs, va);
	if (r)
		return r;
	list_for_each_entry (r, &vs->regions, node)
		if (r->start + r->len > va)
			return r;
	return NULL;
}

/* Bring every page of the mappings of [start, end) in, as a read would (a
 * page that forbids reading too: the permission is the program's business,
 * not the lock's). Pages past a file's end have nothing to hold and are
 * skipped; so are holes, with `holes` (mlockall), else they are ENOMEM.
 * The region is looked up again at every page: a wait for a pager may
 * have let another thread change the mappings. */
static int bring_in(struct vmspace *vs, vaddr_t start, vaddr_t end, bool holes)
{
	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		struct vmregion *r = region_from(vs, va);
		if (!r || r->start >= end)
			return holes ? 0 : -BOWER_ENOMEM;
		if (r->start > va) {
			if (!holes)
				return -BOWER_ENOMEM; /* unmapped meanwhile, by another thread */
			va = r->start;
		}
		if (arch_pt_mapped(&vs->pt, va))
			continue; /* in already (a prefetched page keeps its access flag unset) */
		enum fault_result f = vmspace_handle_fault(vs, va, 0, &r);
		if (f == FAULT_PAGER)
			f = pager_handle_fault(vs, r, va, VM_READ, false);
		if (f == FAULT_RESOLVED || f == FAULT_BEYOND_EOF)
			continue;
		if (f == FAULT_INTERRUPTED)
			return -BOWER_EINTR;
		return -BOWER_EAGAIN; /* no memory, or the pager could not */
	}
	return 0;
}

int vmspace_lock(struct vmspace *vs, vaddr_t start, size_t len, unsigned flags)
{
	bool lock = flags & BOWER_VM_LOCK, holes = flags & BOWER_VM_LOCK_MAPPED;
	if (!len || !IS_ALIGNED(start, PAGE_SIZE) || start + len < start)
		return -BOWER_EINVAL;
	vaddr_t end = start + len;
	if (end > BOWER_USER_TOP || (!holes && !covered(vs, start, end)))
		return -BOWER_ENOMEM;
	if (!lock) {
		unpin_range(vs, start, end, NULL);
		return 0;
	}
	int err = pin_range(vs, start, end);
	if (err)
		return err;
	err = bring_in(vs, start, end, holes);
	if (err) /* what could not all be locked is not locked */
		unpin_range(vs, start, end, NULL);
	return err;
}
