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
	if (block == 1) {
		memset(kva, 0, bytes);
		return;
	}
	for (char *p = kva, *end = p + bytes; p < end; p += block)
		__asm__ volatile("dc zva, %0" ::"r"(p) : "memory");
}
