/* sysregs.h - bit values for the AArch64 system registers we program.
 * Usable from assembly and C. Names follow the Arm ARM. */
#ifndef ARCH_SYSREGS_H
#define ARCH_SYSREGS_H

#ifdef __ASSEMBLER__
#define BIT(n) (1 << (n))
#else
#define BIT(n) (1UL << (n))
#endif

#define HCR_EL2_RW	   BIT(31)
#define SPSR_EL1H_MASKED   0x3c5      /* EL1h, D A I F masked */
#define SPSR_EL0T	   0x000      /* EL0t, interrupts unmasked */
#define SCTLR_EL1_RESERVED 0x30d00800 /* RES1 bits, everything off */
#define SCTLR_M		   BIT(0)
#define SCTLR_C		   BIT(2)
#define SCTLR_I		   BIT(12)
#define SCTLR_SPAN	   BIT(23) /* 0: an exception to EL1 sets PSTATE.PAN */

/* PAN (Privileged Access Never): the CPU has it if ID_AA64MMFR1_EL1.PAN
 * is not 0; PSTATE.PAN is bit 22 of the PAN register, S3_0_C4_C2_3. */
#define ID_MMFR1_PAN(v) (((v) >> 20) & 0xf)
#define PSTATE_PAN	BIT(22)

/* Hardware management of the access flag: the CPU has it if
 * ID_AA64MMFR1_EL1.HAFDBS is not 0; TCR_EL1.HA turns it on. */
#define ID_MMFR1_HAFDBS(v) ((v)&0xf)
#define TCR_HA		   (1UL << 39)

/* MAIR: attribute 0 device nGnRnE, 1 normal write-back, 2 normal non-cacheable. */
#define MAIR_VALUE 0x44ff00
#define MT_DEVICE  0
#define MT_NORMAL  1

/* TCR: 48-bit VA both halves, 4 KiB granule, write-back inner shareable walks,
 * 8-bit ASIDs from TTBR0. IPS is filled in from the CPU's ID register. */
#define TCR_T0SZ(n) ((n) << 0)
#define TCR_T1SZ(n) ((n) << 16)
#define TCR_VALUE                                                                                  \
	(TCR_T0SZ(16) | BIT(8) | BIT(10) | (3 << 12) | (0 << 14) | TCR_T1SZ(16) | BIT(24) |        \
	 BIT(26) | (3 << 28) | BIT(31))

/* Translation table descriptor bits (stage 1, 4 KiB granule). */
#define PTE_VALID   BIT(0)
#define PTE_TABLE   (3 << 0) /* table at levels 0-2, page at level 3 */
#define PTE_BLOCK   BIT(0)
#define PTE_PAGE    (3 << 0)
#define PTE_ATTR(i) ((i) << 2)
#define PTE_USER    BIT(6)   /* AP[1]: EL0 may access */
#define PTE_RDONLY  BIT(7)   /* AP[2] */
#define PTE_ISH	    (3 << 8) /* inner shareable */
#define PTE_AF	    BIT(10)  /* access flag */
#define PTE_NG	    BIT(11)  /* not global: tagged with the ASID */
#define PTE_PXN	    BIT(53)
#define PTE_UXN	    BIT(54)
/* Table descriptors: limits on everything below them. */
#define PTE_PXNTABLE	  BIT(59)
#define PTE_UXNTABLE	  BIT(60)
#define PTE_APTABLE_NOEL0 BIT(61) /* APTable[0]: no EL0 access below */

#define BOOT_BLOCK_DEVICE (PTE_BLOCK | PTE_ATTR(MT_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define BOOT_BLOCK_NORMAL (PTE_BLOCK | PTE_ATTR(MT_NORMAL) | PTE_ISH | PTE_AF | PTE_UXN)

/* ESR_EL1: exception class, and for aborts the fault status code. */
#define ESR_EC(esr)	      ((esr) >> 26)
#define ISS_WNR		      (1 << 6)
#define FSC(esr)	      ((esr)&0x3f)
#define FSC_IS_TRANSLATION(f) (((f)&0x3c) == 0x04)
#define FSC_IS_ACCESS(f)      (((f)&0x3c) == 0x08)
#define FSC_IS_PERMISSION(f)  (((f)&0x3c) == 0x0c)
#define FSC_ALIGNMENT	      0x21

#define EC_UNKNOWN    0x00
#define EC_FP_ACCESS  0x07 /* FP/SIMD trapped by CPACR_EL1.FPEN */
#define EC_SVC64      0x15
#define EC_IABT_LOWER 0x20
#define EC_IABT_CUR   0x21
#define EC_PC_ALIGN   0x22
#define EC_DABT_LOWER 0x24
#define EC_DABT_CUR   0x25
#define EC_SP_ALIGN   0x26
#define EC_BRK64      0x3c

#endif
