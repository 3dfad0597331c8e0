/*
 * kmap.h - the kernel's own address space (TTBR1).
 */
#ifndef ARCH_KMAP_H
#define ARCH_KMAP_H

/* Replace boot.S's map with the W^X map (kmap.c). Once, first thing in
 * kmain, while boot.S's identity map is still in TTBR0. */
void kmap_init(void);

#endif
