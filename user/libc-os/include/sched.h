/* sched.h - picolibc's, and sched_yield, which Bower has (picolibc declares
 * it only with the POSIX priority scheduling Bower does not offer). */
#ifndef BOWER_SCHED_H
#define BOWER_SCHED_H

#include_next <sched.h>

int sched_yield(void);

#endif
