/*
 * vmspace.c - address spaces made of regions, and the generic fault path.
 *
 * Regions are kept in a list sorted by address. A program has a handful of
 * them (text, data, stack, a few mappings), so a walk is cheaper than any
 * tree; this is the one place to change if that stops being true.
 *
 * The fault path: find the region, check the access against its permission,
 * ask its PMO for the page (the PMO's ops decide how a page comes to be),
 * enter it in the table. Unmapping and teardown remove table entries per
 * region page: the table is only a cache of the regions.
 */
#include <vmspace.h>
#include <pmo.h>
#include <llm.h>
#include <pager.h>
#include <slab.h>
#include <mmio.h>
#include <printk.h>
#include <string.h>
#include <syscall.h>
#include <arch/cpu.h>
#include <bower/abi.h>

static void vmspace_kobj_destroy(struct kobject *obj)
{
	kfree(container_of(obj, struct vmspace, kobj));
}

static const struct kobj_ops vmspace_ops = {.destroy = vmspace_kobj_destroy};

struct vmspace *vmspace_create(void)
{
	struct vmspace *vs = kzalloc(sizeof(*vs));
	if (!vs)
		return NULL;
	kobj_init(&vs->kobj, KOBJ_VMSPACE, &vmspace_ops);
	list_init(&vs->regions);
	for (int i = 0; i < BOWER_VM_LIMITS; i++)
		vs->limits[i] = (struct bower_vm_limit){BOWER_VM_UNLIMITED, BOWER_VM_UNLIMITED};
	if (arch_pt_init(&vs->pt) < 0) {
		kfree(vs);
		return NULL;
	}
	return vs;
}

static void region_unmap_pages(struct vmspace *vs, struct vmregion *r)
{
	arch_pt_unmap_range(&vs->pt, r->start, r->len);
}

static void region_free(struct vmspace *vs, struct vmregion *r)
{
	if (vs->last_found == r)
		vs->last_found = NULL;
	if (r->llm)
		llm_detach(r);
	region_unmap_pages(vs, r);
	list_remove(&r->node);
	vs->nregions--;
	vs->mapped -= r->len;
	list_remove(&r->pmo_node);
	if (r->pmo->kind == PMO_FILE && list_empty(&r->pmo->mappings))
		pager_post_unused(r->pmo);
	pmo_put(r->pmo);
	if (r->copies) { /* its copies go; parts cut from it keep theirs */
		pmo_drop_pages(r->copies, r->pmo_first_page, r->len / PAGE_SIZE);
		pmo_put(r->copies);
	}
	kfree(r);
}

void vmspace_destroy(struct vmspace *vs)
{
	while (!list_empty(&vs->regions))
		region_free(vs, container_of(vs->regions.next, struct vmregion, node));
	arch_pt_destroy(&vs->pt);
	vs->dead = true;
	kobj_put(&vs->kobj);
}

struct vmregion *vmspace_find_region(struct vmspace *vs, vaddr_t va)
{
	struct vmregion *r = vs->last_found;
	if (r && va - r->start < r->len)
		return r;
	list_for_each_entry (r, &vs->regions, node) {
		if (va < r->start)
			return NULL;
		if (va - r->start < r->len)
			return vs->last_found = r;
	}
	return NULL;
}

static bool range_ok(vaddr_t start, size_t len)
{
	return len && IS_ALIGNED(start, PAGE_SIZE) && IS_ALIGNED(len, PAGE_SIZE) &&
	       start >= BOWER_USER_BASE && start + len > start && start + len <= BOWER_USER_TOP;
}

/* The region before which [start, start+len) would go, or NULL if it
 * overlaps one. *pos is the node to insert before. */
static bool find_slot(struct vmspace *vs, vaddr_t start, size_t len, struct list_node **pos)
{
	struct vmregion *r;
	list_for_each_entry (r, &vs->regions, node) {
		if (start + len <= r->start) {
			*pos = &r->node;
			return true;
		}
		if (start < r->start + r->len)
			return false;
	}
	*pos = &vs->regions;
	return true;
}

/* The page of r at va, in the page table: its own copy if it has one,
 * else the object's (a private mapping's read-only, so that its first
 * write makes the copy: vmspace_handle_fault). */
