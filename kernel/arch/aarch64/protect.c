/*
 * protect.c - the MMU's protections of the kernel, turned on and proved.
 *
 * Three protections keep a kernel bug from turning into a kernel exploit:
 *   W^X  no kernel page is both writable and executable, and only the
 *        kernel's text is executable (kmap.c);
 *   PXN  no user page is executable at EL1 (pagetable.c), so a jump into
 *        user memory cannot run code a program wrote;
 *   PAN  no user page is readable or writable by an ordinary EL1 load or
 *        store (here), so user memory is reached only through the copy
 *        routines (uaccess.S), whose LDTR/STTR are unprivileged accesses
 *        that PAN does not stop.
 * Each is a bit in a descriptor or a register that one mistake drops
 * without any visible effect, so boot proves them rather than trusting
 * the code that set them, in two ways, and panics if either finds one
 * missing:
 *   - the tables: every entry reachable from TTBR1 is read back and
 *     checked (no EL0 access, UXN, never writable and executable,
 *     executable only inside the text, read-only over text, rodata and
 *     the ramdisk);
 *   - the hardware: the kernel tries what is forbidden, with probes that
 *     survive the fault (probe.S): write its text, rodata and ramdisk;
 *     execute a data page and a page of the direct map; execute a user
 *     page; read a user page with an ordinary load (PAN). A protection
 *     the MMU does not enforce makes a probe succeed. It also does what
 *     must keep working: copies to and from user pages under PAN, and
 *     checks that taking an exception turns PAN on (SCTLR_EL1.SPAN = 0).
 * The boot line naming the protections is printed only after all that.
 * Turning PAN on is here too, behind the CPU feature check: QEMU's
 * cortex-a72 has no PAN, its cortex-a76 and max have it.
 */
#include <arch/kmap.h>
#include <arch/cpu.h>
#include <arch/sysregs.h>
#include <arch/trap.h>
#include <arch/pagetable.h>
#include <vmspace.h>
#include <pmm.h>
#include <mmio.h>
#include <printk.h>

#define ENTRIES	     512
#define PTE_ADDR     0x0000fffffffff000UL
#define INSN_RET     0xd65f03c0u
#define MAGIC	     0x7061676573616665UL
#define PROBE_CODE   0x10000UL /* user addresses for the probes' own table */
#define PROBE_DATA   0x11000UL
#define pan_read()   read_sysreg(S3_0_C4_C2_3)
#define pan_write(v) write_sysreg(S3_0_C4_C2_3, v)

extern char _kernel_start[], __text_end[], __rodata_end[];
extern const char ramdisk_start[];
extern uint64_t probe_fixup;
long probe_read(const void *p);
long probe_write(void *p, uint8_t byte);
long probe_exec(const void *p);

static uint64_t probe_esr, probe_pan_in_handler;
static uint32_t ret_in_data[1] = {INSN_RET};
static const char in_rodata[8] = "rodata";

static bool pan_supported(void)
{
	return ID_MMFR1_PAN(read_sysreg(id_aa64mmfr1_el1)) != 0;
}

bool probe_fault(struct trap_frame *f, uint64_t esr)
{
	if (!probe_fixup)
		return false;
	probe_esr = esr;
	probe_pan_in_handler = pan_supported() ? pan_read() & PSTATE_PAN : 0;
	f->elr = probe_fixup;
	probe_fixup = 0;
	return true;
}

static void pan_init(void)
{
	/* SPAN = 0: every exception taken to EL1 sets PSTATE.PAN, so entering
	 * the kernel from a program turns it on by itself. */
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_SPAN);
	isb();
	pan_write(PSTATE_PAN);
	isb();
}

/* --- the tables ---------------------------------------------------------- */

/* What is wrong with the kernel entry e for [va, va + size), or NULL. */
static const char *leaf_fault(uintptr_t va, size_t size, uint64_t e)
{
	uintptr_t text = (uintptr_t)_kernel_start, text_end = (uintptr_t)__text_end;
	uintptr_t ro_end = (uintptr_t)__rodata_end;
	bool ro = e & PTE_RDONLY, pxn = e & PTE_PXN;
	if (e & PTE_USER)
		return "accessible from EL0";
	if (!(e & PTE_UXN))
		return "executable at EL0";
	if (!ro && !pxn)
		return "writable and executable";
	if (!pxn && (va < text || va + size > text_end))
		return "executable outside the text";
	if (!ro && va < ro_end && va + size > text)
		return "text or rodata writable";
	return NULL;
}

static void check_table(paddr_t table, int level, uintptr_t base)
{
	const uint64_t *t = KVA(table);
	size_t span = 1UL << (39 - 9 * level);
	for (unsigned i = 0; i < ENTRIES; i++) {
		uint64_t e = t[i];
		uintptr_t va = base + i * span;
		if (!(e & PTE_VALID))
			continue;
		if (level == 3 || (e & PTE_TABLE) != PTE_TABLE) {
			const char *bad = leaf_fault(va, span, e);
			if (bad)
				panic("kernel map: %s at 0x%lx (entry 0x%lx)", bad,
				      (unsigned long)va, (unsigned long)e);
			continue;
		}
		if ((e & (PTE_UXNTABLE | PTE_APTABLE_NOEL0)) != (PTE_UXNTABLE | PTE_APTABLE_NOEL0))
			panic("kernel map: table at 0x%lx allows EL0", (unsigned long)va);
		check_table(e & PTE_ADDR, level + 1, va);
	}
}

