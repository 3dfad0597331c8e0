/*
 * affinity.c - which CPUs a thread may run on: Linux's sched_setaffinity
 * and sched_getaffinity, and pthread_setaffinity_np and
 * pthread_getaffinity_np, on the kernel's thread_pin, which pins the
 * calling thread to one CPU or lets it run on any.
 *
 * A set holding every CPU online lets the thread run anywhere; any other
 * set pins it to the set's lowest online CPU, so it runs only on CPUs of
 * the set, as asked, though not on all of them (getaffinity then says
 * that one). A set without an online CPU is EINVAL. Only the calling
 * thread can be pinned (pid 0 or the caller's own: another process is
 * ESRCH; another thread EPERM, as the kernel pins only the caller). Each
 * thread keeps the CPU it asked for (struct libos_thread.pin), so any
 * thread's set can be read.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <bower/syscall_nr.h>
#include "thread.h"

static int online(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

/* Pin the calling thread as set says: 0 or an errno. */
static int pin_to(size_t size, const cpu_set_t *set)
{
	int n = online(), lowest = -1, count = 0;
	for (int cpu = 0; cpu < n && (size_t)cpu < size * 8; cpu++)
		if (CPU_ISSET_S(cpu, size, set)) {
			if (lowest < 0)
				lowest = cpu;
			count++;
		}
	if (lowest < 0)
		return EINVAL;
	int cpu = count == n ? -1 : lowest; /* all of them: anywhere */
	long err = bower_thread_pin(cpu);
	if (err < 0)
		return (int)-err;
	pthread_self()->pin = cpu + 1;
	return 0;
}

/* The set thread t may run on, into set (size bytes): 0 or an errno. */
static int pinned_set(pthread_t t, size_t size, cpu_set_t *set)
{
	int n = online();
	if (size < sizeof(unsigned long) || size * 8 < (size_t)n)
		return EINVAL; /* less than a word, or too small for every CPU, as Linux */
	memset(set, 0, size);
	int pin = t->pin;
	for (int cpu = 0; cpu < n; cpu++)
		if (!pin || cpu == pin - 1)
			CPU_SET_S(cpu, size, set);
	return 0;
}

static int ours(pid_t pid)
{
	return pid == 0 || pid == getpid();
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
	int err = ours(pid) ? pin_to(size, set) : ESRCH;
	return err ? (errno = err, -1) : 0;
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	int err = ours(pid) ? pinned_set(pthread_self(), size, set) : ESRCH;
	return err ? (errno = err, -1) : 0;
}

int pthread_setaffinity_np(pthread_t t, size_t size, const cpu_set_t *set)
{
	return t == pthread_self() ? pin_to(size, set) : EPERM;
}

int pthread_getaffinity_np(pthread_t t, size_t size, cpu_set_t *set)
{
	return pinned_set(t, size, set);
}
