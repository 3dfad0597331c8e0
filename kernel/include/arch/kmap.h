/*
 * kmap.h - the kernel's own address space (TTBR1) and the protections the
 * MMU gives the kernel, set up and proved at boot.
 */
#ifndef ARCH_KMAP_H
#define ARCH_KMAP_H

/* Replace boot.S's map with the W^X map (kmap.c). Once, first thing in
 * kmain, while boot.S's identity map is still in TTBR0. */
void kmap_init(void);
/* After arch_mmu_init: turn PAN on where the CPU has it, then check by
 * real accesses that W^X, PXN and PAN hold (protect.c). Prints one line
 * naming them; panics if any is missing. */
void arch_protect_init(void);

#endif
