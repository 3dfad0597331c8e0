/*
 * nullsys.c - the cost of a null system call, in counter ticks.
 *
 * Times N calls of getpid (the cheapest call: trap, dispatch, return) with
 * the generic timer's counter. Under QEMU with -icount the counter advances
 * with instructions executed, so the figure is repeatable. A benchmark:
 * it reports, it does not judge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	uint64_t t0 = bower_counter();
	for (long i = 0; i < n; i++)
		bower_getpid();
	uint64_t t1 = bower_counter();
	for (long i = 0; i < n; i++)
		__asm__ volatile("" ::: "memory");
	uint64_t t2 = bower_counter();
	uint64_t calls = t1 - t0, loop = t2 - t1;
	printf("nullsys: %ld calls of getpid: %llu ticks, empty loop %llu ticks, "
	       "%llu.%02llu ticks per call (counter at %llu Hz)\n",
	       n, (unsigned long long)calls, (unsigned long long)loop,
	       (unsigned long long)((calls - loop) / n),
	       (unsigned long long)((calls - loop) * 100 / n % 100),
	       (unsigned long long)bower_counter_freq());
	return 0;
}
