/*
 * pagetable.c - AArch64 stage-1 translation tables for user address spaces.
 *
 * Four levels of 512 entries (4 KiB granule, 48-bit VA): level 0 to 2 hold
 * table descriptors, level 3 page descriptors. A table page exists only
 * while it holds a valid entry: each counts its valid entries (in its page
 * metadata, page_table_entries), and the unmap that clears its last one
 * frees it, then its parent if that empties too (never the root). So an
 * address space costs tables for what it maps now, not for everything it
 * ever mapped, and a large unmap gives back its tables at once.
 *
 * Every user page is non-global (tagged with the space's ASID) and never
 * executable at EL1: PXN on every page, and PXNTable on every table
 * descriptor, which makes the whole of TTBR0 privileged-execute-never
 * whatever a page entry says. TLB maintenance: a changed or removed entry
 * is invalidated by VA and ASID (TLBI VAE1IS, which also drops cached
 * table entries for that VA, so a freed table page is unreachable before
 * it is reused); a freed ASID is invalidated whole before reuse.
 */
#include <arch/pagetable.h>
#include <arch/sysregs.h>
#include <arch/cpu.h>
#include <vmspace.h>
#include <pmm.h>
#include <mmio.h>
#include <printk.h>
#include <bower/abi.h>

#define ENTRIES	   512
#define ASID_COUNT 256
#define PTE_ADDR   0x0000fffffffff000UL

static uint8_t asid_used[ASID_COUNT]; /* ASID 0: the empty table */
static paddr_t empty_table;
static size_t table_pages;
static bool hw_access_flag; /* TCR_EL1.HA is on */

static unsigned index_at(vaddr_t va, int level)
{
	return (va >> (39 - 9 * level)) & (ENTRIES - 1);
}

static uint64_t *table_kva(paddr_t pa)
{
	return KVA(pa);
}

static uint32_t *entries(paddr_t table)
{
	return page_table_entries(table);
}

static paddr_t table_alloc(void)
{
	paddr_t pa = page_alloc(0);
	if (pa) {
		table_pages++;
		*entries(pa) = 0;
	}
	return pa;
}

static void table_free(paddr_t pa)
{
	page_free(pa, 0);
	table_pages--;
}

void arch_mmu_init(void)
{
	empty_table = table_alloc();
	if (!empty_table)
		panic("no page for the empty translation table");
	asid_used[0] = 1;
	/* The boot identity map is gone from here on. Its entries were global,
	 * so they must leave the TLB too, or they would shadow user pages. */
	arch_pt_activate(NULL);
	dsb(ishst);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
	/* Where the CPU can set the access flag itself, a first touch of a
	 * page mapped without it costs no trap (the kernel reads the flag
	 * when it wants to know: arch_pt_accessed). */
	if (ID_MMFR1_HAFDBS(read_sysreg(id_aa64mmfr1_el1)) != 0) {
		write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_HA);
		isb();
		hw_access_flag = true;
	}
}

bool arch_pt_hw_access_flag(void)
{
	return hw_access_flag;
}

int arch_pt_init(struct arch_pagetable *pt)
{
	unsigned asid;
	for (asid = 1; asid < ASID_COUNT && asid_used[asid]; asid++)
		;
	if (asid == ASID_COUNT)
		return -BOWER_ENOMEM;
	pt->last.block = 0;
	pt->root = table_alloc();
	if (!pt->root)
		return -BOWER_ENOMEM;
	asid_used[asid] = 1;
	pt->asid = asid;
	return 0;
}

static void free_level(paddr_t table, int level)
{
	uint64_t *t = table_kva(table);
	if (level < 3) {
		for (unsigned i = 0; i < ENTRIES; i++)
			if (t[i] & PTE_VALID)
				free_level(t[i] & PTE_ADDR, level + 1);
	}
	table_free(table);
}

void arch_pt_destroy(struct arch_pagetable *pt)
{
	pt->last.block = 0;
	free_level(pt->root, 0);
	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)pt->asid << 48));
	dsb(ish);
	isb();
	asid_used[pt->asid] = 0;
	pt->root = 0;
}

/* Drop va's translation from every CPU's TLB, once the entry's change
 * is visible: issued, and waited for by arch_pt_sync. */
static void tlb_invalidate_page(struct arch_pagetable *pt, vaddr_t va)
{
	dsb(ishst);
	__asm__ volatile("tlbi vae1is, %0" ::"r"(((uint64_t)pt->asid << 48) | (va >> 12)));
}

void arch_pt_sync(void)
{
	dsb(ish);
	isb();
}

static void tlb_flush_page(struct arch_pagetable *pt, vaddr_t va)
{
	tlb_invalidate_page(pt, va);
	arch_pt_sync();
}

/* Free the empty tables on the way to va (pt->last, which the walk to va
 * has just set) from level up to level 1 (the root stays), clearing the
 * entries that pointed to them, then flush va: the flush must come before
 * a freed page can be reused, or a walk could still read it. */