static int map_page(struct vmspace *vs, struct vmregion *r, vaddr_t va)
{
	paddr_t pa;
	size_t index = r->pmo_first_page + (va - r->start) / PAGE_SIZE;
	if (r->copies && r->copies->pages[index])
		return arch_pt_map(&vs->pt, va, r->copies->pages[index], r->perm);
	int err = r->pmo->ops->get_page(r->pmo, index, &pa);
	if (err < 0)
		return err;
	return arch_pt_map(&vs->pt, va, pa, r->copies ? r->perm & ~VM_WRITE : r->perm);
}

/* A private mapping's first write to a page: the file's page is copied
 * into one of its own (the file's must be there: the pager first). */
static int copy_on_write(struct vmspace *vs, struct vmregion *r, vaddr_t va)
{
	size_t index = r->pmo_first_page + (va - r->start) / PAGE_SIZE;
	paddr_t from, to;
	int err = r->pmo->ops->get_page(r->pmo, index, &from);
	if (err < 0)
		return err;
	if ((err = r->copies->ops->get_page(r->copies, index, &to)) < 0)
		return err;
	memcpy(KVA(to), KVA(from), PAGE_SIZE);
	return arch_pt_map(&vs->pt, va, to, r->perm);
}

int vmregion_make_private(struct vmregion *r)
{
	r->copies = pmo_create_anon(r->pmo->npages, false);
	if (!r->copies)
		return -BOWER_ENOMEM;
	r->maxperm |= VM_WRITE; /* writing changes only its copies */
	return 0;
}

int vmspace_map(struct vmspace *vs, vaddr_t start, size_t len, unsigned perm, struct pmo *pmo,
		size_t pmo_first_page)
{
	struct list_node *pos;
	if (vs->dead)
		return -BOWER_ESRCH;
	if (!range_ok(start, len) || pmo_first_page > pmo->npages ||
	    len / PAGE_SIZE > pmo->npages - pmo_first_page)
		return -BOWER_EINVAL;
	if (!find_slot(vs, start, len, &pos))
		return -BOWER_EINVAL;
	if (vs->nregions >= VMSPACE_MAX_REGIONS)
		return -BOWER_ENOMEM;
	size_t as = vs->limits[BOWER_VM_LIMIT_AS].soft;
	if (len > as || vs->mapped > as - len)
		return -BOWER_ENOMEM; /* RLIMIT_AS, as POSIX says */
	if (pmo->kind == PMO_DEVICE)
		perm = (perm & ~VM_EXEC) | VM_DEVICE;
	struct vmregion *r = kzalloc(sizeof(*r));
	if (!r)
		return -BOWER_ENOMEM;
	r->start = start;
	r->len = len;
	r->perm = perm;
	/* A file or device may not be given more than it was mapped with;
	 * anonymous memory any of read, write and execute. */
	r->maxperm = pmo->kind == PMO_ANON_EAGER || pmo->kind == PMO_ANON_LAZY
			 ? VM_READ | VM_WRITE | VM_EXEC
			 : perm;
	r->pmo = pmo;
	r->pmo_first_page = pmo_first_page;
	r->vs = vs;
	pmo_get(pmo);
	list_add_tail(pos, &r->node);
	vs->nregions++;
	vs->mapped += len;
	list_add_tail(&pmo->mappings, &r->pmo_node);
	if (pmo->kind == PMO_ANON_EAGER) {
		for (size_t off = 0; off < len; off += PAGE_SIZE) {
			int err = map_page(vs, r, start + off);
			if (err < 0) {
				region_free(vs, r);
				return err;
			}
		}
	}
	return 0;
}

/* Anonymous memory's pages [first, first + n) that r stops showing and
 * no other mapping shows: they can go. (A file's stay: they are the
 * file's.) */
static bool unseen_anon_pages(const struct vmregion *r, size_t first, size_t n)
{
	if (r->pmo->kind != PMO_ANON_EAGER && r->pmo->kind != PMO_ANON_LAZY)
		return false;
	const struct vmregion *m;
	list_for_each_entry (m, &r->pmo->mappings, pmo_node)
		if (m != r && m->pmo_first_page < first + n &&
		    first < m->pmo_first_page + m->len / PAGE_SIZE)
			return false;
	return true;
}

