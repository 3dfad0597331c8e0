/* resident.h - how many pages of a mapping are in memory (mincore), for
 * the tests of what stays resident (llmcap, mlocktest); -1 if mincore
 * refuses the range. At most 128 pages. */
#ifndef TESTS_RESIDENT_H
#define TESTS_RESIDENT_H

#include <stddef.h>
#include <sys/mman.h>

static inline int resident_pages(void *m, size_t pages)
{
	unsigned char vec[128];
	if (pages > sizeof(vec) || mincore(m, pages * 4096, vec) != 0)
		return -1;
	int n = 0;
	for (size_t i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

#endif
