/*
 * threads.c - two CPU-bound threads that never yield.
 *
 * The main thread spins (never yielding either) until both workers have
 * counted far. That can only finish if the timer preempts each of the
 * three threads in turn: without preemption the first to run keeps the CPU.
 */
#include <stdio.h>
#include <stdint.h>
#include <bower/syscall_nr.h>

#define GOAL	 2000000UL
#define STACK_SZ 16384

static volatile unsigned long counts[2];
static _Alignas(16) char stacks[2][STACK_SZ];

static void worker(uintptr_t which)
{
	for (;;)
		counts[which]++;
}

int main(void)
{
	for (uintptr_t i = 0; i < 2; i++) {
		long tid =
		    bower_thread_create((uintptr_t)worker, i, (uintptr_t)stacks[i] + STACK_SZ);
		if (tid < 0) {
			printf("threads: thread_create failed: %ld\n", tid);
			return 1;
		}
	}
	while (counts[0] < GOAL || counts[1] < GOAL)
		;
	printf("threads: both threads made progress (%lu and %lu)\n", counts[0], counts[1]);
	return 0;
}
