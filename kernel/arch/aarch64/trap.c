/*
 * trap.c - what an exception means.
 *
 * From user mode: a system call, a page fault for the vmspace to resolve, or
 * a fault that kills the program. From the kernel: only a fault inside a
 * user-access routine is expected (resolve it or return -EFAULT through the
 * fixup table); anything else is a kernel bug and panics with the
 * exception class, ELR and FAR.
 */
#include <arch/trap.h>
#include <arch/cpu.h>
#include <arch/sysregs.h>
#include <irq.h>
#include <irq_object.h>
#include <console.h>
#include <process.h>
#include <sched.h>
#include <smp.h>
#include <syscall.h>
#include <bower/syscall_nr.h>
#include <vmspace.h>
#include <pager.h>
#include <signal.h>
#include <printk.h>
#include "../../plat/virt/plat.h"

extern volatile bool poweroff_in_progress;
extern const uint64_t __uaccess_fixup_start[], __uaccess_fixup_end[];
noreturn void arch_psci_off(void);

uint64_t uaccess_fixup_for(uint64_t pc)
{
	for (const uint64_t *e = __uaccess_fixup_start; e < __uaccess_fixup_end; e += 2)
		if (e[0] == pc)
			return e[1];
	return 0;
}

static unsigned abort_access(uint64_t esr)
{
	if (ESR_EC(esr) == EC_IABT_LOWER)
		return VM_EXEC;
	return (esr & ISS_WNR) ? VM_WRITE : VM_READ;
}

/* A page fault on a user address: resolved, or a reason it cannot be. One
 * from user mode may end where it waits for its pager
 * (pager_handle_fault parks it), with trap_user_fault_done. */
static enum fault_result user_page_fault(uint64_t esr, uint64_t far, bool from_user)
{
	unsigned fsc = FSC(esr);
	struct process *p = current_process();
	if (!p || !p->vs)
		return FAULT_NO_REGION;
	if (!FSC_IS_TRANSLATION(fsc) && !FSC_IS_PERMISSION(fsc) && !FSC_IS_ACCESS(fsc))
		return FAULT_PERMISSION;
	if (far >= BOWER_USER_TOP)
		return FAULT_NO_REGION;
	if (FSC_IS_ACCESS(fsc) && vmspace_access_fault(p->vs, far))
		return FAULT_RESOLVED; /* a prefetched page's first use */
	struct vmregion *region;
	enum fault_result r = vmspace_handle_fault(p->vs, far, abort_access(esr), &region);
	if (r == FAULT_PAGER) /* a file page: its pager provides it (this blocks) */
		r = pager_handle_fault(p->vs, region, far, abort_access(esr), from_user);
	return r;
}

/* A fault of the program: its handler for sig runs (signal_fault), or,
 * with none, the program is killed with what went wrong. */
static void user_fault(int sig, int code, const char *cause, uint64_t addr, uint64_t pc)
{
	if (!signal_fault(sig, code, addr))
		process_kill_current(sig, cause, addr, pc);
}

void trap_user_fault_done(enum fault_result r, uint64_t far, unsigned access)
{
	if (r == FAULT_RESOLVED || r == FAULT_INTERRUPTED)
		return; /* retry the access, or (killed) exit on the way out */
	const char *what = access == VM_EXEC ? "execute" : access == VM_WRITE ? "write" : "read";
	char cause[96];
	snprintf(cause, sizeof(cause), "%s on %s", fault_result_str(r), what);
	bool bus = r == FAULT_BEYOND_EOF || r == FAULT_NO_PAGER || r == FAULT_IO_ERROR;
	int code = bus ? BOWER_BUS_ADRERR : r == FAULT_PERMISSION ? BOWER_SEGV_ACCERR : BOWER_SEGV_MAPERR;
	user_fault(bus ? BOWER_SIGBUS : BOWER_SIGSEGV, code, cause, far,
		   thread_user_frame(current)->elr);
}

static void user_abort(struct trap_frame *f, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el1);
	if (FSC(esr) == FSC_ALIGNMENT)
		user_fault(BOWER_SIGBUS, BOWER_BUS_ADRALN, "misaligned access", far, f->elr);
	else
		trap_user_fault_done(user_page_fault(esr, far, true), far, abort_access(esr));
}

/* Before the kernel lock (vectors.S), two things that touch only this CPU
 * and the running thread. A first FP/SIMD instruction: the registers
 * change hands (fpu.c: the state is this CPU's, and the only other context
 * it writes to, an owner whose values are not yet saved, can only be a
 * thread that last ran here and is not running). Two programs passing the
 * CPU back and forth that both use SIMD (a program and the file server:
 * string functions, struct copies) take one of these per switch, so it is
 * worth not waiting for the lock. */
