/*
 * plat.h - where things are on QEMU's "virt" machine.
 *
 * Only this file knows the board. Physical addresses come from QEMU's
 * hw/arm/virt.c memory map; RAM base and size are read from the device tree
 * at boot, the rest is fixed by the board.
 */
#ifndef PLAT_VIRT_H
#define PLAT_VIRT_H

#define PLAT_UART_BASE 0x09000000UL /* PL011 */
#define PLAT_RTC_BASE  0x09010000UL /* PL031 */
#define PLAT_GICD_BASE 0x08000000UL /* GICv2 distributor */
#define PLAT_GICC_BASE 0x08010000UL /* GICv2 CPU interface */
#define PLAT_RAM_BASE  0x40000000UL
#define PLAT_DTB_BASE  0x40000000UL /* QEMU puts the DTB at RAM base for ELF kernels */
#define PLAT_DTB_MAX   0x00200000UL /* room left for it below the kernel */

#define PLAT_IRQ_VTIMER 27 /* PPI: EL1 virtual timer */
#define PLAT_IRQ_UART	33 /* SPI 1 */

#endif
