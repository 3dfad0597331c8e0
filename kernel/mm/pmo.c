/*
 * pmo.c - anonymous physical memory objects.
 *
 * Both anonymous kinds keep a page array indexed by page number; the eager
 * kind fills it at creation, the lazy kind on first get_page, with a zeroed
 * page. Either way a page, once there, stays until the object dies, so
 * every mapping of the object sees the same memory.
 */
#include <pmo.h>
#include <pmm.h>
#include <slab.h>
#include <printk.h>
#include <bower/abi.h>

static int anon_get_page(struct pmo *pmo, size_t index, paddr_t *pa)
{
	if (index >= pmo->npages)
		return -BOWER_EINVAL;
	if (!pmo->pages[index]) {
		paddr_t page = page_alloc(0);
		if (!page)
			return -BOWER_ENOMEM;
		pmo->pages[index] = page;
	}
	*pa = pmo->pages[index];
	return 0;
}

static void anon_destroy(struct pmo *pmo)
{
	for (size_t i = 0; i < pmo->npages; i++)
		if (pmo->pages[i])
			page_free(pmo->pages[i], 0);
}

static const struct pmo_ops anon_ops = {
	.get_page = anon_get_page,
	.destroy = anon_destroy,
};

struct pmo *pmo_create_anon(size_t npages, bool eager)
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
	pmo->ops = &anon_ops;
	pmo->kind = eager ? PMO_ANON_EAGER : PMO_ANON_LAZY;
	pmo->npages = npages;
	pmo->refcount = 1;
	if (eager) {
		for (size_t i = 0; i < npages; i++) {
			paddr_t pa;
			if (anon_get_page(pmo, i, &pa) < 0) {
				pmo_put(pmo);
				return NULL;
			}
		}
	}
	return pmo;
}

void pmo_get(struct pmo *pmo)
{
	pmo->refcount++;
}

void pmo_put(struct pmo *pmo)
{
	assert(pmo->refcount > 0);
	if (--pmo->refcount)
		return;
	pmo->ops->destroy(pmo);
	kfree(pmo->pages);
	kfree(pmo);
}
