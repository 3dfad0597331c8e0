/* futex.h - the kernel's futex_wait/futex_wake, with POSIX deadlines
 * (futex.c), for the threads library. */
#ifndef LIBOS_FUTEX_H
#define LIBOS_FUTEX_H

#include <stdint.h>
#include <time.h>

/* While *word holds value, wait until woken or (abstime not NULL) until
 * clock reaches abstime: 0 (woken, or the word had changed), ETIMEDOUT,
 * EINVAL (a bad abstime). */
int futex_wait_until(volatile uint32_t *word, uint32_t value, clockid_t clock,
		     const struct timespec *abstime);
/* Wake at most n waiters of *word. */
void futex_wake_some(volatile uint32_t *word, unsigned long n);

#endif
