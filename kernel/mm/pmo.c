/*
 * pmo.c - physical memory objects: anonymous and file.
 *
 * Every kind keeps a page array indexed by page number. The eager kind
 * fills it at creation, the lazy kind on first get_page with a zeroed page,
 * and the file kind from its pager: get_page on a missing file page answers
 * -EAGAIN, which sends the fault to the pager (pager.c), and the pager's map
 * call puts the page in the array (pager_map). A page, once there,
 * stays until the object dies or the pager takes it back, so every mapping
 * of the object sees the same memory.
 */
#include <pmo.h>
#include <pmm.h>
#include <slab.h>
#include <vmspace.h>
#include <pager.h>
#include <printk.h>
#include <bower/abi.h>

/* Pages [first, end) leave the object (end: at most pages_end). */
static void release_pages(struct pmo *pmo, size_t first, size_t end)
{
	end = MIN(end, pmo->pages_end);
	for (size_t i = first; i < end; i++)
		if (pmo->pages[i]) {
			page_unref(pmo->pages[i]);
			pmo->pages[i] = 0;
		}
	if (end == pmo->pages_end)
		pmo->pages_end = MIN(pmo->pages_end, first);
}

void pmo_set_page(struct pmo *pmo, size_t index, paddr_t pa)
{
	pmo->pages[index] = pa;
	pmo->pages_end = MAX(pmo->pages_end, index + 1);
}

static int anon_get_page(struct pmo *pmo, size_t index, paddr_t *pa)
{
	if (index >= pmo->npages)
		return -BOWER_EINVAL;
	if (!pmo->pages[index]) {
		paddr_t page = page_alloc(0);
		if (!page)
			return -BOWER_ENOMEM;
		pmo_set_page(pmo, index, page);
	}
	*pa = pmo->pages[index];
	return 0;
}

static void anon_destroy(struct pmo *pmo)
{
	release_pages(pmo, 0, pmo->pages_end);
}

const struct pmo_ops pmo_anon_ops = {
    .get_page = anon_get_page,
    .destroy = anon_destroy,
};

static int file_get_page(struct pmo *pmo, size_t index, paddr_t *pa)
{
	if (index >= pmo->npages)
		return -BOWER_EINVAL;
	if (!pmo->pages[index])
		return pmo->pager ? -BOWER_EAGAIN : -BOWER_EPIPE; /* ask the pager */
	*pa = pmo->pages[index];
	return 0;
}


static void file_destroy(struct pmo *pmo)
{
	pager_forget_pmo(pmo);
	release_pages(pmo, 0, pmo->pages_end);
}

static const struct pmo_ops file_ops = {
    .get_page = file_get_page,
    .destroy = file_destroy,
};

static void pmo_kobj_destroy(struct kobject *obj)
{
	struct pmo *pmo = container_of(obj, struct pmo, kobj);
	pmo->ops->destroy(pmo);
	kfree(pmo->pages);
	kfree(pmo);
}

static const struct kobj_ops pmo_kobj_ops = {.destroy = pmo_kobj_destroy};

struct pmo *pmo_alloc(size_t npages, const struct pmo_ops *ops, enum pmo_kind kind)
{
	if (npages == 0 || npages > SIZE_MAX / sizeof(paddr_t))
		return NULL;
	struct pmo *pmo = kzalloc(sizeof(*pmo));
	if (!pmo)
		return NULL;
	pmo->pages = kzalloc(npages * sizeof(paddr_t));
	if (!pmo->pages) {
		kfree(pmo);
		return NULL;
	}
	kobj_init(&pmo->kobj, KOBJ_PMO, &pmo_kobj_ops);
	pmo->ops = ops;
	pmo->kind = kind;
	pmo->npages = npages;
	list_init(&pmo->mappings);
	list_init(&pmo->pager_node);
	return pmo;
}

struct pmo *pmo_create_anon(size_t npages, bool eager)
{
	struct pmo *pmo = pmo_alloc(npages, &pmo_anon_ops, eager ? PMO_ANON_EAGER : PMO_ANON_LAZY);
	if (!pmo || !eager)
		return pmo;
	for (size_t i = 0; i < npages; i++) {
		paddr_t pa;
		if (anon_get_page(pmo, i, &pa) < 0) {
			pmo_put(pmo);
			return NULL;
		}
	}
	return pmo;
}

struct pmo *pmo_create_file(struct pager *pager, size_t npages, uint64_t file_id)
{
	struct pmo *pmo = pmo_alloc(npages, &file_ops, PMO_FILE);
	if (pmo) {
		pmo->pager = pager;
		pmo->file_id = file_id;
	}
	return pmo;
}

void pmo_drop_pages(struct pmo *pmo, size_t first, size_t count)
{
	size_t end = count > pmo->npages - first ? pmo->npages : first + count;
	struct vmregion *r;
	list_for_each_entry (r, &pmo->mappings, pmo_node)
		vmregion_unmap_pages(r, first, end);
	release_pages(pmo, first, end);
}

long pmo_install_new(struct cap_table *t, struct pmo *pmo)
{
	if (!pmo)
		return -BOWER_ENOMEM;
	long slot =
	    cap_install(t, &pmo->kobj, BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT);
	pmo_put(pmo);
	return slot;
}

void pmo_get(struct pmo *pmo)
{
	kobj_get(&pmo->kobj);
}

void pmo_put(struct pmo *pmo)
{
	kobj_put(&pmo->kobj);
}
