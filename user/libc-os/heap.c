/*
 * heap.c - sbrk, which picolibc's malloc grows the heap with, between
 * __heap_start and __heap_end (user/user.ld).
 *
 * The heap is mapped as it grows (lazy anonymous memory), not all at
 * start, so that what a program has is what counts against its
 * address-space limit (RLIMIT_AS, which the kernel keeps to): each growth
 * maps as much as is mapped already, at least HEAP_STEP, so a heap is a
 * few regions (a fault's lookup walks them) and at most twice what it
 * holds; and the data segment (the program's data and bss and the heap so
 * far) stays within RLIMIT_DATA's soft limit, which the kernel keeps for
 * it (vm_limit: a spawned child starts with its parent's). Past either,
 * or past __heap_end, sbrk is ENOMEM and malloc returns NULL. Linked ahead
 * of picolibc (LIBOS_FIRST), whose own sbrk knows no limit.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define HEAP_STEP (64 * 1024) /* the least mapped at a time */

extern char __data_start[], __heap_start[], __heap_end[];

static char *brk_now = __heap_start; /* the break */
static char *mapped_to = __heap_start; /* the heap is mapped below this */

static int within_data_limit(const char *brk)
{
	struct bower_vm_limit data;
	if (bower_vm_limit(BOWER_VM_LIMIT_DATA, NULL, &data) < 0)
		return 0;
	return (uintptr_t)(brk - __data_start) <= data.soft;
}

/* Map the heap from where it is mapped to up to `end`, exactly there: a
 * mapping someone made there meanwhile is not replaced. */
static int map_heap(uintptr_t end)
{
	size_t len = end - (uintptr_t)mapped_to;
	long at = bower_vm_map((uintptr_t)mapped_to, len, BOWER_PROT_READ | BOWER_PROT_WRITE, 0);
	if (at != (long)(uintptr_t)mapped_to) {
		if (at >= 0)
			bower_vm_unmap((uintptr_t)at, len); /* placed elsewhere: not the heap */
		return -1;
	}
	mapped_to = (char *)end;
	return 0;
}

/* Map the heap up to at least `to`: as much again as is mapped, or, if
 * that cannot be had (RLIMIT_AS), only what `to` needs. */
static int map_to(char *to)
{
	uintptr_t need = ((uintptr_t)to + HEAP_STEP - 1) & ~(uintptr_t)(HEAP_STEP - 1);
	size_t step = (size_t)(mapped_to - __heap_start);
	uintptr_t want = (uintptr_t)mapped_to + (step > HEAP_STEP ? step : HEAP_STEP);
	if (want < need)
		want = need;
	if (want > (uintptr_t)__heap_end)
		want = (uintptr_t)__heap_end;
	if (need > want)
		need = want;
	return map_heap(want) == 0 || (want > need && map_heap(need) == 0) ? 0 : -1;
}

void *sbrk(ptrdiff_t incr)
{
	char *old = brk_now;
	if (incr < 0 ? (size_t)-incr > (size_t)(old - __heap_start)
		     : (size_t)incr > (size_t)(__heap_end - old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *brk = old + incr;
	if (incr > 0 && (!within_data_limit(brk) || (brk > mapped_to && map_to(brk) < 0))) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk_now = brk;
	return old;
}