/* The part of r from `from` on goes to a region of its own, new (made by
 * the caller): the same object, further into it. */
static void split_at(struct vmregion *r, vaddr_t from, struct vmregion *tail)
{
	*tail = *r;
	tail->start = from;
	tail->len = r->start + r->len - from;
	tail->pmo_first_page = r->pmo_first_page + (from - r->start) / PAGE_SIZE;
	r->len = from - r->start;
	pmo_get(r->pmo);
	if (r->copies)
		pmo_get(r->copies); /* by file page index: both parts keep using it */
	list_insert_between(&tail->node, &r->node, r->node.next);
	r->vs->nregions++;
	list_add_tail(&r->pmo->mappings, &tail->pmo_node);
}

int vmspace_unmap(struct vmspace *vs, vaddr_t start, size_t len)
{
	if (!IS_ALIGNED(start, PAGE_SIZE) || len == 0 || start + len < start)
		return -BOWER_EINVAL;
	vaddr_t end = start + len;
	struct vmregion *r, *next, *spare = NULL;
	/* Check first, change after: a MAP_LLM mapping goes whole or not at
	 * all (its resident set is kept by page of the whole mapping), and a
	 * region cut in two needs a second region, made now. */
	list_for_each_entry (r, &vs->regions, node) {
		vaddr_t r_end = r->start + r->len;
		if (r_end <= start || r->start >= end)
			continue;
		bool whole = start <= r->start && r_end <= end;
		if (r->llm && !whole)
			return -BOWER_EINVAL;
		if (r->start < start && end < r_end &&
		    (vs->nregions >= VMSPACE_MAX_REGIONS || !(spare = kzalloc(sizeof(*spare)))))
			return -BOWER_ENOMEM; /* a cut in the middle makes a region */
	}
	vs->last_found = NULL;
	list_for_each_entry_safe (r, next, &vs->regions, node) {
		vaddr_t r_end = r->start + r->len;
		if (r_end <= start || r->start >= end)
			continue;
		if (start <= r->start && r_end <= end) {
			region_free(vs, r);
			continue;
		}
		if (r->start < start && end < r_end) { /* a hole in the middle */
			split_at(r, end, spare);
			next = spare; /* past it: nothing more to cut */
			r_end = start + len;
		}
		vaddr_t cut_from = MAX(start, r->start), cut_to = MIN(end, r_end);
		vs->mapped -= cut_to - cut_from;
		arch_pt_unmap_range(&vs->pt, cut_from, cut_to - cut_from);
		size_t cut_page = r->pmo_first_page + (cut_from - r->start) / PAGE_SIZE;
		if (unseen_anon_pages(r, cut_page, (cut_to - cut_from) / PAGE_SIZE))
			pmo_drop_pages(r->pmo, cut_page, (cut_to - cut_from) / PAGE_SIZE);
		if (r->copies) /* the cut part's own copies */
			pmo_drop_pages(r->copies, cut_page, (cut_to - cut_from) / PAGE_SIZE);
		if (cut_from == r->start) { /* the head goes */
			r->pmo_first_page += (cut_to - r->start) / PAGE_SIZE;
			r->len = r_end - cut_to;
			r->start = cut_to;
		} else { /* the tail goes */
			r->len = cut_from - r->start;
		}
	}
	return 0;
}

