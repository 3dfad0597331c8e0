/*
 * psci.c - calls to the firmware's power interface (PSCI): CPU_ON for the
 * secondary CPUs, SYSTEM_OFF for power-off (poweroff.c).
 *
 * The conduit is the device tree's /psci method: HVC when QEMU gave us
 * EL1, SMC when it gave us EL2 (an HVC would then trap to ourselves).
 * Until the tree has been read, the EL we started at decides, so a panic
 * before that still powers off.
 */
#include <arch/percpu.h>

extern uint64_t boot_entered_from_el2;
static int method; /* 'h', 's', or 0: not read yet */

void arch_psci_set_method(int m)
{
	if (m == 'h' || m == 's')
		method = m;
}

long arch_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	int m = method ? method : boot_entered_from_el2 ? 's' : 'h';
	if (m == 's')
		__asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
	return (long)x0;
}