static void release_empty(struct arch_pagetable *pt, vaddr_t va, int level)
{
	struct arch_pt_last *path = &pt->last;
	paddr_t freed[3];
	int n = 0;
	for (; level > 0 && *entries(path->table[level]) == 0; level--) {
		*path->entry[level - 1] = 0;
		--*entries(path->table[level - 1]);
		freed[n++] = path->table[level];
	}
	if (n)
		path->block = 0; /* the way it remembers is going */
	tlb_flush_page(pt, va);
	while (n)
		table_free(freed[--n]);
}

/* The level-3 entry for va, making tables on the way if create (NULL: no
 * table there, or no page for one). The way there is left in pt->last, for
 * the next walk into the same leaf table and for release_empty. */
static __attribute__((noinline)) uint64_t *walk_from_root(struct arch_pagetable *pt, vaddr_t va,
							    bool create)
{
	struct arch_pt_last *path = &pt->last;
	vaddr_t block = (va >> 21) + 1;
	path->block = 0;
	paddr_t table = pt->root;
	for (int level = 0; level < 3; level++) {
		uint64_t *e = &table_kva(table)[index_at(va, level)];
		path->table[level] = table;
		path->entry[level] = e;
		if (!(*e & PTE_VALID)) {
			if (!create)
				return NULL;
			paddr_t next = table_alloc();
			if (!next) {
				release_empty(pt, va, level);
				return NULL;
			}
			dsb(ishst); /* the zeroed table is visible before the entry */
			*e = next | PTE_TABLE | PTE_PXNTABLE;
			++*entries(table);
		}
		table = *e & PTE_ADDR;
	}
	path->table[3] = table;
	path->leaf_count = entries(table);
	path->block = block;
	return &table_kva(table)[index_at(va, 3)];
}

/* The common case, a walk into the leaf table of the last one, stays small
 * enough to inline; the rest is out of line (its frame is what cost). */
static inline uint64_t *walk(struct arch_pagetable *pt, vaddr_t va, bool create)
{
	if (pt->last.block == (va >> 21) + 1)
		return &table_kva(pt->last.table[3])[index_at(va, 3)];
	return walk_from_root(pt, va, create);
}

/* Inlined into its callers (the pager's batch map is the hot one): a loop
 * of a few instructions a page, whose call and frame would cost as much. */
always_inline int arch_pt_prepare_pages(struct arch_pagetable *pt, vaddr_t base,
					const uint32_t *page, size_t n, struct arch_pt_slot *slot)
{
	/* The leaf table in locals: the slots' stores could be stores into
	 * pt->last for all the compiler knows. */
	vaddr_t block = pt->last.block;
	uint64_t *leaf = block ? table_kva(pt->last.table[3]) : NULL;
	uint32_t *count = pt->last.leaf_count;
	for (size_t i = 0; i < n; i++) {
		vaddr_t va = base + (vaddr_t)page[i] * PAGE_SIZE;
		if ((va >> 21) + 1 != block) {
			if (!walk_from_root(pt, va, true))
				return -BOWER_ENOMEM;
			block = pt->last.block;
			leaf = table_kva(pt->last.table[3]);
			count = pt->last.leaf_count;
		}
		slot[i].pte = &leaf[index_at(va, 3)];
		slot[i].count = count;
	}
	return 0;
}

int arch_pt_prepare(struct arch_pagetable *pt, vaddr_t va, struct arch_pt_slot *slot)
{
	return arch_pt_prepare_pages(pt, va, &(uint32_t){0}, 1, slot);
}

uint64_t arch_pt_template(unsigned perm)
{
	uint64_t attr = perm & VM_DEVICE ? PTE_ATTR(MT_DEVICE) : PTE_ATTR(MT_NORMAL);
	uint64_t pte = PTE_PAGE | attr | PTE_ISH | PTE_NG | PTE_USER | PTE_PXN;
	if (!(perm & VM_WRITE))
		pte |= PTE_RDONLY;
	if (!(perm & VM_EXEC))
		pte |= PTE_UXN;
	return pte;
}

void arch_pt_fill(struct arch_pagetable *pt, const struct arch_pt_slot *slot, vaddr_t va,
		  paddr_t pa, uint64_t template, bool accessed)
{
	uint64_t *e = slot->pte;
	bool was_valid = *e & PTE_VALID;
	/* without the access flag, the first access traps: see arch_pt_set_accessed */
	*e = pa | template | (accessed ? PTE_AF : 0);
	if (was_valid) /* a changed entry: its old translation goes */
		tlb_invalidate_page(pt, va);
	else
		++*slot->count;
}