int vmspace_protect(struct vmspace *vs, vaddr_t start, size_t len, unsigned perm)
{
	if (!range_ok(start, len))
		return -BOWER_EINVAL;
	vaddr_t end = start + len, covered = start;
	struct vmregion *r, *spare[2] = {NULL, NULL};
	int cuts = 0, err = 0;
	list_for_each_entry (r, &vs->regions, node) {
		vaddr_t r_end = r->start + r->len;
		if (r_end <= start || r->start >= end)
			continue;
		if (r->start > covered)
			err = err ? err : -BOWER_ENOMEM; /* a hole */
		covered = r_end;
		if (r->llm)
			err = err ? err : -BOWER_EINVAL;
		if ((perm & r->maxperm) != perm)
			err = err ? err : -BOWER_EACCES;
		cuts += (r->start < start) + (r_end > end);
	}
	if (!err && (covered < end || vs->nregions + (size_t)cuts > VMSPACE_MAX_REGIONS))
		err = -BOWER_ENOMEM; /* a hole, or the cuts' regions past the limit */
	for (int i = 0; !err && i < cuts; i++)
		if (!(spare[i] = kzalloc(sizeof(*spare[i]))))
			err = -BOWER_ENOMEM;
	if (err) {
		kfree(spare[0]);
		kfree(spare[1]);
		return err;
	}
	vs->last_found = NULL;
	int used = 0;
	list_for_each_entry (r, &vs->regions, node) {
		if (r->start + r->len <= start || r->start >= end)
			continue;
		if (r->start < start) { /* its head keeps what it had */
			split_at(r, start, spare[used]);
			r = spare[used++];
		}
		if (r->start + r->len > end) /* and so does its tail */
			split_at(r, end, spare[used++]);
		r->perm = perm;
		arch_pt_unmap_range(&vs->pt, r->start, r->len); /* back with perm when touched */
	}
	return 0;
}

int vmspace_unmap_for_fixed(struct vmspace *vs, vaddr_t start, size_t len)
{
	if (!range_ok(start, len))
		return -BOWER_EINVAL;
	/* The new mapping must fit the address-space limit with what it
	 * replaces gone: checked before anything goes, as Linux does. */
	size_t replaced = 0, as = vs->limits[BOWER_VM_LIMIT_AS].soft;
	struct vmregion *r;
	list_for_each_entry (r, &vs->regions, node) {
		vaddr_t from = MAX(start, r->start), to = MIN(start + len, r->start + r->len);
		if (from < to)
			replaced += to - from;
	}
	if (len > as || vs->mapped - replaced > as - len)
		return -BOWER_ENOMEM;
	return vmspace_unmap(vs, start, len);
}

vaddr_t vmspace_find_free(struct vmspace *vs, vaddr_t hint, size_t len)
{
	vaddr_t cand = ALIGN_UP(MAX(hint, BOWER_USER_BASE), PAGE_SIZE);
	struct vmregion *r;
	list_for_each_entry (r, &vs->regions, node) {
		if (cand + len <= r->start)
			break;
		if (cand < r->start + r->len)
			cand = r->start + r->len;
	}
	return range_ok(cand, len) ? cand : 0;
}

enum fault_result vmspace_handle_fault(struct vmspace *vs, vaddr_t va, unsigned access,
				       struct vmregion **found)
{
	struct vmregion *r = *found = vmspace_find_region(vs, va);
	if (!r)
		return FAULT_NO_REGION;
	if ((r->perm & access) != access)
		return FAULT_PERMISSION;
	/* A MAP_LLM mapping sends every missing page to its pager, even one
	 * it evicted, so that the pager sees each fault and predicts; but a
	 * program on the track of the last prediction finds its next batch
	 * held, and the kernel maps it (the pager hears of it as news). */
	uint32_t page = (uint32_t)((va - r->start) / PAGE_SIZE);
	if (r->llm && !llm_resident(r, page))
		return llm_holds(r, page) && pager_map_held(vs, r, page, access) ? FAULT_RESOLVED
										 : FAULT_PAGER;
	size_t index = r->pmo_first_page + (va - r->start) / PAGE_SIZE;
	int err = r->copies && (access & VM_WRITE) && !r->copies->pages[index]
		      ? copy_on_write(vs, r, ALIGN_DOWN(va, PAGE_SIZE))
		      : map_page(vs, r, ALIGN_DOWN(va, PAGE_SIZE));
	if (err == -BOWER_EAGAIN)
		return FAULT_PAGER;
	if (err == -BOWER_EPIPE)
		return FAULT_NO_PAGER;
	if (err < 0)
		return FAULT_NO_MEMORY;
	return FAULT_RESOLVED;
}

