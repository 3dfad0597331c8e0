/*
 * vmspace.h - a user address space: vmregions over PMOs, and its page table.
 *
 * A vmregion maps [start, start + len) to pages of one PMO with a
 * permission. Unmap and teardown walk regions, not tables. Outside MAP_LLM
 * the page table is a cache of what the regions say: a page appears in it
 * on first touch (or at map time for eager regions) and could be rebuilt
 * from the regions. In a MAP_LLM region it is not: which of the object's
 * pages are mapped is the resident set under the cap (llm.c), and an entry
 * dropped there is an eviction.
 */
#ifndef KERNEL_VMSPACE_H
#define KERNEL_VMSPACE_H

#include <types.h>
#include <list.h>
#include <arch/pagetable.h>
#include <object.h>

struct pmo;

#define VM_READ	     0x1
#define VM_WRITE     0x2
#define VM_EXEC	     0x4
#define VM_UNTOUCHED 0x8  /* arch_pt_map: map without the access flag (prefetched pages) */
#define VM_DEVICE    0x10 /* device registers: uncached device memory, never executable */

struct llm_region;

struct vmregion {
	struct list_node node;	   /* in vmspace.regions, sorted by start */
	struct list_node pmo_node; /* in pmo->mappings */
	struct vmspace *vs;
	vaddr_t start;
	size_t len;
	unsigned perm;
	unsigned maxperm; /* what vm_protect may give it: a file's as mapped, anonymous memory's all */
	struct pmo *pmo; /* one reference held */
	size_t pmo_first_page;
	struct llm_region *llm; /* MAP_LLM mappings: cap, FIFO, counters (llm.c) */
	/* A private file mapping: the pages it wrote, its own copies, by the
	 * file's page index (anonymous memory; one reference), or NULL. The
	 * file's pages show through read-only until then. */
	struct pmo *copies;
};

/* Regions a vmspace may hold (Linux's vm.max_map_count is 65530): a
 * program that maps without end gets ENOMEM at this many, not the
 * kernel's memory, and the list a fault or a map walks stays short. */
#define VMSPACE_MAX_REGIONS 16384

struct vmspace {
	struct kobject kobj; /* held by its process, and by capabilities */
	struct list_node regions;
	size_t nregions; /* at most VMSPACE_MAX_REGIONS */
	size_t mapped;	 /* bytes in its regions: what BOWER_VM_LIMIT_AS bounds */
	/* Its process's limits (vm_limit), a spawned child's from its
	 * parent's: the address space's is kept to here, the data segment's
	 * by the C library's sbrk. */
	struct bower_vm_limit limits[BOWER_VM_LIMITS];
	struct vmregion *last_found; /* the last region a lookup found: faults repeat */
	struct arch_pagetable pt;
	bool dead; /* its process has ended: emptied, nothing maps into it */
};

/* NULL if out of memory (or out of address-space identifiers). */
struct vmspace *vmspace_create(void);
/* Its process is done with it: unmap everything, free the tables, drop
 * the PMO references; the struct goes with the last capability to it. */
void vmspace_destroy(struct vmspace *vs);
/* Map npages of pmo from pmo_first_page at start (page aligned, inside the
 * user range, not overlapping another region): 0, -EINVAL or -ENOMEM (no
 * memory, VMSPACE_MAX_REGIONS regions already, or past the address
 * space's limit, BOWER_VM_LIMIT_AS).
 * Eager PMOs are entered in the page table at once; a device's registers
 * are mapped as device memory (VM_DEVICE), never executable. */
int vmspace_map(struct vmspace *vs, vaddr_t start, size_t len, unsigned perm, struct pmo *pmo,
		size_t pmo_first_page);
/* Unmap [start, start + len): regions inside it go, regions it cuts keep
 * what is outside it (one cut in the middle becomes two regions), and a
 * range with nothing mapped is no error, as POSIX says. A MAP_LLM mapping
 * goes whole or not at all (-EINVAL). Anonymous pages no mapping shows
 * any more are freed. 0, -EINVAL (unaligned, empty, wrapping) or -ENOMEM
 * (no region for a split; nothing changed). */
int vmspace_unmap(struct vmspace *vs, vaddr_t start, size_t len);
/* Give every page of [start, start + len) the permissions perm, cutting
 * regions at the range's ends; the pages come back at their next touch
 * with them. 0, -EINVAL (unaligned, empty; a MAP_LLM mapping, whose pages
 * its pager maps), -ENOMEM (a page of the range not mapped, or no memory
 * for a cut), -EACCES (more than a mapping may have: write to a file
 * mapped read-only). Nothing changes unless all of it can. */