/* --- the hardware ---------------------------------------------------------- */

static void must_fault(long r, unsigned ec, const char *what)
{
	if (r == 0)
		panic("protection missing: %s did not fault", what);
	if (ESR_EC(probe_esr) != ec || !FSC_IS_PERMISSION(FSC(probe_esr)))
		panic("%s: not a permission fault (ESR 0x%lx)", what, (unsigned long)probe_esr);
}

static void put_ret(void *p)
{
	*(volatile uint32_t *)p = INSN_RET;
	__asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb" ::"r"(p)
			 : "memory");
}

static void probe_kernel(void)
{
	must_fault(probe_write(_kernel_start, _kernel_start[0]), EC_DABT_CUR,
		   "writing kernel text");
	must_fault(probe_write((void *)in_rodata, in_rodata[0]), EC_DABT_CUR,
		   "writing kernel rodata");
	must_fault(probe_write((void *)ramdisk_start, ramdisk_start[0]), EC_DABT_CUR,
		   "writing the ramdisk");
	put_ret(ret_in_data);
	must_fault(probe_exec(ret_in_data), EC_IABT_CUR, "executing kernel data");
	paddr_t page = page_alloc(0);
	if (!page)
		panic("no page for the protection check");
	put_ret(KVA(page));
	must_fault(probe_exec(KVA(page)), EC_IABT_CUR, "executing the direct map");
	page_free(page, 0);
}

/* A throwaway address space with a user code page (a RET and MAGIC) and a
 * user data page. Read-only code: a page writable at EL0 is never
 * executable at EL1 anyway, so only a read-only one tests PXN. */
static void probe_user(bool pan)
{
	struct arch_pagetable pt;
	paddr_t code = page_alloc(0), data = page_alloc(0);
	if (!code || !data || arch_pt_init(&pt) < 0)
		panic("no memory for the protection check");
	put_ret(KVA(code));
	((uint64_t *)KVA(code))[1] = MAGIC;
	if (arch_pt_map(&pt, PROBE_CODE, code, VM_READ | VM_EXEC) < 0 ||
	    arch_pt_map(&pt, PROBE_DATA, data, VM_READ | VM_WRITE) < 0)
		panic("no memory for the protection check");
	arch_pt_activate(&pt);

	must_fault(probe_exec((void *)PROBE_CODE), EC_IABT_CUR, "executing a user page at EL1");
	if (pan) {
		must_fault(probe_read((void *)PROBE_CODE), EC_DABT_CUR,
			   "reading a user page (PAN)");
		must_fault(probe_write((void *)PROBE_DATA, 0), EC_DABT_CUR,
			   "writing a user page (PAN)");
	}
	uint64_t word = 0, magic = MAGIC;
	if (arch_copy_from_user(&word, (void *)(PROBE_CODE + 8), 8) < 0 || word != MAGIC)
		panic("copy from a user page failed (PAN %s)", pan ? "on" : "off");
	if (arch_copy_to_user((void *)PROBE_DATA, &magic, 8) < 0 || *(uint64_t *)KVA(data) != MAGIC)
		panic("copy to a user page failed (PAN %s)", pan ? "on" : "off");

	arch_pt_activate(NULL);
	arch_pt_unmap(&pt, PROBE_CODE);
	arch_pt_unmap(&pt, PROBE_DATA);
	arch_pt_destroy(&pt);
	page_free(code, 0);
	page_free(data, 0);
}

/* With PAN off, a fault taken at EL1 must turn it on (SPAN = 0), and the
 * return must restore it off. */
static void probe_pan_on_exception(void)
{
	pan_write(0);
	isb();
	long r = probe_write(_kernel_start, _kernel_start[0]);
	bool restored_off = !(pan_read() & PSTATE_PAN);
	pan_write(PSTATE_PAN);
	isb();
	if (r == 0 || !probe_pan_in_handler)
		panic("protection missing: an exception does not set PAN");
	if (!restored_off)
		panic("PAN not restored by the exception return");
}

void arch_protect_init(void)
{
	bool pan = pan_supported();
	if (pan)
		pan_init();
	check_table(read_sysreg(ttbr1_el1) & PTE_ADDR, 0, KERNEL_BASE);
	probe_kernel();
	probe_user(pan);
	if (pan) {
		probe_pan_on_exception();
		if (!(pan_read() & PSTATE_PAN))
			panic("protection missing: PAN is off");
	}
	printk("bower: W^X kernel, PXN, %s\n", pan ? "PAN on" : "PAN not available");
}