int arch_pt_map(struct arch_pagetable *pt, vaddr_t va, paddr_t pa, unsigned perm)
{
	struct arch_pt_slot slot;
	if (arch_pt_prepare(pt, va, &slot))
		return -BOWER_ENOMEM;
	arch_pt_fill(pt, &slot, va, pa, arch_pt_template(perm), !(perm & VM_UNTOUCHED));
	arch_pt_sync();
	return 0;
}

bool arch_pt_mapped(struct arch_pagetable *pt, vaddr_t va)
{
	uint64_t *e = walk(pt, va, false);
	return e && (*e & PTE_VALID);
}

bool arch_pt_accessed(struct arch_pagetable *pt, vaddr_t va)
{
	uint64_t *e = walk(pt, va, false);
	return e && (*e & PTE_VALID) && (*e & PTE_AF);
}

bool arch_pt_set_accessed(struct arch_pagetable *pt, vaddr_t va)
{
	uint64_t *e = walk(pt, va, false);
	if (!e || !(*e & PTE_VALID) || (*e & PTE_AF))
		return false;
	*e |= PTE_AF;
	dsb(ishst); /* an entry without AF is never cached in the TLB */
	isb();
	return true;
}

void arch_pt_unmap(struct arch_pagetable *pt, vaddr_t va)
{
	uint64_t *e = walk(pt, va, false);
	if (!e || !(*e & PTE_VALID))
		return;
	*e = 0;
	--*pt->last.leaf_count;
	release_empty(pt, va, 3);
}

void *arch_pt_user_page(struct arch_pagetable *pt, vaddr_t va, bool write)
{
	uint64_t *e = walk(pt, va, false);
	if (!e)
		return NULL;
	uint64_t need = PTE_VALID | PTE_USER | PTE_AF;
	if ((*e & need) != need || (write && (*e & PTE_RDONLY)))
		return NULL;
	if ((*e & PTE_ATTR(7)) != PTE_ATTR(MT_NORMAL))
		return NULL; /* a device's registers: not memory to copy into */
	return KVA(*e & PTE_ADDR);
}

bool arch_pt_evict(struct arch_pagetable *pt, vaddr_t va)
{
	uint64_t *e = walk(pt, va, false);
	if (!e || !(*e & PTE_VALID))
		return false;
	bool accessed = *e & PTE_AF;
	*e = 0;
	--*pt->last.leaf_count;
	tlb_invalidate_page(pt, va);
	return accessed;
}

/* Clear every valid entry for [va, end) below `table` (a level-`level`
 * table), pushing each table page this empties onto *freed (linked
 * through its first word: it is all zeros now). */
static void unmap_range(paddr_t table, int level, vaddr_t va, vaddr_t end, paddr_t *freed)
{
	uint64_t *t = table_kva(table);
	vaddr_t span = 1UL << (39 - 9 * level); /* what one entry covers */
	while (va < end) {
		vaddr_t next = (va & ~(span - 1)) + span;
		if (next > end || next == 0)
			next = end;
		uint64_t *e = &t[index_at(va, level)];
		if (*e & PTE_VALID) {
			if (level == 3) {
				*e = 0;
				--*entries(table);
			} else {
				paddr_t child = *e & PTE_ADDR;
				unmap_range(child, level + 1, va, next, freed);
				if (*entries(child) == 0) {
					*e = 0;
					--*entries(table);
					*table_kva(child) = *freed;
					*freed = child;
				}
			}
		}
		va = next;
	}
}

/* Ranges this many pages or longer flush the whole ASID at once. */
#define FLUSH_ALL_PAGES 64

void arch_pt_unmap_range(struct arch_pagetable *pt, vaddr_t va, size_t len)
{
	if (len < FLUSH_ALL_PAGES * PAGE_SIZE) {
		for (size_t off = 0; off < len; off += PAGE_SIZE)
			arch_pt_unmap(pt, va + off);
		return;
	}
	paddr_t freed = 0;
	unmap_range(pt->root, 0, va, va + len, &freed);
	if (freed)
		pt->last.block = 0;
	/* Nothing may still reach a freed table when it is reused. */
	dsb(ishst);
	__asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)pt->asid << 48));
	dsb(ish);
	isb();
	while (freed) {
		paddr_t next = *table_kva(freed);
		*table_kva(freed) = 0;
		table_free(freed);
		freed = next;
	}
}

always_inline void arch_pt_activate(struct arch_pagetable *pt)
{
	/* A switch between threads of one address space keeps TTBR0 as it
	 * is. Comparing the value is safe even if a table and ASID were freed
	 * and reused: the same value names the same root and ASID, and a
	 * reused ASID was invalidated whole. The register itself is the
	 * record, as each CPU has its own. */
	uint64_t ttbr = pt ? (pt->root | ((uint64_t)pt->asid << 48)) : empty_table;
	if (ttbr == read_sysreg(ttbr0_el1))
		return;
	write_sysreg(ttbr0_el1, ttbr);
	isb();
}

size_t arch_pt_pages(void)
{
	return table_pages;
}
