/*
 * kmap.c - the kernel's own translation tables (TTBR1), mapped W^X.
 *
 * boot.S turns the MMU on with one 1 GiB-block map, writable and executable
 * everywhere, because that is all a few instructions with the MMU off can
 * build. kmap_init replaces it, first thing in kmain, with the map the
 * kernel runs on from then on:
 *
 *   0-1 GiB          devices: read-write, never executable
 *   1-4 GiB (RAM)    the direct map: read-write, never executable, except
 *     kernel text    read-only and executable at EL1
 *     rodata/ramdisk read-only, never executable
 *
 * Nothing is accessible from EL0 or executable at EL0 (no AP[1], UXN on
 * every entry, and UXNTable/APTable on every table so no entry below can
 * say otherwise). The image sits inside the direct map (KVA(pa) is the
 * only kernel address of any page), so the kernel image gets 4 KiB pages
 * in the 2 MiB pieces where permissions change and the rest keeps the
 * biggest blocks that fit: 2 MiB beside the image, 1 GiB elsewhere. The
 * tables come from a small static pool in .bss: which pieces need tables
 * depends only on the link-time layout, checked against the pool here.
 *
 * Swapping the tables under a running kernel: the new map gives every page
 * the same address and memory type as the old one, but block sizes differ,
 * and the TLB must never hold an entry from each for one address (a TLB
 * conflict). kmap_switch.S therefore runs from the boot identity map in
 * TTBR0 (still installed here), turns off TTBR1 walks, drops every TLB
 * entry, installs the new table and turns walks back on.
 */
#include <arch/kmap.h>
#include <arch/cpu.h>
#include <arch/sysregs.h>
#include <mmio.h>
#include <printk.h>

#define ENTRIES 512
/* Root, 1 GiB and 2 MiB tables, and a 4 KiB table for each 2 MiB piece
 * where a permission changes: at most three (text, rodata, data start). */
#define POOL_PAGES 6
#define PTE_ADDR   0x0000fffffffff000UL
#define GIB	   (1UL << 30)
#define DEVICE_END (1 * GIB) /* below: devices; from here: RAM (as in boot.S) */
#define MAP_END	   (4 * GIB) /* the direct map's end, physical */

#define KERNEL_TABLE  (PTE_TABLE | PTE_UXNTABLE | PTE_APTABLE_NOEL0)
#define KERNEL_NORMAL (PTE_ATTR(MT_NORMAL) | PTE_ISH | PTE_AF | PTE_UXN)
#define ATTR_DEVICE   (PTE_ATTR(MT_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define ATTR_DATA     (KERNEL_NORMAL | PTE_PXN)
#define ATTR_RODATA   (KERNEL_NORMAL | PTE_PXN | PTE_RDONLY)
#define ATTR_TEXT     (KERNEL_NORMAL | PTE_RDONLY)

extern char _kernel_start[], __text_end[], __rodata_end[];
void kmap_switch(paddr_t root);

static uint64_t pool[POOL_PAGES][ENTRIES] __attribute__((aligned(4096)));
static unsigned pool_used;

static unsigned index_at(uintptr_t va, int level)
{
	return (va >> (39 - 9 * level)) & (ENTRIES - 1);
}

/* The table e points to, making an empty one if e is empty. */
static uint64_t *table_below(uint64_t *e)
{
	if (!(*e & PTE_VALID)) {
		if (pool_used == POOL_PAGES)
			panic("kernel map: more than %d table pages", POOL_PAGES);
		*e = KPA(pool[pool_used++]) | KERNEL_TABLE;
	}
	if ((*e & PTE_TABLE) != PTE_TABLE)
		panic("kernel map: ranges overlap at a block");
	return KVA(*e & PTE_ADDR);
}

/* Map [pa, pa + size) at KVA(pa) in table (at level) with attr: a block
 * where one fits whole and aligned, else a table one level down. Ranges
 * are mapped once each, in any order, so no block is ever split. */
static void map_range(uint64_t *table, int level, paddr_t pa, size_t size, uint64_t attr)
{
	size_t span = 1UL << (39 - 9 * level); /* what one entry covers */
	while (size) {
		uintptr_t va = (uintptr_t)KVA(pa);
		uint64_t *e = &table[index_at(va, level)];
		size_t n = MIN(size, span - (va & (span - 1)));
		if (level == 3)
			*e = pa | PTE_PAGE | attr;
		else if (level > 0 && n == span && !(*e & PTE_VALID))
			*e = pa | PTE_BLOCK | attr;
		else
			map_range(table_below(e), level + 1, pa, n, attr);
		pa += n;
		size -= n;
	}
}

void kmap_init(void)
{
	paddr_t text = KPA(_kernel_start), rodata = KPA(__text_end), data = KPA(__rodata_end);
	uint64_t *root = pool[pool_used++];
	map_range(root, 0, 0, DEVICE_END, ATTR_DEVICE);
	map_range(root, 0, DEVICE_END, text - DEVICE_END, ATTR_DATA);
	map_range(root, 0, text, rodata - text, ATTR_TEXT);
	map_range(root, 0, rodata, data - rodata, ATTR_RODATA);
	map_range(root, 0, data, MAP_END - data, ATTR_DATA);
	dsb(ishst); /* the tables are in memory before any walk reads them */
	void (*switch_at_phys)(paddr_t) = (void (*)(paddr_t))KPA(kmap_switch);
	switch_at_phys(KPA(root));
}
