/* worker.c - keeps working for a while, yielding, then reports it finished.
 * Runs beside a faulting program to show the system goes on. */
#include <stdio.h>
#include <bower/syscall_nr.h>

int main(void)
{
	unsigned long sum = 0;
	for (int round = 0; round < 2000; round++) {
		for (int i = 0; i < 10000; i++)
			sum += (unsigned long)i * round;
		bower_yield();
	}
	printf("worker: finished its work (sum %lu)\n", sum);
	return 0;
}
