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

struct pmo *pmo_create_dma(size_t npages)
{
	/* Every page is there from the start, so anonymous memory's ops
	 * serve: nothing is ever made on a fault, and each page goes with its
	 * last reference. */
	struct pmo *pmo = pmo_alloc(npages, &pmo_anon_ops, PMO_DMA);
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
