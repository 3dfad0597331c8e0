/*
 * sysconftest.c - what a program asks of the system: sysconf, getpagesize,
 * sysinfo and get_nprocs, getppid, sched_yield, clock_getres and
 * clock_nanosleep, the user and process group, umask, pathconf, as POSIX
 * (and, for sysinfo, Linux) says
 * (the values are the machine's; the checks are of their form and of how
 * they agree). Builds for Bower and for Linux.
 *
 *	sysconftest          the checks
 *	sysconftest child    (spawned) exits with its parent's pid, mod 256
 */
#include <features.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return getppid() & 0xff;
	check_prog = "sysconftest";
	expect("the page is 4 KiB", sysconf(_SC_PAGESIZE), 4096);
	expect("getpagesize agrees", getpagesize(), 4096);
	expect("a CPU or more online", sysconf(_SC_NPROCESSORS_ONLN) >= 1, 1);
	expect("configured at least as many",
	       sysconf(_SC_NPROCESSORS_CONF) >= sysconf(_SC_NPROCESSORS_ONLN), 1);
	expect("clock ticks a second", sysconf(_SC_CLK_TCK) > 0, 1);
	expect("descriptors a program may open", sysconf(_SC_OPEN_MAX) >= 20, 1);
	expect("pages of memory, some free",
	       sysconf(_SC_PHYS_PAGES) > 0 && sysconf(_SC_AVPHYS_PAGES) > 0 &&
		   sysconf(_SC_AVPHYS_PAGES) <= sysconf(_SC_PHYS_PAGES),
	       1);
	expect_err("an unknown name", sysconf(-1), EINVAL);
	expect("sched_yield", sched_yield(), 0);
	struct timespec res;
	expect("clock_getres of CLOCK_MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res), 0);
	expect("a resolution of a microsecond or finer",
	       res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000, 1);
	expect_err("clock_getres of no clock", clock_getres((clockid_t)999, &res), EINVAL);
	struct timespec before, after, d = {0, 2000000}; /* 2 ms */
	clock_gettime(CLOCK_MONOTONIC, &before);
	expect("clock_nanosleep, relative", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &after);
	long slept = (after.tv_sec - before.tv_sec) * 1000000000L + after.tv_nsec - before.tv_nsec;
	expect("it slept at least that long", slept >= 2000000, 1);
	struct timespec at = after;
	at.tv_nsec += 2000000;
	if (at.tv_nsec >= 1000000000L)
		at.tv_sec++, at.tv_nsec -= 1000000000L;
	expect("clock_nanosleep until a moment", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL),
	       0);
	clock_gettime(CLOCK_MONOTONIC, &after);
	expect("the moment has passed",
	       after.tv_sec > at.tv_sec || (after.tv_sec == at.tv_sec && after.tv_nsec >= at.tv_nsec), 1);
	expect("until a moment past: at once",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &before, NULL), 0);
	struct timespec bad = {0, 1000000000L};
	expect("a bad time", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL), EINVAL);
	char *cargv[] = {"sysconftest", "child", NULL};
	pid_t pid = spawn_self("sysconftest", cargv);
	int status = -1;
	waitpid(pid, &status, 0);
	expect("a child's getppid is this program",
	       WIFEXITED(status) && WEXITSTATUS(status) == (getpid() & 0xff), 1);
	expect("sysconf says there are threads", sysconf(_SC_THREADS) > 0, 1);
	expect("and CPU-time clocks", sysconf(_SC_CPUTIME) > 0 && sysconf(_SC_THREAD_CPUTIME) > 0, 1);

	/* CPU time: a busy loop of a few ticks shows in every clock of it. */
	struct timespec c0, c1, t0;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (volatile long n = 0;; n++) {
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		if ((c1.tv_sec - c0.tv_sec) * 1000000000L + c1.tv_nsec - c0.tv_nsec >= 50000000L)
			break;
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec > 10)
			break; /* the CPU-time clock does not move: failed below */
	}
	expect("the process's CPU-time clock moves as it computes",
	       (c1.tv_sec - c0.tv_sec) * 1000000000L + c1.tv_nsec - c0.tv_nsec >= 50000000L, 1);
	struct timespec th;
	expect("so does its thread's", clock_gettime(CLOCK_THREAD_CPUTIME_ID, &th) == 0 && (th.tv_sec > 0 || th.tv_nsec > 0), 1);
	struct tms tm;
	expect("times says it too", times(&tm) != (clock_t)-1 && tm.tms_utime + tm.tms_stime > 0, 1);
	expect("and clock", clock() > 0, 1);

	/* Who we are, and the limits of names. */
	expect("the effective user is the real one", geteuid() == getuid(), 1);
	struct passwd *pw = getpwuid(getuid());
	expect("the user database knows us", pw && pw->pw_uid == getuid(), 1);
	mode_t was = umask(027);
	expect("umask says the mask it replaces", umask(was), 027);
	expect("a process group", getpgrp() > 0, 1);
	expect("and its own pid is one if it leads it", getpgid(0), getpgrp());
	expect("setpgrp makes it lead its own", setpgrp() == 0 && getpgrp() == getpid(), 1);
	struct sysinfo si;
	expect("sysinfo", sysinfo(&si), 0);
	expect("its memory is sysconf's",
	       si.mem_unit > 0 && (long)(si.totalram * si.mem_unit / 4096) == sysconf(_SC_PHYS_PAGES) &&
		   si.freeram <= si.totalram,
	       1);
	expect("it counts this process", si.procs >= 1 && si.uptime >= 0, 1);
	expect_err("sysinfo into nothing", sysinfo(NULL), EFAULT);
	expect("get_nprocs is sysconf's", get_nprocs(), sysconf(_SC_NPROCESSORS_ONLN));
	expect("get_phys_pages is sysconf's", get_phys_pages(), sysconf(_SC_PHYS_PAGES));
#ifdef __bower__
	/* <features.h> is there for programs written for Linux, and says
	 * nothing that would make them take this C library for glibc. */
#ifdef __GLIBC__
	expect("features.h names no glibc", 1, 0);
#else
	expect("features.h names no glibc", 0, 0);
#endif
#endif
	expect("names of at least _POSIX_NAME_MAX bytes", pathconf("/", _PC_NAME_MAX) >= _POSIX_NAME_MAX, 1);
	expect("pipes write PIPE_BUF bytes whole", pathconf("/", _PC_PIPE_BUF) >= _POSIX_PIPE_BUF, 1);
	return check_summary();
}
