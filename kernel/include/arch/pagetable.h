/*
 * pagetable.h - user translation tables (TTBR0), behind arch-neutral calls.
 *
 * 4 KiB pages, four levels, 48-bit addresses, 8-bit ASIDs so switching
 * address spaces needs no TLB flush. Generic mm/ code only uses these.
 */
#ifndef ARCH_PAGETABLE_H
#define ARCH_PAGETABLE_H

#include <types.h>

/* The tables on the way to the last leaf table a walk reached, so the next
 * walk into the same 2 MiB (a batch of pager_map entries, the access flags
 * of a mapping's resident pages) starts at the leaf. Forgotten whenever a
 * table page is freed. */
struct arch_pt_last {
	vaddr_t block; /* va >> 21 of that leaf table's range, plus one; 0: none */
	paddr_t table[4];
	uint64_t *entry[3];
	uint32_t *leaf_count; /* table[3]'s count of valid entries (its page metadata) */
};

struct arch_pagetable {
	paddr_t root;
	unsigned asid;
	struct arch_pt_last last;
};

/* Once, after the page allocator is up: make the empty table and drop the
 * boot-time identity map from TTBR0. */
void arch_mmu_init(void);
/* Does the CPU set the access flag itself (no fault on a first touch of
 * a page mapped VM_UNTOUCHED)? */
bool arch_pt_hw_access_flag(void);
/* 0, or -ENOMEM (no page, or all ASIDs in use). */
int arch_pt_init(struct arch_pagetable *pt);
/* Free every table page and the ASID (mappings must be gone already: the
 * data pages belong to PMOs, not to the table). */
void arch_pt_destroy(struct arch_pagetable *pt);
/* Enter va -> pa with VM_* permission bits: 0 or -ENOMEM. Replaces any
 * existing entry. */
int arch_pt_map(struct arch_pagetable *pt, vaddr_t va, paddr_t pa, unsigned perm);
/* A leaf entry made ready by arch_pt_prepare: where va's entry is, and its
 * table's count of valid entries. Good until a table page is freed (an
 * unmap), so a batch prepares all its entries and then fills them. */
struct arch_pt_slot {
	uint64_t *pte;
	uint32_t *count;
};
/* Make every table on the way to va's entry exist, so that filling it
 * (arch_pt_fill) cannot fail: 0 or -ENOMEM. (A table made here and never
 * filled stays, empty, until the address space goes.) */
int arch_pt_prepare(struct arch_pagetable *pt, vaddr_t va, struct arch_pt_slot *slot);
/* arch_pt_prepare for pages base + page[i] * PAGE_SIZE, i < n, into slot[i]. */
int arch_pt_prepare_pages(struct arch_pagetable *pt, vaddr_t base, const uint32_t *page, size_t n,
			  struct arch_pt_slot *slot);

/*
 * A batch of pages (a pager's answer, a capped mapping's evictions) is
 * entered and taken out a page at a time with no barrier each: the
 * entries' bits are worked out once (arch_pt_template), each page is a
 * store (arch_pt_fill, arch_pt_evict), and arch_pt_sync once after the
 * batch makes it all visible to the table walkers and waits for the TLB
 * invalidations. Call it before the CPU returns to user mode, and before
 * a page taken out may be reused.
 */
/* The bits of a leaf entry with VM_* permission bits perm, but for the
 * page's address and the access flag (VM_UNTOUCHED is not looked at). */
uint64_t arch_pt_template(unsigned perm);
/* Enter va -> pa into a prepared slot with the bits of arch_pt_template;
 * accessed: with the access flag (else the first access traps, or is
 * recorded by a CPU that sets the flag itself). */
void arch_pt_fill(struct arch_pagetable *pt, const struct arch_pt_slot *slot, vaddr_t va,
		  paddr_t pa, uint64_t template, bool accessed);
/* Take va's page out of the table (if mapped) and issue its TLB
 * invalidation, but keep the table pages: a capped mapping evicts and
 * refills the same few leaf tables all the time, and freeing and re-zeroing
 * them cost more than the eviction. They go with the mapping
 * (arch_pt_unmap_range) or the address space. True if the page had been
 * accessed (its access flag). */
bool arch_pt_evict(struct arch_pagetable *pt, vaddr_t va);
/* The end of a batch of fills and evictions. */
void arch_pt_sync(void);

/* Is va mapped? Has its page been accessed since it was mapped (the
 * access flag; pages mapped with VM_UNTOUCHED start without it)? */
bool arch_pt_mapped(struct arch_pagetable *pt, vaddr_t va);
bool arch_pt_accessed(struct arch_pagetable *pt, vaddr_t va);
/* Set the access flag of a mapped page (an access-flag fault): true if
 * there was a mapping whose flag was clear. */
bool arch_pt_set_accessed(struct arch_pagetable *pt, vaddr_t va);
/* Remove the entry for va (if any) and flush it from the TLB; free the
 * table pages this leaves empty (not the root). */
void arch_pt_unmap(struct arch_pagetable *pt, vaddr_t va);
/* The kernel's view of the user page at va (page-aligned va), if it is
 * there for the program right now: mapped, user-accessible, its access
 * flag set (a first touch the kernel should know about is left to the
 * program), writable if write, and memory (not a device's registers).
 * NULL otherwise. For copies into another
 * address space that must not fault or sleep. */
void *arch_pt_user_page(struct arch_pagetable *pt, vaddr_t va, bool write);
/* arch_pt_unmap for every page of [va, va + len), walking only the
 * tables that exist (a large, sparsely touched mapping costs what it
 * maps, not what it spans). */
void arch_pt_unmap_range(struct arch_pagetable *pt, vaddr_t va, size_t len);
/* Switch TTBR0 to this table (NULL: the empty table). */
void arch_pt_activate(struct arch_pagetable *pt);
/* Table pages in use, for leak checks. */
size_t arch_pt_pages(void);

#endif
