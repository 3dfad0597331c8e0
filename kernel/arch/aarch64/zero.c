/*
 * zero.c - zeroing whole pages with DC ZVA.
 *
 * Every page the allocator hands out is zeroed first, so this is on the
 * fault path of every lazy page and every new page table. DC ZVA zeroes
 * one naturally aligned block (DCZID_EL0.BS: 64 bytes on the cores we run
 * on) per instruction, instead of one store per eight bytes; where the CPU
 * forbids it (DCZID_EL0.DZP) the stores are used.
 */
#include <arch/cpu.h>
#include <arch/sysregs.h>
#include <string.h>

void arch_zero_pages(void *kva, size_t bytes)
{
	static size_t block; /* bytes per DC ZVA; 0: not known yet, 1: not allowed */
	if (!block) {
		uint64_t dczid = read_sysreg(dczid_el0);
		block = (dczid & (1 << 4)) ? 1 : 4UL << (dczid & 0xf);
	}
	size_t b = block; /* a local: the asm's memory clobber would reload it */
	if (b == 1) {
		memset(kva, 0, bytes);
		return;
	}
	char *p = kva, *end = p + bytes;
	/* Eight blocks a turn where the length allows (a page is 64 of 64-byte
	 * blocks): the loop's own add, compare and branch cost as much as the
	 * zeroing, and a spawn zeroes some sixty pages. */
	if (bytes % (8 * b) == 0)
		for (; p < end; p += 8 * b)
			__asm__ volatile("dc zva, %0\n\tdc zva, %1\n\tdc zva, %2\n\tdc zva, %3\n\t"
					 "dc zva, %4\n\tdc zva, %5\n\tdc zva, %6\n\tdc zva, %7"
					 ::"r"(p), "r"(p + b), "r"(p + 2 * b), "r"(p + 3 * b),
					 "r"(p + 4 * b), "r"(p + 5 * b), "r"(p + 6 * b), "r"(p + 7 * b)
					 : "memory");
	for (; p < end; p += b)
		__asm__ volatile("dc zva, %0" ::"r"(p) : "memory");
}
