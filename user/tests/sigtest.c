/*
 * sigtest.c - POSIX signals: handlers and their arguments, masks and
 * pending signals, SA_RESETHAND, SA_NODEFER, SA_RESTART, SA_ONSTACK, a
 * fault's handler (si_addr, return, siglongjmp), signals between threads
 * and to a child, realtime signals queued, sigsuspend, sigwait, a sleep a
 * signal ends, SIGCHLD,
 * timers (setitimer, alarm, timer_create with overruns), abort. Builds for
 * Bower and for Linux; on Bower also the hostile cases: bad arguments,
 * a frame that cannot be written, a handler that asks to return to the
 * kernel.
 *
 *	sigtest              the checks
 *	sigtest child MODE   (spawned) what the parent signals or watches
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

#define PAGE 4096

static volatile sig_atomic_t taken, taken_sig, nested_blocked, depth;
static volatile int info_code, info_pid;
static void *volatile info_addr;
static void *volatile handler_stack;
static volatile int alt_flags;

static void count(int sig)
{
	taken++;
	taken_sig = sig;
}

static void with_info(int sig, siginfo_t *info, void *context)
{
	(void)context;
	taken++;
	taken_sig = info->si_signo == sig ? sig : -1;
	info_code = info->si_code;
	info_pid = info->si_pid;
}

/* Is the signal blocked while its own handler runs? */
static void look_at_mask(int sig)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	nested_blocked = sigismember(&now, sig);
	taken++;
}

static void on_alt_stack(int sig)
{
	int local;
	stack_t ss;
	(void)sig;
	handler_stack = &local;
	sigaltstack(NULL, &ss);
	alt_flags = ss.ss_flags;
	taken++;
}

static int install(int sig, void (*fn)(int), int flags)
{
	struct sigaction act = {.sa_handler = fn, .sa_flags = flags};
	sigemptyset(&act.sa_mask);
	return sigaction(sig, &act, NULL);
}

static void handlers(void)
{
	taken = 0;
	expect("a handler is installed", install(SIGUSR1, count, 0), 0);
	expect("raise", raise(SIGUSR1), 0);
	expect("its handler ran before raise returned", taken, 1);
	expect("with the signal's number", taken_sig, SIGUSR1);

	struct sigaction act = {.sa_sigaction = with_info, .sa_flags = SA_SIGINFO};
	sigemptyset(&act.sa_mask);
	expect("an SA_SIGINFO handler", sigaction(SIGUSR2, &act, NULL), 0);
	raise(SIGUSR2);
	expect("it gets its siginfo", taken_sig, SIGUSR2);
	expect("sent by raise: SI_TKILL", info_code, SI_TKILL);
	expect("from this process", info_pid, getpid());
	taken = 0;
	expect("kill of ourselves", kill(getpid(), SIGUSR2), 0);
	expect("is taken at once", taken, 1);
	expect("as SI_USER", info_code, SI_USER);

	struct sigaction old;
	expect("the action can be read back", sigaction(SIGUSR2, NULL, &old), 0);
	expect("with SA_SIGINFO", (old.sa_flags & SA_SIGINFO) != 0, 1);
	expect("and its function", old.sa_sigaction == with_info, 1);

	install(SIGUSR1, look_at_mask, 0);
	raise(SIGUSR1);
	expect("a signal is blocked in its own handler", nested_blocked, 1);
	install(SIGUSR1, look_at_mask, SA_NODEFER);
	raise(SIGUSR1);
	expect("not with SA_NODEFER", nested_blocked, 0);

	taken = 0;
	install(SIGUSR1, count, SA_RESETHAND);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &old);
	expect("SA_RESETHAND: taken once", taken, 1);
	expect("then the default again", old.sa_handler == SIG_DFL, 1);

	install(SIGUSR1, SIG_IGN, 0);
	expect("an ignored signal does nothing", raise(SIGUSR1), 0);
	expect_err("SIGKILL cannot be caught", install(SIGKILL, count, 0), EINVAL);
	expect_err("nor SIGSTOP", install(SIGSTOP, SIG_IGN, 0), EINVAL);
	expect_err("signal 0 is no signal", install(0, count, 0), EINVAL);
	expect_err("nor is NSIG", install(NSIG, count, 0), EINVAL);
	expect("signal() gives the handler before", signal(SIGUSR1, count) == SIG_IGN, 1);
}