int vmspace_page_now(struct vmspace *vs, vaddr_t va, unsigned access, struct vmregion **near,
		     paddr_t *pa)
{
	struct vmregion *r = *near;
	if (!r || va - r->start >= r->len)
		r = *near = vmspace_find_region(vs, va);
	/* A device's registers are not memory to copy through the kernel's
	 * map of RAM. */
	if (!r || (r->perm & access) != access || r->pmo->kind == PMO_DEVICE)
		return -BOWER_EFAULT;
	if (r->pmo->kind == PMO_FILE || r->llm)
		return -BOWER_EAGAIN;
	size_t index = r->pmo_first_page + (va - r->start) / PAGE_SIZE;
	*pa = r->pmo->pages[index];
	/* A page never touched is made now, as the fault path would make it
	 * (an anonymous page is allocated, never waited for); the program's
	 * own first touch then only maps it. */
	return *pa ? 0 : r->pmo->ops->get_page(r->pmo, index, pa);
}

void vmregion_unmap_pages(struct vmregion *r, size_t first, size_t end)
{
	size_t pages = r->len / PAGE_SIZE;
	size_t skip = first > r->pmo_first_page ? first - r->pmo_first_page : 0;
	size_t stop = end > r->pmo_first_page ? end - r->pmo_first_page : 0;
	if (stop > pages)
		stop = pages;
	if (skip >= stop)
		return;
	vaddr_t from = r->start + skip * PAGE_SIZE, to = r->start + stop * PAGE_SIZE;
	if (r->llm) /* the resident set loses them too */
		for (vaddr_t va = from; va < to; va += PAGE_SIZE)
			llm_forget(r, va);
	arch_pt_unmap_range(&r->vs->pt, from, to - from);
}

const char *fault_result_str(enum fault_result r)
{
	switch (r) {
	case FAULT_RESOLVED:
		return "resolved";
	case FAULT_NO_REGION:
		return "segmentation fault (no mapping)";
	case FAULT_PERMISSION:
		return "segmentation fault (permission denied)";
	case FAULT_NO_MEMORY:
		return "out of memory";
	case FAULT_PAGER:
		return "waiting for the pager";
	case FAULT_NO_PAGER:
		return "bus error (the file's pager is gone)";
	case FAULT_IO_ERROR:
		return "bus error (the file's pager could not provide the page)";
	case FAULT_BEYOND_EOF:
		return "bus error (access beyond the end of the file)";
	case FAULT_INTERRUPTED:
		return "killed while waiting for the page";
	}
	return "?";
}

bool vmspace_access_fault(struct vmspace *vs, vaddr_t va)
{
	va = ALIGN_DOWN(va, PAGE_SIZE);
	if (!arch_pt_set_accessed(&vs->pt, va))
		return false;
	struct vmregion *r = vmspace_find_region(vs, va);
	if (r && r->llm)
		llm_used(r, va);
	return true;
}

int vmspace_copy_resident(struct vmspace *vs, vaddr_t va, const void *src, size_t len)
{
	const char *from = src;
	if (!user_range_ok((const void *)va, len))
		return -BOWER_EFAULT;
	while (len) {
		size_t off = va & (PAGE_SIZE - 1);
		size_t n = MIN(len, PAGE_SIZE - off);
		char *page = arch_pt_user_page(&vs->pt, va - off, true);
		if (!page)
			return -BOWER_EFAULT;
		memcpy(page + off, from, n);
		va += n;
		from += n;
		len -= n;
	}
	return 0;
}

int vmspace_write(struct vmspace *vs, vaddr_t va, const void *src, size_t len)
{
	const char *from = src;
	while (len) {
		struct vmregion *r = vmspace_find_region(vs, va);
		paddr_t pa;
		if (!r)
			return -BOWER_EFAULT;
		size_t index = r->pmo_first_page + (va - r->start) / PAGE_SIZE;
		int err = r->pmo->ops->get_page(r->pmo, index, &pa);
		if (err < 0)
			return err == -BOWER_EAGAIN ? -BOWER_EFAULT : err;
		size_t off = va & (PAGE_SIZE - 1);
		size_t n = MIN(len, PAGE_SIZE - off);
		/* Program text straight from the ramdisk, where cpio aligns
		 * a file to 4 bytes only: a copy of any alignment. */
		arch_copy_bytes((char *)KVA(pa) + off, from, n);
		va += n;
		from += n;
		len -= n;
	}
	return 0;
}
