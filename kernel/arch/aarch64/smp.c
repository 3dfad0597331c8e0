/*
 * smp.c - starting a secondary CPU on AArch64, up to the generic code.
 *
 * The boot CPU fills a struct secondary_boot with its own final system
 * registers (so every CPU translates, caches and protects the same way:
 * the W^X kernel map, the access flag, PAN's SCTLR_EL1.SPAN) and asks PSCI
 * to start the CPU at secondary_entry (boot.S), which turns the MMU on and
 * calls secondary_c_entry here on the stack given. The CPU reads the
 * struct with its MMU and caches off, so the boot CPU cleans it to the
 * point of coherency first.
 */
#include <arch/percpu.h>
#include <arch/sysregs.h>
#include <arch/pagetable.h>
#include <smp.h>
#include <mmio.h>

#define PSCI_CPU_ON_64 0xc4000003UL
#define MPIDR_AFF_MASK 0xff00ffffffUL

/* Offsets known to boot.S. */
struct secondary_boot {
	uint64_t sctlr, tcr, mair, ttbr1;
	uint64_t stack_top, cpu, entry;
};

static struct secondary_boot boot_args[CPUS_MAX];

extern char secondary_entry[];
static noreturn void secondary_c_entry(struct cpu *c);

uint64_t arch_cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

static void clean_to_poc(const void *p, size_t n)
{
	for (uintptr_t a = (uintptr_t)p & ~63UL; a < (uintptr_t)p + n; a += 64)
		__asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
	dsb(ish);
}

int arch_cpu_start(struct cpu *c, uint64_t mpidr, void *stack_top)
{
	struct secondary_boot *b = &boot_args[c->id];
	b->sctlr = read_sysreg(sctlr_el1);
	b->tcr = read_sysreg(tcr_el1);
	b->mair = read_sysreg(mair_el1);
	b->ttbr1 = read_sysreg(ttbr1_el1);
	b->stack_top = (uint64_t)stack_top;
	b->cpu = (uint64_t)c;
	b->entry = (uint64_t)secondary_c_entry;
	clean_to_poc(b, sizeof(*b));
	return (int)arch_psci_call(PSCI_CPU_ON_64, mpidr, KPA(secondary_entry), KPA(b));
}

static noreturn void secondary_c_entry(struct cpu *c)
{
	arch_set_this_cpu(c);
	arch_set_current(c->running); /* its idle thread (sched_cpu_init) */
	/* Off the boot identity map: the empty user table in TTBR0, and the
	 * identity map's global entries out of this CPU's TLB. */
	arch_pt_activate(NULL);
	__asm__ volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
	if (ID_MMFR1_PAN(read_sysreg(id_aa64mmfr1_el1)) != 0)
		write_sysreg(S3_0_C4_C2_3, PSTATE_PAN); /* as protect.c does on the boot CPU */
	smp_secondary_main(c);
}