static void masks(void)
{
	install(SIGUSR1, count, 0);
	sigset_t set, old, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	taken = 0;
	expect("block SIGUSR1", sigprocmask(SIG_BLOCK, &set, &old), 0);
	raise(SIGUSR1);
	expect("a blocked signal waits", taken, 0);
	sigpending(&pending);
	expect("and is pending", sigismember(&pending, SIGUSR1), 1);
	raise(SIGUSR1);
	expect("unblocked, it is taken", sigprocmask(SIG_SETMASK, &old, NULL), 0);
	expect("once (a signal pends once)", taken, 1);
	sigpending(&pending);
	expect("and no longer pending", sigismember(&pending, SIGUSR1), 0);
	expect_err("a bad how", sigprocmask(12345, &set, NULL), EINVAL);
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &old);
	expect("SIGKILL is never blocked", sigismember(&old, SIGKILL), 0);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	expect_err("sigaddset of a bad signal", sigaddset(&set, 0), EINVAL);
}

/* A fault's handler: it makes the page writable and returns, and the
 * store happens; or it jumps out. */
static char *ro_page;
static sigjmp_buf escape;

static void fix_fault(int sig, siginfo_t *info, void *context)
{
	(void)context;
	taken_sig = sig;
	info_addr = info->si_addr;
	info_code = info->si_code;
	mprotect(ro_page, PAGE, PROT_READ | PROT_WRITE);
}

static void leave_fault(int sig, siginfo_t *info, void *context)
{
	(void)context;
	taken_sig = sig;
	info_addr = info->si_addr;
	siglongjmp(escape, 1);
}

static volatile int rt_values[8], rt_sigs[8];
static volatile sig_atomic_t rt_taken;

static void realtime_handler(int sig, siginfo_t *info, void *context)
{
	(void)context;
	if (rt_taken < 8) {
		rt_sigs[rt_taken] = sig;
		rt_values[rt_taken] = info->si_value.sival_int;
	}
	rt_taken++;
}

/* Realtime signals queue: each one sent is taken, in order, with its
 * value; the lowest-numbered first. */
static void realtime(void)
{
	/* Each handler blocks both, so none runs inside another (which would
	 * have the one taken second enter first). */
	struct sigaction act = {.sa_sigaction = realtime_handler, .sa_flags = SA_SIGINFO};
	sigemptyset(&act.sa_mask);
	sigaddset(&act.sa_mask, SIGRTMIN);
	sigaddset(&act.sa_mask, SIGRTMIN + 1);
	sigaction(SIGRTMIN, &act, NULL);
	sigaction(SIGRTMIN + 1, &act, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	expect("sigqueue", sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = 9}), 0);
	for (int i = 1; i <= 3; i++)
		sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = i});
	expect("nothing taken while blocked", rt_taken, 0);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	expect("each queued one is taken", rt_taken, 4);
	expect("the lowest signal first, in the order sent",
	       rt_sigs[0] == SIGRTMIN && rt_values[0] == 1 && rt_values[1] == 2 && rt_values[2] == 3, 1);
	expect("then the next signal", rt_sigs[3] == SIGRTMIN + 1 && rt_values[3] == 9, 1);
	expect("sysconf says there are realtime signals", sysconf(_SC_REALTIME_SIGNALS) > 0, 1);
	signal(SIGRTMIN, SIG_DFL);
	signal(SIGRTMIN + 1, SIG_DFL);
}

static void faults(void)
{
	ro_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("a read-only page", ro_page != MAP_FAILED, 1);
	struct sigaction act = {.sa_sigaction = fix_fault, .sa_flags = SA_SIGINFO};
	sigemptyset(&act.sa_mask);
	sigaction(SIGSEGV, &act, NULL);
	*(volatile char *)(ro_page + 100) = 7;
	expect("a write to it runs the SIGSEGV handler", taken_sig, SIGSEGV);
	expect("with the address in si_addr", info_addr == ro_page + 100, 1);
	expect("as an access error", info_code, SEGV_ACCERR);
	expect("and the store happens once it returns", *(volatile char *)(ro_page + 100), 7);

	act.sa_sigaction = leave_fault;
	sigaction(SIGSEGV, &act, NULL);
	volatile int jumped = 0;
	volatile int *volatile nowhere = (volatile int *)16;
	if (sigsetjmp(escape, 1) == 0)
		*nowhere = 1;
	else
		jumped = 1;
	expect("a handler may leave with siglongjmp", jumped, 1);
	expect("from the fault at address 16", info_addr == (void *)16, 1);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	expect("and siglongjmp put the mask back", sigismember(&now, SIGSEGV), 0);
	signal(SIGSEGV, SIG_DFL);
	munmap(ro_page, PAGE);
}

