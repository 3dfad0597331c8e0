/*
 * signal.c - POSIX's signal functions over the kernel's signal calls
 * (docs/signals.md): sigaction and the masks, raise, abort, the sigset
 * functions, the alternate stack, and the names of signals.
 *
 * Linked ahead of picolibc (user/build.mk), whose signal, raise, abort
 * and strsignal would otherwise be found first. A handler returns to
 * __bower_sigreturn, which makes the sig_return call: the kernel puts
 * back what the handler's frame holds.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "ticks.h"
#include "thread.h"

_Static_assert(sizeof(siginfo_t) == sizeof(struct bower_siginfo), "siginfo_t layout");
_Static_assert(__builtin_offsetof(siginfo_t, si_addr) == __builtin_offsetof(struct bower_siginfo, addr),
	       "siginfo_t layout");
_Static_assert(__builtin_offsetof(siginfo_t, si_value) ==
		   __builtin_offsetof(struct bower_siginfo, value),
	       "siginfo_t layout");
_Static_assert(sizeof(stack_t) == sizeof(struct bower_sigstack), "stack_t layout");
_Static_assert(sizeof(ucontext_t) == sizeof(struct bower_ucontext), "ucontext_t layout");
_Static_assert(__builtin_offsetof(ucontext_t, uc_mcontext) ==
		   __builtin_offsetof(struct bower_ucontext, mcontext),
	       "ucontext_t layout");

#define STR_(x) #x
#define STR(x)	STR_(x)

void __bower_sigreturn(void);
__asm__(".text\n"
	".global __bower_sigreturn\n"
	".type __bower_sigreturn, %function\n"
	"__bower_sigreturn:\n"
	"\tmov x8, #" STR(SYS_sig_return) "\n"
	"\tsvc #0\n"
	"\tbrk #0\n"
	".size __bower_sigreturn, . - __bower_sigreturn\n");

static int fail(long err)
{
	if (err >= 0)
		return 0;
	errno = (int)-err;
	return -1;
}

static int valid(int sig)
{
	return sig >= 1 && sig < NSIG;
}

/* A mask a program gives: never the signal that carries cancellation
 * (pthread_cancel.c), which is the library's. */
static unsigned long program_mask(sigset_t set)
{
	return (unsigned long)set & ~(1UL << (LIBOS_SIGCANCEL - 1));
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old)
{
	struct bower_sigaction k, was;
	if (sig == LIBOS_SIGCANCEL)
		return fail(-EINVAL);
	if (act)
		k = (struct bower_sigaction){.handler = (unsigned long)act->sa_handler,
					     .mask = program_mask(act->sa_mask),
					     .flags = (unsigned)act->sa_flags,
					     .restorer = (unsigned long)__bower_sigreturn};
	long err = bower_sig_action(sig, act ? &k : NULL, old ? &was : NULL);
	if (err < 0)
		return fail(err);
	if (old) {
		memset(old, 0, sizeof(*old));
		old->sa_handler = (_sig_func_ptr)was.handler;
		old->sa_mask = was.mask;
		old->sa_flags = (int)was.flags;
	}
	return 0;
}

/* As BSD's and glibc's: the handler stays, and waits a signal ends start
 * again. */
