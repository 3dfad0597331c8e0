/* sched.h - picolibc's, and sched_yield and the priority limits, which
 * Bower has (picolibc declares them only with the POSIX priority
 * scheduling Bower does not offer). */
#ifndef BOWER_SCHED_H
#define BOWER_SCHED_H

#include_next <sched.h>

int sched_yield(void);
/* The one policy's priorities (SCHED_OTHER: 0 to 0); -1 EINVAL for the
 * real-time policies, which Bower does not have. */
int sched_get_priority_max(int policy);
int sched_get_priority_min(int policy);

#endif