static void alt_stack(void)
{
	static char stack[4 * SIGSTKSZ];
	stack_t ss = {.ss_sp = stack, .ss_size = sizeof(stack)}, old;
	expect("an alternate stack", sigaltstack(&ss, &old), 0);
	install(SIGUSR1, on_alt_stack, SA_ONSTACK);
	raise(SIGUSR1);
	char *at = (char *)handler_stack;
	expect("an SA_ONSTACK handler runs on it", at >= stack && at < stack + sizeof(stack), 1);
	expect("and is told so", alt_flags, SS_ONSTACK);
	ss.ss_size = 16;
	expect_err("a stack too small", sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_flags = SS_DISABLE;
	expect("no alternate stack again", sigaltstack(&ss, NULL), 0);
	install(SIGUSR1, on_alt_stack, SA_ONSTACK);
	raise(SIGUSR1);
	at = (char *)handler_stack;
	expect("then the handler runs on the thread's stack", at >= stack && at < stack + sizeof(stack), 0);
	if (!(old.ss_flags & SS_DISABLE)) /* a sanitizer's, on Linux */
		sigaltstack(&old, NULL);
}

/* Another thread sends while this one computes with FP registers, or
 * waits. */
static void *sender(void *arg)
{
	usleep(20000);
	kill(getpid(), SIGUSR1);
	(void)arg;
	return NULL;
}

static volatile double fp_sink;
static void clobber_fp(int sig)
{
	double x = sig;
	for (int i = 0; i < 50; i++)
		x = x * 1.5 + 0.25;
	fp_sink = x;
	taken++;
}

static volatile pthread_t handled_by;
static volatile sig_atomic_t waiter_ready;

static void note_thread(int sig)
{
	(void)sig;
	handled_by = pthread_self();
	taken++;
}

/* Waits for a signal of its own with SIGUSR1 let in. */
static void *waiter(void *arg)
{
	sigset_t empty;
	sigemptyset(&empty);
	waiter_ready = 1;
	int r = sigsuspend(&empty);
	(void)arg;
	return (void *)(intptr_t)(r == -1 && errno == EINTR);
}

static void threads(void)
{
	sigset_t set, empty, now;
	sigemptyset(&set);
	sigemptyset(&empty);
	sigaddset(&set, SIGUSR1);
	pthread_t t;

	/* A sleep ended by a signal taken on this thread. */
	install(SIGUSR1, count, 0);
	taken = 0;
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&t, NULL, sender, NULL); /* it starts with SIGUSR1 blocked */
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	struct timespec ts = {.tv_sec = 5}, left = {0};
	int slept = nanosleep(&ts, &left);
	int err = errno;
	expect("a signal from another thread ends a sleep", slept == -1 && err == EINTR, 1);
	expect("its handler ran", taken, 1);
	expect("the time left is said", left.tv_sec > 0 && left.tv_sec <= 5, 1);
	pthread_join(t, NULL);

	/* sigsuspend: the signal waits, blocked, until the suspend lets it in. */
	taken = 0;
	sigprocmask(SIG_BLOCK, &set, NULL);
	pthread_create(&t, NULL, sender, NULL);
	int r = sigsuspend(&empty);
	err = errno;
	expect("sigsuspend returns once a signal is taken", r == -1 && err == EINTR, 1);
	expect("after its handler", taken, 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	expect("and puts the mask back", sigismember(&now, SIGUSR1), 1);
	pthread_join(t, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	/* pthread_kill: to that thread, not another. */
	install(SIGUSR1, note_thread, 0);
	taken = 0;
	sigprocmask(SIG_BLOCK, &set, NULL); /* this thread will not take it */
	pthread_create(&t, NULL, waiter, NULL);
	while (!waiter_ready)
		usleep(1000);
	usleep(10000);
	expect("pthread_kill", pthread_kill(t, SIGUSR1), 0);
	void *woke = NULL;
	pthread_join(t, &woke);
	expect("ends that thread's sigsuspend", (long)(intptr_t)woke, 1);
	expect("whose handler ran on it", taken == 1 && pthread_equal(handled_by, t), 1);
	expect("pthread_kill with signal 0 only asks", pthread_kill(pthread_self(), 0), 0);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	/* sigwait: the signal is taken, blocked, with no handler run. */
	install(SIGUSR1, count, 0);
	taken = 0;
	sigprocmask(SIG_BLOCK, &set, NULL);
	pthread_create(&t, NULL, sender, NULL);
	int got = 0;
	expect("sigwait", sigwait(&set, &got), 0);
	expect("takes the signal sent", got, SIGUSR1);
	expect("and runs no handler", taken, 0);
	pthread_join(t, NULL);
	raise(SIGUSR1);
	siginfo_t si;
	expect("sigwaitinfo takes a pending one", sigwaitinfo(&set, &si), SIGUSR1);
	expect("and says who sent it", si.si_signo == SIGUSR1 && si.si_pid == getpid(), 1);
	struct timespec brief = {.tv_nsec = 20000000};
	expect_err("sigtimedwait with nothing sent", sigtimedwait(&set, &si, &brief), EAGAIN);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	expect("nothing was left pending or run", taken, 0);

	/* Taken in the middle of computing: the FP registers come back. */
	install(SIGUSR1, clobber_fp, 0);
	taken = 0;
	pthread_create(&t, NULL, sender, NULL);
	double a = 1.0, b = 0.0;
	int steps = 0, wrong = 0;
	while (!taken && steps < 200000000) {
		double next = a * 1.0000001;
		b += next - a;
		a = next;
		wrong += a < 1.0 || b < 0.0;
		steps++;
	}
	expect("a signal interrupts a computing thread", taken, 1);
	expect("whose FP values are intact after the handler", wrong == 0 && a > 1.0 && b > 0.0, 1);
	pthread_join(t, NULL);
	signal(SIGUSR1, SIG_DFL);
}

static volatile int timer_code, timer_value;

static void timer_fired(int sig, siginfo_t *info, void *context)
{
	(void)context;
	taken++;
	taken_sig = sig;
	timer_code = info->si_code;
	timer_value = info->si_value.sival_int;
}

/* Waits until taken reaches n, or about 2 s pass. */
static void wait_taken(int n)
{
	for (int i = 0; i < 200 && taken < n; i++)
		usleep(10000);
}

static void timers(void)
{
	install(SIGALRM, count, 0);
	taken = 0;
	struct itimerval once = {.it_value = {.tv_usec = 50000}}, left;
	expect("setitimer, 50 ms", setitimer(ITIMER_REAL, &once, NULL), 0);
	getitimer(ITIMER_REAL, &left);
	expect("getitimer says it is armed", left.it_value.tv_sec == 0 && left.it_value.tv_usec > 0, 1);
	wait_taken(1);
	expect("SIGALRM comes", taken == 1 && taken_sig == SIGALRM, 1);
	expect("alarm with none set", alarm(5), 0);
	expect("alarm says what was left", alarm(0), 5);

	struct sigaction act = {.sa_sigaction = timer_fired, .sa_flags = SA_SIGINFO};
	sigemptyset(&act.sa_mask);
	sigaction(SIGUSR2, &act, NULL);
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2,
			      .sigev_value = {.sival_int = 42}};
	timer_t id;
	expect("timer_create", timer_create(CLOCK_MONOTONIC, &ev, &id), 0);
	struct itimerspec in30 = {.it_value = {.tv_nsec = 30000000}}, now;
	taken = 0;
	expect("timer_settime, 30 ms", timer_settime(id, 0, &in30, NULL), 0);
	expect("timer_gettime says it is armed", timer_gettime(id, &now) == 0 && now.it_value.tv_nsec > 0, 1);
	wait_taken(1);
	expect("its signal comes", taken == 1 && taken_sig == SIGUSR2, 1);
	expect("from a timer", timer_code, SI_TIMER);
	expect("with the event's value", timer_value, 42);

	/* Periodic, with its signal blocked: the expiries it could not send
	 * are overruns. */
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	struct itimerspec every10 = {.it_value = {.tv_nsec = 10000000}, .it_interval = {.tv_nsec = 10000000}};
	taken = 0;
	timer_settime(id, 0, &every10, NULL);
	usleep(150000);
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);
	int overruns = timer_getoverrun(id);
	expect("a periodic timer's signal, blocked, comes once unblocked", taken >= 1, 1);
	expect("with its overruns counted", overruns >= 3, 1);
	expect("timer_delete", timer_delete(id), 0);
	expect_err("a deleted timer is gone", timer_gettime(id, &now), EINVAL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
}

static void ready_file(char *out, size_t n, int pid)
{
	snprintf(out, n, "%s/sigtest-ready-%d", SCRATCH_DIR, pid);
}

static void wait_ready(int pid)
{
	char path[96];
	struct stat st;
	ready_file(path, sizeof(path), pid);
	for (int i = 0; i < 500 && stat(path, &st) != 0; i++)
		usleep(10000);
	unlink(path);
}

static void on_term(int sig)
{
	(void)sig;
	_exit(42);
}

static void abort_handler(int sig)
{
	(void)sig; /* returns: abort goes on */
}

static int child(const char *mode)
{
	if (strcmp(mode, "catch") == 0)
		signal(SIGTERM, on_term);
	if (strcmp(mode, "abort") == 0) {
		signal(SIGABRT, abort_handler);
		abort();
	}
	if (strcmp(mode, "badstack") == 0) {
		/* An alternate stack where nothing is mapped. */
		stack_t ss = {.ss_sp = (void *)0x100000000000UL, .ss_size = 65536};
		sigaltstack(&ss, NULL);
		install(SIGUSR1, count, SA_ONSTACK);
		raise(SIGUSR1);
		return 3; /* not reached: the frame cannot be written */
	}
	char path[96];
	ready_file(path, sizeof(path), getpid());
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
	for (;;)
		pause();
}

static int run_child(const char *mode, int sig)
{
	char *args[] = {"sigtest", "child", (char *)mode, NULL};
	pid_t pid = spawn_self("sigtest", args);
	if (sig) {
		wait_ready(pid);
		kill(pid, sig);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

static volatile int child_pid, child_code, child_status;

static void child_ended(int sig, siginfo_t *info, void *context)
{
	(void)sig, (void)context;
	child_pid = info->si_pid;
	child_code = info->si_code;
	child_status = info->si_status;
}

static void children(void)
{
	struct sigaction act = {.sa_sigaction = child_ended, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigemptyset(&act.sa_mask);
	sigaction(SIGCHLD, &act, NULL);
	char *args[] = {"sigtest", "child", "default", NULL};
	pid_t pid = spawn_self("sigtest", args);
	wait_ready(pid);
	kill(pid, SIGTERM);
	int status = -1;
	expect("waitpid reaps the child whose SIGCHLD came", waitpid(pid, &status, 0), pid);
	expect("SIGCHLD says which child", child_pid, pid);
	expect("that a signal ended it", child_code, CLD_KILLED);
	expect("and which", child_status, SIGTERM);
	signal(SIGCHLD, SIG_DFL);

	status = run_child("catch", SIGTERM);
	expect("a child's SIGTERM handler runs", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 42);
	status = run_child("default", SIGTERM);
	expect("SIGTERM's default ends the child", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGTERM);
	status = run_child("default", SIGUSR2);
	expect("so does SIGUSR2's", WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGUSR2);
	status = run_child("abort", 0);
	expect("abort ends it with SIGABRT though a handler returns",
	       WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGABRT);
	expect_err("kill with a bad signal", kill(getpid(), NSIG), EINVAL);
	expect("kill with signal 0 only asks", kill(getpid(), 0), 0);
}

#ifdef __bower__
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include <bower/counter.h>

static void steer_to_kernel(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	(void)sig, (void)info;
	uc->uc_mcontext.pstate = 0x3c5;		   /* EL1h, everything masked */
	uc->uc_mcontext.pc = 0xffff000040200000UL; /* the kernel's text */
}

static void hostile(void)
{
	expect("sig_action from a bad pointer", bower_sig_action(SIGUSR1, (void *)16, NULL),
	       -BOWER_EFAULT);
	expect("to a kernel address", bower_sig_action(SIGUSR1, NULL, (void *)0xffff000040000000UL),
	       -BOWER_EFAULT);
	expect("signal 64", bower_sig_action(64, NULL, NULL), -BOWER_EINVAL);
	expect("signal -1", bower_sig_raise(BOWER_NO_CAP, -1), -BOWER_EINVAL);
	expect("sig_raise to no such thread", bower_sig_raise(4000, SIGUSR1), -BOWER_EBADF);
	expect("sig_mask's how", bower_sig_mask(7, 0), -BOWER_EINVAL);
	expect("sig_send to no such slot", bower_sig_send(4000, SIGUSR1), -BOWER_EBADF);
	expect("sig_send of SIGSTOP", bower_sig_send(BOWER_NO_CAP, SIGSTOP), -BOWER_ENOTSUP);
	expect("sig_altstack from a bad pointer", bower_sig_altstack((void *)16, NULL), -BOWER_EFAULT);
	struct bower_sigstack wrap = {.sp = ~0UL - 4096, .size = 65536};
	expect("a stack that wraps", bower_sig_altstack(&wrap, NULL), -BOWER_EINVAL);

	/* A realtime signal's queue is bounded: a send beyond it fails. */
	sigset_t rt;
	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &rt, NULL);
	install(SIGRTMIN, count, 0);
	int queued = 0;
	while (queued < 1000 && sigqueue(getpid(), SIGRTMIN, (union sigval){0}) == 0)
		queued++;
	expect("a full queue of realtime signals", queued, BOWER_SIGQUEUE_MAX);
	expect("says EAGAIN", errno, EAGAIN);
	taken = 0;
	sigprocmask(SIG_UNBLOCK, &rt, NULL);
	expect("and every queued one is taken", taken, BOWER_SIGQUEUE_MAX);
	signal(SIGRTMIN, SIG_DFL);

	int status = run_child("badstack", 0);
	expect("a frame that cannot be written ends the program with SIGSEGV",
	       WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
}

static int child_steer(void)
{
	struct sigaction act = {.sa_sigaction = steer_to_kernel, .sa_flags = SA_SIGINFO};
	sigaction(SIGUSR1, &act, NULL);
	raise(SIGUSR1);
	return 3; /* not reached */
}
#endif

#ifdef __bower__
/* A wait begun before the process first used signals is ended by a signal
 * sent once it does: the kernel takes such waits up when signals start
 * (signal_wait_took_up). A thread of the kernel's own (not pthread_create,
 * whose library enables signals first) sleeps two seconds; the first
 * thread then installs a handler, the process's first use of signals, and
 * sends it the signal: its sleep ends with EINTR. */
static volatile long early_slept = 1;
static _Alignas(16) char early_stack[16384];

static void early_sleeper(uintptr_t unused)
{
	(void)unused;
	early_slept = bower_sleep_until(bower_counter() + 2 * bower_counter_freq());
	bower_thread_exit();
}

static void on_usr1_early(int sig)
{
	(void)sig;
}

static int child_early(void)
{
	long t = bower_thread_create((uintptr_t)early_sleeper, 0,
				     (uintptr_t)early_stack + sizeof(early_stack));
	if (t < 0)
		return 2;
	bower_sleep_until(bower_counter() + bower_counter_freq() / 50); /* it begins to sleep */
	signal(SIGUSR1, on_usr1_early);
	bower_sig_raise((int)t, SIGUSR1);
	bower_thread_join((int)t);
	return early_slept == -BOWER_EINTR ? 0 : 1;
}
#endif

int main(int argc, char **argv)
{
#ifdef __bower__
	if (argc > 2 && strcmp(argv[2], "steer") == 0)
		return child_steer();
	if (argc > 2 && strcmp(argv[2], "early") == 0)
		return child_early();
#endif
	if (argc > 2 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	check_prog = "sigtest";
	handlers();
	masks();
	realtime();
	faults();
	alt_stack();
	threads();
	timers();
	children();
#ifdef __bower__
	hostile();
	int status = run_child("steer", 0);
	expect("a handler that asks to return to the kernel is killed in user mode",
	       WIFSIGNALED(status) ? WTERMSIG(status) : -1, SIGSEGV);
	status = run_child("early", 0);
	expect("a sleep begun before the process used signals is ended by one",
	       WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
#endif
	return check_summary();
}