_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	struct sigaction act = {.sa_handler = handler, .sa_flags = SA_RESTART}, old;
	if (sigaction(sig, &act, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int raise(int sig)
{
	/* The handler has run by the time the call returns. */
	return fail(bower_sig_raise(BOWER_NO_CAP, sig));
}

/* Ends the program with SIGABRT, even if a handler for it returns. */
void abort(void)
{
	sigset_t abrt = 1UL << (SIGABRT - 1);
	bower_sig_mask(SIG_UNBLOCK, abrt);
	raise(SIGABRT);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	_exit(127); /* not reached */
}

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	/* With no set, how is not looked at: only the mask is read. */
	long was = set ? bower_sig_mask(how, program_mask(*set)) : bower_sig_mask(SIG_BLOCK, 0);
	if (was < 0)
		return (int)-was;
	if (old)
		*old = (sigset_t)was;
	return 0;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	int err = pthread_sigmask(how, set, old);
	return err ? fail(-err) : 0;
}

int sigpending(sigset_t *set)
{
	*set = (sigset_t)bower_sig_pending();
	return 0;
}

/* The waits for signals are cancellation points (pthread_cancel.c). */
static long suspend(unsigned long mask)
{
	libos_cancel_point_begin();
	long r = bower_sig_suspend(program_mask(mask));
	libos_cancel_point_end();
	return r;
}

static long wait_for(unsigned long set, struct bower_siginfo *info, unsigned long deadline)
{
	libos_cancel_point_begin();
	long r = bower_sig_wait(set, info, deadline);
	libos_cancel_point_end();
	return r;
}

int sigsuspend(const sigset_t *mask)
{
	return fail(suspend(*mask));
}

int pause(void)
{
	return fail(suspend((unsigned long)bower_sig_mask(SIG_BLOCK, 0)));
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
	return fail(bower_sig_altstack((const struct bower_sigstack *)ss, (struct bower_sigstack *)old));
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~0UL >> 1; /* signals 1 to 63 */
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return fail(-EINVAL);
	*set |= 1UL << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (!valid(sig))
		return fail(-EINVAL);
	*set &= ~(1UL << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (!valid(sig))
		return fail(-EINVAL);
	return (*set >> (sig - 1)) & 1;
}

int siginterrupt(int sig, int flag)
{
	struct sigaction act;
	if (sigaction(sig, NULL, &act) < 0)
		return -1;
	if (flag)
		act.sa_flags &= ~SA_RESTART;
	else
		act.sa_flags |= SA_RESTART;
	return sigaction(sig, &act, NULL);
}

/* The older System V calls, on the same masks. */
static int one_signal(int how, int sig)
{
	sigset_t set = 0;
	if (sigaddset(&set, sig) < 0)
		return -1;
	return sigprocmask(how, &set, NULL);
}

int sighold(int sig)
{
	return one_signal(SIG_BLOCK, sig);
}

int sigrelse(int sig)
{
	return one_signal(SIG_UNBLOCK, sig);
}

int sigignore(int sig)
{
	struct sigaction act = {.sa_handler = SIG_IGN};
	return sigaction(sig, &act, NULL);
}

int sigpause(int sig)
{
	sigset_t mask = 0;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	if (sigdelset(&mask, sig) < 0)
		return -1;
	return sigsuspend(&mask);
}

_sig_func_ptr sigset(int sig, _sig_func_ptr handler)
{
	sigset_t set = 0, old = 0;
	if (sigaddset(&set, sig) < 0)
		return SIG_ERR;
	struct sigaction was;
	if (handler == SIG_HOLD) {
		if (sigaction(sig, NULL, &was) < 0 || sigprocmask(SIG_BLOCK, &set, &old) < 0)
			return SIG_ERR;
		return sigismember(&old, sig) ? SIG_HOLD : was.sa_handler;
	}
	struct sigaction act = {.sa_handler = handler};
	if (sigaction(sig, &act, &was) < 0 || sigprocmask(SIG_UNBLOCK, &set, &old) < 0)
		return SIG_ERR;
	return sigismember(&old, sig) ? SIG_HOLD : was.sa_handler;
}

static const char *const names[NSIG] = {
    [SIGHUP] = "Hangup",
    [SIGINT] = "Interrupt",
    [SIGQUIT] = "Quit",
    [SIGILL] = "Illegal instruction",
    [SIGTRAP] = "Trace/breakpoint trap",
    [SIGABRT] = "Aborted",
    [SIGBUS] = "Bus error",
    [SIGFPE] = "Floating point exception",
    [SIGKILL] = "Killed",
    [SIGUSR1] = "User defined signal 1",
    [SIGSEGV] = "Segmentation fault",
    [SIGUSR2] = "User defined signal 2",
    [SIGPIPE] = "Broken pipe",
    [SIGALRM] = "Alarm clock",
    [SIGTERM] = "Terminated",
    [SIGSTKFLT] = "Stack fault",
    [SIGCHLD] = "Child exited",
    [SIGCONT] = "Continued",
    [SIGSTOP] = "Stopped (signal)",
    [SIGTSTP] = "Stopped",
    [SIGTTIN] = "Stopped (tty input)",
    [SIGTTOU] = "Stopped (tty output)",
    [SIGURG] = "Urgent I/O condition",
    [SIGXCPU] = "CPU time limit exceeded",
    [SIGXFSZ] = "File size limit exceeded",
    [SIGVTALRM] = "Virtual timer expired",
    [SIGPROF] = "Profiling timer expired",
    [SIGWINCH] = "Window changed",
    [SIGIO] = "I/O possible",
    [SIGPWR] = "Power failure",
    [SIGSYS] = "Bad system call",
};

char *strsignal(int sig)
{
	static char unknown[32];
	if (sig >= 0 && sig < NSIG && names[sig])
		return (char *)names[sig];
	snprintf(unknown, sizeof(unknown), "Unknown signal %d", sig);
	return unknown;
}

void psignal(int sig, const char *s)
{
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strsignal(sig));
	else
		fprintf(stderr, "%s\n", strsignal(sig));
}

void psiginfo(const siginfo_t *info, const char *s)
{
	psignal(info->si_signo, s);
}

void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__saved)
		sigprocmask(SIG_SETMASK, &env->__mask, NULL);
	longjmp(env->__env, val);
}

int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
		 const struct timespec *restrict ts)
{
	if (ts && libos_bad_timespec(ts))
		return fail(-EINVAL);
	/* 0: no deadline; a deadline is never 0, the counter being past it */
	unsigned long deadline = ts ? libos_deadline_of(CLOCK_MONOTONIC, 0, ts) : 0;
	long sig = wait_for(*set, (struct bower_siginfo *)info, deadline);
	return sig < 0 ? fail(sig) : (int)sig;
}

int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info)
{
	return sigtimedwait(set, info, NULL);
}

int sigwait(const sigset_t *restrict set, int *restrict sig)
{
	long got;
	do /* POSIX's sigwait does not end for a handler's signal */
		got = wait_for(*set, NULL, 0);
	while (got == -EINTR);
	if (got < 0)
		return (int)-got;
	*sig = (int)got;
	return 0;
}
