/*
 * sysinfo.c - what a program may ask of the system it runs on: sysconf,
 * sysinfo and get_nprocs, getppid, sched_yield (getpagesize is picolibc's).
 *
 * The page is 4 KiB; the CPUs are those that came up at boot (cpu_info);
 * the clock ticks sysconf reports are times()'s, BOWER_TICK_HZ a second;
 * the descriptor limit is RLIMIT_NOFILE's soft limit; the memory is the
 * kernel's count of its pages; sysinfo's processes are ps's.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/sysinfo.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "fdtable.h"

#define PAGE_SIZE 4096

long sysconf(int name)
{
	struct bower_memstat st;
	switch (name) {
	case _SC_PAGESIZE:
		return PAGE_SIZE;
	case _SC_NPROCESSORS_ONLN:
	case _SC_NPROCESSORS_CONF:
		return bower_cpu_info(NULL, 0); /* the CPUs that came up */
	case _SC_CLK_TCK:
		return BOWER_TICK_HZ; /* times' unit */
	case _SC_OPEN_MAX:
		return (long)libos_nofile;
	case _SC_PHYS_PAGES:
		return bower_mem_stat(&st) == 0 ? (long)st.total_pages : -1;
	case _SC_AVPHYS_PAGES:
		return bower_mem_stat(&st) == 0 ? (long)st.free_pages : -1;
	/* The options provided, as the feature macros say (user/build.mk). */
	case _SC_REALTIME_SIGNALS:
		return _POSIX_REALTIME_SIGNALS;
	case _SC_TIMERS:
		return _POSIX_TIMERS;
	case _SC_CPUTIME:
		return _POSIX_CPUTIME;
	case _SC_THREAD_CPUTIME:
		return _POSIX_THREAD_CPUTIME;
	case _SC_MONOTONIC_CLOCK:
		return _POSIX_MONOTONIC_CLOCK;
	case _SC_CLOCK_SELECTION:
		return _POSIX_CLOCK_SELECTION;
	case _SC_THREADS:
		return _POSIX_THREADS;
	case _SC_TIMEOUTS:
		return _POSIX_TIMEOUTS;
	case _SC_SEMAPHORES:
		return _POSIX_SEMAPHORES;
	case _SC_SPIN_LOCKS:
		return _POSIX_SPIN_LOCKS;
	case _SC_BARRIERS:
		return _POSIX_BARRIERS;
	case _SC_READER_WRITER_LOCKS:
		return _POSIX_READER_WRITER_LOCKS;
	case _SC_SHARED_MEMORY_OBJECTS:
		return _POSIX_SHARED_MEMORY_OBJECTS;
	case _SC_MAPPED_FILES:
		return _POSIX_MAPPED_FILES;
	case _SC_MEMORY_PROTECTION:
		return _POSIX_MEMORY_PROTECTION;
	case _SC_SIGQUEUE_MAX:
		return BOWER_SIGQUEUE_MAX;
	case _SC_RTSIG_MAX:
		return SIGRTMAX - SIGRTMIN + 1;
	case _SC_TIMER_MAX:
		return BOWER_TIMERS_MAX;
	default:
		errno = EINVAL;
		return -1;
	}
}

int get_nprocs(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

int get_nprocs_conf(void)
{
	return (int)sysconf(_SC_NPROCESSORS_CONF);
}

long get_phys_pages(void)
{
	return sysconf(_SC_PHYS_PAGES);
}

long get_avphys_pages(void)
{
	return sysconf(_SC_AVPHYS_PAGES);
}

int sysinfo(struct sysinfo *info)
{
	struct bower_memstat st;
	struct timespec now;
	if (!info) {
		errno = EFAULT;
		return -1;
	}
	if (bower_mem_stat(&st) < 0 || clock_gettime(CLOCK_MONOTONIC, &now) < 0) {
		errno = EIO;
		return -1;
	}
	long procs = bower_process_list(NULL, 0); /* how many, none described */
	*info = (struct sysinfo){
	    .uptime = (long)now.tv_sec,
	    .totalram = st.total_pages,
	    .freeram = st.free_pages,
	    .procs = (unsigned short)(procs > 0 ? (procs < 65535 ? procs : 65535) : 0),
	    .mem_unit = PAGE_SIZE,
	};
	return 0;
}

int sched_yield(void)
{
	bower_yield();
	return 0;
}

/* The kernel's list of processes says who our parent is. */
pid_t getppid(void)
{
	static struct bower_process_info list[256];
	long n = bower_process_list(list, sizeof(list) / sizeof(list[0]));
	pid_t me = getpid();
	for (long i = 0; i < n; i++)
		if (list[i].pid == me)
			return list[i].parent;
	return 0;
}