int vmspace_protect(struct vmspace *vs, vaddr_t start, size_t len, unsigned perm);
/* Lock [start, start + len) in memory (mlock; flags BOWER_VM_LOCK), or
 * unlock it (without): every page is brought in now, and a MAP_LLM
 * mapping's are pinned under its cap (vmlock.c). With
 * BOWER_VM_LOCK_MAPPED, the mappings in the range, its holes skipped
 * (mlockall). 0; -EINVAL (unaligned, empty, wrapping); -ENOMEM (a page
 * not mapped, or more locked than a MAP_LLM cap allows: nothing changed);
 * -EAGAIN (a page could not be brought in: nothing stays locked); -EINTR
 * (killed while a page was waited for). */
int vmspace_lock(struct vmspace *vs, vaddr_t start, size_t len, unsigned flags);
/* Make r (a file mapping just made) private: what it writes is its own
 * copy, the file unchanged (copy on write). 0 or -ENOMEM. */
int vmregion_make_private(struct vmregion *r);
/* MAP_FIXED's first step: whatever [start, start + len) holds goes, unless
 * the new mapping would not fit the address-space limit even then
 * (-ENOMEM, nothing gone). */
int vmspace_unmap_for_fixed(struct vmspace *vs, vaddr_t start, size_t len);
/* A free, page-aligned range of len bytes at or above hint, or 0. */
vaddr_t vmspace_find_free(struct vmspace *vs, vaddr_t hint, size_t len);
struct vmregion *vmspace_find_region(struct vmspace *vs, vaddr_t va);

/* An access-flag fault at va: set the flag (a prefetched page was used).
 * true if it was that. */
bool vmspace_access_fault(struct vmspace *vs, vaddr_t va);
/* Write len bytes at va in vs, which need not be the current address space
 * (program loading, argument setup): through the PMOs' pages, whatever the
 * regions' permissions. 0, -EFAULT if a byte has no region, or -ENOMEM. */
int vmspace_write(struct vmspace *vs, vaddr_t va, const void *src, size_t len);

/* Copy len bytes to va in vs as its program could write them itself, but
 * only into pages it has in its table right now (arch_pt_user_page): no
 * fault, no page made, no sleep, so one thread can deliver into a peer's
 * memory (an IPC request handed to a waiting server). 0, or -EFAULT if a
 * byte is not so writable (then some bytes may have been written). */
int vmspace_copy_resident(struct vmspace *vs, vaddr_t va, const void *src, size_t len);

/* The page under va in vs, for a kernel copy that must not sleep (a
 * server copying to or from its blocked caller: kernel/ipc/ipc_bulk.c):
 * vs need not be the current address space. *near is the region the last
 * look-up found (NULL the first time), tried first and set to this one's:
 * it is valid only until something sleeps or a region changes, so a copy
 * keeps it for one system call. Only anonymous and DMA memory qualify,
 * an anonymous page being made now if it was never touched (the program's
 * own first touch then maps it). 0 and *pa; -EFAULT if there is no region
 * at va, it forbids access (VM_READ or VM_WRITE) or it maps a device's
 * registers; -EAGAIN if a pager serves the region (a file or MAP_LLM
 * mapping: its page may have to wait for the pager); -ENOMEM. */
int vmspace_page_now(struct vmspace *vs, vaddr_t va, unsigned access, struct vmregion **near,
		     paddr_t *pa);

/* Remove from the page table the pages of r that show PMO pages
 * [first, end). */
void vmregion_unmap_pages(struct vmregion *r, size_t first, size_t end);

enum fault_result {
	FAULT_RESOLVED,	  /* mapped; retry the access */
	FAULT_PAGER,	  /* a file page: the pager must provide it (pager.c) */
	FAULT_NO_REGION,  /* no region there: segmentation fault */
	FAULT_PERMISSION, /* region forbids this access */
	FAULT_NO_MEMORY,  /* could not get a page */
	FAULT_NO_PAGER,	  /* a file page whose pager is gone */
	FAULT_IO_ERROR,	  /* the pager could not provide the page */
	FAULT_BEYOND_EOF, /* the pager says the page is past the end of the file */
	FAULT_INTERRUPTED, /* the thread was killed while it waited for the page */
};
/* Resolve a fault at va for an access (VM_READ, VM_WRITE or VM_EXEC). For
 * FAULT_PAGER, *found is the region, for pager_handle_fault. */
enum fault_result vmspace_handle_fault(struct vmspace *vs, vaddr_t va, unsigned access,
				       struct vmregion **found);
const char *fault_result_str(enum fault_result r);

#endif
