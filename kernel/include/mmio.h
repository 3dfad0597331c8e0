/* mmio.h - the kernel's view of physical memory and devices.
 *
 * The kernel lives in the upper half: every physical address P is also
 * mapped at KERNEL_BASE + P (normal memory for RAM, device memory below
 * RAM), so converting is an addition. */
#ifndef KERNEL_MMIO_H
#define KERNEL_MMIO_H

#include <types.h>

#define KERNEL_BASE 0xffff000000000000UL

#define KVA(pa)	 ((void *)((uintptr_t)(pa) + KERNEL_BASE))
#define KPA(va)	 ((paddr_t)((uintptr_t)(va)-KERNEL_BASE))
#define KDEV(pa) ((uintptr_t)(pa) + KERNEL_BASE)

#endif
