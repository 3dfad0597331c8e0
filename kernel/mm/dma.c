/*
 * dma.c - DMA memory: a memory object whose pages are contiguous in
 * physical memory, for a device to read and write.
 *
 * A device is given physical addresses, so its driver must learn them
 * (dev_info tells the holder of the object where it starts), and a device
 * that takes one address and a length for a buffer needs the pages one
 * after another. The pages come from one buddy block split into ordinary
 * pages (page_alloc_run): each has its own reference count, so the object
 * behaves as an eager anonymous one in every other way (mapped in several
 * processes, lent to a pager's client, freed page by page when the last
 * reference goes).
 *
 * There is no IOMMU on QEMU's virt machine: a device can reach any
 * physical address, and the kernel cannot stop a driver from pointing its
 * device elsewhere. What capabilities decide is who may drive a device at
 * all (docs/devices.md).
 */
#include <pmo.h>
#include <pmm.h>
#include <bower/abi.h>

static int dma_get_page(struct pmo *pmo, size_t index, paddr_t *pa)
{
	if (index >= pmo->npages)
		return -BOWER_EINVAL;
	*pa = pmo->pages[index];
	return 0;
}

static void dma_destroy(struct pmo *pmo)
{
	pmo_release_pages(pmo, 0);
}

static const struct pmo_ops dma_ops = {
    .get_page = dma_get_page,
    .destroy = dma_destroy,
};

struct pmo *pmo_create_dma(size_t npages)
{
	struct pmo *pmo = pmo_alloc(npages, &dma_ops, PMO_DMA);
	if (!pmo)
		return NULL;
	paddr_t first = page_alloc_run(npages);
	if (!first) {
		pmo_put(pmo);
		return NULL;
	}
	for (size_t i = 0; i < npages; i++)
		pmo_set_page(pmo, i, first + i * PAGE_SIZE);
	pmo->phys = first;
	pmo->bytes = npages * PAGE_SIZE;
	return pmo;
}
