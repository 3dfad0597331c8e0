/* sys/resource.h - picolibc's, plus the resource limits Bower has. */
#ifndef BOWER_SYS_RESOURCE_H
#define BOWER_SYS_RESOURCE_H

#include_next <sys/resource.h>

typedef unsigned long rlim_t;

struct rlimit {
	rlim_t rlim_cur; /* the soft limit: what is enforced */
	rlim_t rlim_max; /* the hard limit: how far the soft one may go */
};

#define RLIM_INFINITY ((rlim_t)-1)

/* Descriptors: a process may use 0 .. rlim_cur - 1 (EMFILE past it). 1024
 * at start; the hard limit 1048576 may only be lowered. Not inherited by
 * spawned programs: each starts with the defaults. */
#define RLIMIT_NOFILE 7
/* Locked memory: kept as set, and, as for Linux's root (whose locks it
 * does not bound), not enforced: every process is root here. What bounds
 * locking is memory, and a MAP_LLM mapping's cap. RLIM_INFINITY at start. */
#define RLIMIT_MEMLOCK 8
/* Memory, in bytes (the kernel keeps both, vm_limit; a spawned program
 * starts with its parent's; RLIM_INFINITY at boot): RLIMIT_AS bounds the
 * process's mappings together (its image, stacks, heap, mmap: a mapping
 * past it is ENOMEM), RLIMIT_DATA its data segment (data, bss and the
 * heap: malloc past it returns NULL with ENOMEM). */
#define RLIMIT_DATA 2
#define RLIMIT_AS   9

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);

#endif
