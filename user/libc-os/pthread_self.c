/*
 * pthread_self.c - which thread this is: apart from the rest of
 * pthread.c, because every program's C library locks (lock.c, through the
 * mutexes) ask it, and a program that makes no thread need not carry the
 * rest.
 */
#include <pthread.h>
#include "thread.h"

struct libos_thread libos_first_thread;
__thread struct libos_thread *libos_self;

pthread_t pthread_self(void)
{
	return libos_self ? libos_self : &libos_first_thread;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