void trap_user_fp(void)
{
	arch_fp_trap(&current->ctx); /* and the instruction runs again */
}

/* A yield while no thread waits on any queue is a no-op. Threads yielding
 * in a loop on several CPUs would otherwise take turns at the lock for
 * nothing. The queues are peeked at without the lock; a thread queued
 * meanwhile is found by the next yield, and its CPU was told anyway
 * (smp.c). */
bool trap_user_yield(struct trap_frame *f)
{
	if (this_cpu()->need_resched || current->killed || current->sig_due ||
	    !sched_nothing_waiting_hint())
		return false;
	f->x[0] = 0;
	return true;
}

/* A system call: vectors.S has told the class. A call that parks its
 * thread (sched_park) ends elsewhere, with the same check on the way out. */
void trap_user_svc(struct trap_frame *f)
{
	syscall_dispatch(f);
	sched_preempt_point();
}

/* Every other exception from user mode. */
void trap_user_sync(struct trap_frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);
	switch (ESR_EC(esr)) {
	case EC_DABT_LOWER:
	case EC_IABT_LOWER:
		user_abort(f, esr);
		break;
	case EC_PC_ALIGN:
		user_fault(BOWER_SIGBUS, BOWER_BUS_ADRALN, "misaligned pc", f->elr, f->elr);
		break;
	case EC_SP_ALIGN:
		user_fault(BOWER_SIGBUS, BOWER_BUS_ADRALN, "misaligned stack pointer", f->sp_el0,
			   f->elr);
		break;
	case EC_UNKNOWN:
		user_fault(BOWER_SIGILL, BOWER_ILL_ILLOPC, "illegal instruction", f->elr, f->elr);
		break;
	case EC_BRK64:
		user_fault(BOWER_SIGTRAP, BOWER_TRAP_BRKPT, "breakpoint instruction", f->elr, f->elr);
		break;
	default: {
		char cause[48];
		snprintf(cause, sizeof(cause), "unexpected exception (class 0x%x)",
			 (unsigned)ESR_EC(esr));
		user_fault(BOWER_SIGILL, BOWER_ILL_ILLOPC, cause, f->elr, f->elr);
	}
	}
	sched_preempt_point();
}

static noreturn void kernel_exception_panic(struct trap_frame *f, uint64_t esr, const char *what)
{
	panic("%s: exception class 0x%x (ESR 0x%lx), ELR 0x%lx, FAR 0x%lx", what,
	      (unsigned)ESR_EC(esr), (unsigned long)esr, (unsigned long)f->elr,
	      (unsigned long)read_sysreg(far_el1));
}

void trap_kernel_sync(struct trap_frame *f)
{
	uint64_t esr = read_sysreg(esr_el1);
	if (poweroff_in_progress)
		arch_psci_off(); /* the semihosting HLT is not enabled */
	if ((ESR_EC(esr) == EC_DABT_CUR || ESR_EC(esr) == EC_IABT_CUR) && probe_fault(f, esr))
		return; /* the boot protection check tried something forbidden */
	if (ESR_EC(esr) == EC_DABT_CUR) {
		uint64_t fixup = uaccess_fixup_for(f->elr);
		if (fixup) {
			if (user_page_fault(esr, read_sysreg(far_el1), false) != FAULT_RESOLVED)
				f->elr = fixup;
			return;
		}
	}
	kernel_exception_panic(f, esr, "unexpected kernel exception");
}

void trap_irq(struct trap_frame *f, bool from_user)
{
	(void)f;
	int token;
	while ((token = irq_acknowledge()) >= 0) {
		if ((token & 0x3ff) == IRQ_SGI_RESCHEDULE)
			smp_reschedule_ipi();
		else if ((token & 0x3ff) == IRQ_SGI_WAKE)
			; /* its work was to end a WFI waiting for the kernel lock */
		else if ((token & 0x3ff) == PLAT_IRQ_VTIMER)
			timer_handle();
		else if ((token & 0x3ff) == PLAT_IRQ_UART)
			console_irq();
		else /* a device's: its driver's to handle (object/irq.c) */
			irq_object_fire(token & 0x3ff);
		irq_end(token);
	}
	if (from_user)
		sched_preempt_point();
}

void trap_bad(struct trap_frame *f, unsigned kind)
{
	kernel_exception_panic(f, read_sysreg(esr_el1),
			       kind == 12 ? "AArch32 exception" : "unexpected exception vector");
}
