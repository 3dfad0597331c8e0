/* semaphore.h - POSIX semaphores on a futex: unnamed (user/libc-os/
 * semaphore.c) and named (sem_named.c). */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <stdint.h>
#include <time.h>

typedef struct {
	volatile uint32_t value;
	volatile uint32_t waiters;
} sem_t;

#include <limits.h> /* SEM_VALUE_MAX */
#define SEM_FAILED    ((sem_t *)0)

int sem_init(sem_t *s, int pshared, unsigned value);
int sem_destroy(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
int sem_timedwait(sem_t *s, const struct timespec *abstime);
int sem_post(sem_t *s);
int sem_getvalue(sem_t *s, int *value);
sem_t *sem_open(const char *name, int oflag, ...);
int sem_close(sem_t *s);
int sem_unlink(const char *name);

#endif
