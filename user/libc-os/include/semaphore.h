/* semaphore.h - unnamed POSIX semaphores on a futex (user/libc-os/semaphore.c). */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <stdint.h>
#include <time.h>

typedef struct {
	volatile uint32_t value;
	volatile uint32_t waiters;
} sem_t;

#define SEM_VALUE_MAX 0x7fffffff
#define SEM_FAILED    ((sem_t *)0)

int sem_init(sem_t *s, int pshared, unsigned value);
int sem_destroy(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
int sem_timedwait(sem_t *s, const struct timespec *abstime);
int sem_post(sem_t *s);
int sem_getvalue(sem_t *s, int *value);

#endif
