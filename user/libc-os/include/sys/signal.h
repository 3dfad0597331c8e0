/*
 * sys/signal.h - POSIX signals on Bower, in place of picolibc's (which
 * has numbers of its own and no sa_sigaction): Linux's numbers and
 * layouts, the kernel's structures (bower/abi.h) under POSIX's names.
 * What is provided, and what is not, is in docs/signals.md.
 */
#ifndef _SYS_SIGNAL_H
#define _SYS_SIGNAL_H

#include <sys/cdefs.h>
#include <sys/features.h>
#include <sys/types.h>
#include <sys/_sigset.h>
#include <sys/_timespec.h>
#include <stddef.h>
#include <bower/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef _SIGSET_T_DECLARED
#define _SIGSET_T_DECLARED
typedef __sigset_t sigset_t; /* bit sig - 1 for signal sig, as the kernel's */
#endif

#define SIGHUP	  1
#define SIGINT	  2
#define SIGQUIT	  3
#define SIGILL	  4
#define SIGTRAP	  5
#define SIGABRT	  6
#define SIGIOT	  6
#define SIGBUS	  7
#define SIGFPE	  8
#define SIGKILL	  9
#define SIGUSR1	  10
#define SIGSEGV	  11
#define SIGUSR2	  12
#define SIGPIPE	  13
#define SIGALRM	  14
#define SIGTERM	  15
#define SIGSTKFLT 16
#define SIGCHLD	  17
#define SIGCONT	  18
#define SIGSTOP	  19
#define SIGTSTP	  20
#define SIGTTIN	  21
#define SIGTTOU	  22
#define SIGURG	  23
#define SIGXCPU	  24
#define SIGXFSZ	  25
#define SIGVTALRM 26
#define SIGPROF	  27
#define SIGWINCH  28
#define SIGIO	  29
#define SIGPOLL	  29
#define SIGPWR	  30
#define SIGSYS	  31
/* Realtime signals, which queue (sigqueue). The first of the kernel's is
 * the C library's own, for cancellation (pthread_cancel.c), as on Linux. */
#define SIGRTMIN  (BOWER_SIGRTMIN + 1)
#define SIGRTMAX  (BOWER_NSIG - 1)
#define NSIG	  BOWER_NSIG
#define _NSIG	  BOWER_NSIG

#define SIG_BLOCK   BOWER_SIG_BLOCK
#define SIG_UNBLOCK BOWER_SIG_UNBLOCK
#define SIG_SETMASK BOWER_SIG_SETMASK

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO   ((int)BOWER_SA_SIGINFO)
#define SA_ONSTACK   ((int)BOWER_SA_ONSTACK)
#define SA_RESTART   ((int)BOWER_SA_RESTART)
#define SA_NODEFER   ((int)BOWER_SA_NODEFER)
#define SA_RESETHAND ((int)BOWER_SA_RESETHAND)

#define SS_ONSTACK  BOWER_SS_ONSTACK
#define SS_DISABLE  BOWER_SS_DISABLE
#define MINSIGSTKSZ BOWER_MINSIGSTKSZ
#define SIGSTKSZ    8192

/* si_code */
#define SI_USER	   BOWER_SI_USER
#define SI_QUEUE   (-1)
#define SI_TIMER   (-2)
#define SI_MESGQ   (-3)
#define SI_ASYNCIO (-4)
#define SI_TKILL   BOWER_SI_TKILL
#define ILL_ILLOPC BOWER_ILL_ILLOPC
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8
#define SEGV_MAPERR BOWER_SEGV_MAPERR
#define SEGV_ACCERR BOWER_SEGV_ACCERR
#define BUS_ADRALN  BOWER_BUS_ADRALN
#define BUS_ADRERR  BOWER_BUS_ADRERR
#define BUS_OBJERR  3
#define TRAP_BRKPT  BOWER_TRAP_BRKPT
#define TRAP_TRACE  2
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_TRAPPED   4
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

union sigval {
	int sival_int;
	void *sival_ptr;
};

#define SIGEV_SIGNAL 0
#define SIGEV_NONE   1
#define SIGEV_THREAD 2

struct sigevent {
	int sigev_notify;
	int sigev_signo;
	union sigval sigev_value;
	void (*sigev_notify_function)(union sigval);
	void *sigev_notify_attributes;
};

/* struct bower_siginfo, field for field. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	pid_t si_pid;
	void *si_addr;
	int si_status;
	uid_t si_uid;
	union sigval si_value;
} siginfo_t;

typedef void (*_sig_func_ptr)(int);

struct sigaction {
	union {
		void (*__handler)(int);
		void (*__sigaction)(int, siginfo_t *, void *);
	} __sa;
	sigset_t sa_mask;
	int sa_flags;
};
#define sa_handler   __sa.__handler
#define sa_sigaction __sa.__sigaction

/* struct bower_sigstack. */
typedef struct sigaltstack {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;

/* The state a handler interrupted (its third argument): struct
 * bower_ucontext, with the registers under Linux's names. */
typedef struct bower_mcontext mcontext_t;
typedef struct ucontext {
	unsigned long uc_flags;
	struct ucontext *uc_link;
	stack_t uc_stack;
	sigset_t uc_sigmask;
	unsigned long __pad;
	mcontext_t uc_mcontext;
} ucontext_t;

int sigaction(int, const struct sigaction *__restrict, struct sigaction *__restrict);
int sigprocmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int pthread_sigmask(int, const sigset_t *__restrict, sigset_t *__restrict);
int kill(pid_t, int);
int killpg(pid_t, int);
int sigaddset(sigset_t *, int);
int sigdelset(sigset_t *, int);
int sigismember(const sigset_t *, int);
int sigfillset(sigset_t *);
int sigemptyset(sigset_t *);
int sigpending(sigset_t *);
int sigsuspend(const sigset_t *);
int sigaltstack(const stack_t *__restrict, stack_t *__restrict);
int siginterrupt(int, int);
int sigqueue(pid_t, int, const union sigval);
int sigwait(const sigset_t *__restrict, int *__restrict);
int sigwaitinfo(const sigset_t *__restrict, siginfo_t *__restrict);
int sigtimedwait(const sigset_t *__restrict, siginfo_t *__restrict, const struct timespec *__restrict);
int sighold(int);
int sigrelse(int);
int sigignore(int);
int sigpause(int);
_sig_func_ptr sigset(int, _sig_func_ptr);

#ifdef __cplusplus
}
#endif

#endif
