/* counter.h - the Arm generic timer's virtual counter, read from user mode.
 * The kernel opens CNTVCT_EL0 to EL0; CNTFRQ_EL0 gives its frequency. */
#ifndef BOWER_COUNTER_H
#define BOWER_COUNTER_H

#include <stdint.h>

static inline uint64_t bower_counter(void)
{
	uint64_t v;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static inline uint64_t bower_counter_freq(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

#endif
