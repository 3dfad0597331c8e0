/*
 * signal_frame.c - entering a signal handler and coming back, on AArch64.
 *
 * The interrupted state (every register, the stack pointer, pc, the
 * condition flags, the FP/SIMD registers) is written as one frame to the
 * user stack, or to the top of the alternate stack for an SA_ONSTACK
 * handler not already running on it, and the thread goes on at the handler
 * with x0 = the signal, x1 = its bower_siginfo, x2 = its bower_ucontext,
 * x30 = the action's restorer (the C library's, which calls sig_return).
 * sig_return reads the frame back from the stack pointer it is given, so
 * a handler may change the state it returns to (uc_mcontext), but not
 * its privilege: of the saved PSTATE only the condition flags come back,
 * and the thread returns to EL0 whatever the frame says.
 */
#include <signal.h>
#include <sched.h>
#include <syscall.h>
#include <arch/cpu.h>
#include <arch/trap.h>

struct signal_frame {
	struct bower_siginfo info;
	struct bower_ucontext uc;
};

#define PSTATE_NZCV 0xf0000000UL
/* The FPCR and FPSR bits that mean something; the rest read as zero. */
#define FPCR_BITS 0x07ff9f00UL
#define FPSR_BITS 0xf800009fUL

bool arch_signal_enter(struct trap_frame *f, const struct bower_sigaction *act,
		       const struct bower_siginfo *info, uint64_t mask)
{
	struct thread *t = current;
	const struct bower_sigstack *alt = &t->sig->alt;
	uint64_t sp = f->sp_el0;
	bool on_alt = alt->size && sp - alt->sp < alt->size;
	if ((act->flags & BOWER_SA_ONSTACK) && alt->size && !on_alt)
		sp = alt->sp + alt->size;
	sp = ALIGN_DOWN(sp - sizeof(struct signal_frame), 16);

	struct signal_frame fr = {.info = *info};
	fr.uc.stack = *alt;
	fr.uc.stack.flags = !alt->size ? BOWER_SS_DISABLE : on_alt ? BOWER_SS_ONSTACK : 0;
	fr.uc.sigmask = mask;
	struct bower_mcontext *m = &fr.uc.mcontext;
	m->fault_address = info->addr;
	for (int i = 0; i < 31; i++)
		m->regs[i] = f->x[i];
	m->sp = f->sp_el0;
	m->pc = f->elr;
	m->pstate = f->spsr;
	arch_fp_flush(&t->ctx);
	for (int i = 0; i < 32; i++)
		m->vregs[i] = t->ctx.q[i];
	m->fpsr = t->ctx.fpsr;
	m->fpcr = t->ctx.fpcr;
	if (copy_to_user((void *)sp, &fr, sizeof(fr)))
		return false;

	f->x[0] = (uint64_t)info->signo;
	f->x[1] = sp + __builtin_offsetof(struct signal_frame, info);
	f->x[2] = sp + __builtin_offsetof(struct signal_frame, uc);
	f->x[30] = act->restorer;
	f->sp_el0 = sp;
	f->elr = act->handler;
	return true;
}

long arch_signal_return(struct trap_frame *f, uint64_t *mask)
{
	struct thread *t = current;
	struct bower_ucontext uc;
	if (copy_from_user(&uc, (const void *)(f->sp_el0 + __builtin_offsetof(struct signal_frame, uc)),
			   sizeof(uc)))
		return -BOWER_EFAULT;
	const struct bower_mcontext *m = &uc.mcontext;
	for (int i = 0; i < 31; i++)
		f->x[i] = m->regs[i];
	f->sp_el0 = m->sp;
	f->elr = m->pc;
	f->spsr = m->pstate & PSTATE_NZCV; /* EL0t, nothing masked */
	for (int i = 0; i < 32; i++)
		t->ctx.q[i] = m->vregs[i];
	t->ctx.fpsr = m->fpsr & FPSR_BITS;
	t->ctx.fpcr = m->fpcr & FPCR_BITS;
	arch_fp_replaced(&t->ctx);
	*mask = uc.sigmask;
	return 0;
}
