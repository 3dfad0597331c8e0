/*
 * kmap_switch.S - install new kernel tables in TTBR1 under a running kernel.
 *
 * void kmap_switch(paddr_t root), called at its physical address through
 * the boot identity map in TTBR0 (kmap.c), so that nothing here is fetched
 * or loaded through TTBR1 while it changes. It touches no memory at all.
 * With TTBR1 walks off (TCR_EL1.EPD1), the TLB invalidation leaves no
 * entry of the old map and no walk can make one; the new map is then the
 * only one the TLB ever sees, so entries of different block sizes for one
 * address never meet. Returns to the caller's upper-half address, which
 * the new map translates.
 */
#define TCR_EPD1 (1 << 23)

	.text
	.global kmap_switch
kmap_switch:
	mrs	x1, tcr_el1
	orr	x2, x1, #TCR_EPD1
	msr	tcr_el1, x2
	isb
	tlbi	vmalle1is
	dsb	ish
	isb
	msr	ttbr1_el1, x0
	isb
	msr	tcr_el1, x1
	isb
	ret
