/* sched.h - picolibc's, and sched_yield and the priority limits, which
 * Bower has (picolibc declares them only with the POSIX priority
 * scheduling Bower does not offer), and Linux's CPU sets. */
#ifndef BOWER_SCHED_H
#define BOWER_SCHED_H

#include_next <sched.h>
#include <sys/types.h>

int sched_yield(void);
/* The one policy's priorities (SCHED_OTHER: 0 to 0); -1 EINVAL for the
 * real-time policies, which Bower does not have. */
int sched_get_priority_max(int policy);
int sched_get_priority_min(int policy);

/* Which CPUs a thread may run on (Linux's; affinity.c): a set of CPU
 * numbers, 0 to CPU_SETSIZE - 1. */
#define CPU_SETSIZE 1024
#define __CPU_BITS  (8 * sizeof(unsigned long))
typedef struct {
	unsigned long __bits[CPU_SETSIZE / __CPU_BITS];
} cpu_set_t;

#define CPU_ALLOC_SIZE(n) ((((n) + __CPU_BITS - 1) / __CPU_BITS) * sizeof(unsigned long))
#define CPU_ZERO_S(size, set) __builtin_memset((set), 0, (size))
#define CPU_SET_S(cpu, size, set)                                                                 \
	((size_t)(cpu) < 8 * (size) ? ((set)->__bits[(cpu) / __CPU_BITS] |= 1UL << ((cpu) % __CPU_BITS)) \
				    : 0)
#define CPU_CLR_S(cpu, size, set)                                                                  \
	((size_t)(cpu) < 8 * (size)                                                                 \
	     ? ((set)->__bits[(cpu) / __CPU_BITS] &= ~(1UL << ((cpu) % __CPU_BITS)))               \
	     : 0)
#define CPU_ISSET_S(cpu, size, set)                                                                \
	((size_t)(cpu) < 8 * (size) && ((set)->__bits[(cpu) / __CPU_BITS] >> ((cpu) % __CPU_BITS) & 1))
#define CPU_COUNT_S(size, set) __bower_cpu_count((size), (set))
#define CPU_ZERO(set)	       CPU_ZERO_S(sizeof(cpu_set_t), set)
#define CPU_SET(cpu, set)      CPU_SET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_CLR(cpu, set)      CPU_CLR_S(cpu, sizeof(cpu_set_t), set)
#define CPU_ISSET(cpu, set)    CPU_ISSET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_COUNT(set)	       CPU_COUNT_S(sizeof(cpu_set_t), set)

static inline int __bower_cpu_count(unsigned long size, const cpu_set_t *set)
{
	int n = 0;
	for (unsigned long i = 0; i < size / sizeof(unsigned long); i++)
		n += __builtin_popcountl(set->__bits[i]);
	return n;
}

/* Only the calling process's threads (pid 0 or its own): ESRCH for
 * another. A set of every CPU lets the thread run anywhere; another pins
 * it to the set's lowest CPU. */
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);

#endif
