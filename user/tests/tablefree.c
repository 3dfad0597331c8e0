/*
 * tablefree.c - unmapping gives back the translation tables too.
 *
 * Besides its data pages, a mapping costs a table page per 2 MiB it spans
 * (and one per 1 GiB above that). Unmapping must return all of them: the
 * free-page count after an unmap equals the count before the map, exactly,
 * for a 200 MiB eager mapping, after ROUNDS more rounds of the same, and
 * for a lazy one touched once per 2 MiB. Two mappings sharing a table: the
 * unmap of one keeps the table for the other. A kernel that kept tables
 * until exit would be about a hundred pages short after each big round.
 * Prints one line per check and exits with the number that failed.
 */
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "tablefree"
#include "expect.h"

#define PAGE   4096L
#define MIB    (1024L * 1024)
#define BIG    (200 * MIB)
#define ROUNDS 100


static long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return (long)st.free_pages;
}

static char *map(uintptr_t at, long len, int flags)
{
	long va = bower_vm_map(at, len, BOWER_PROT_READ | BOWER_PROT_WRITE,
			       flags | (at ? BOWER_MAP_FIXED : 0));
	return va > 0 ? (char *)va : NULL;
}

/* One 200 MiB eager mapping, touched at both ends, then unmapped: the pages
 * it cost while mapped (data, tables and the kernel's page list). */
static long big_round(void)
{
	long before = free_pages();
	char *p = map(0, BIG, BOWER_MAP_EAGER);
	if (!p)
		return -1;
	long cost = before - free_pages();
	p[0] = 1;
	p[BIG - 1] = 2;
	bower_vm_unmap((uintptr_t)p, BIG);
	return cost;
}

int main(void)
{
	printf("tablefree: mapping %ld MiB eager, %d rounds\n", BIG / MIB, ROUNDS + 1);
	long base = free_pages();

	long cost = big_round();
	expect("a 200 MiB eager mapping costs its pages and ~100 tables", cost > BIG / PAGE + 100,
	       1);
	expect("its unmap gives back every page, tables included", free_pages(), base);

	int wrong = 0;
	for (int i = 0; i < ROUNDS; i++)
		wrong += big_round() < 0 || free_pages() != base;
	expect("rounds that did not give back every page", wrong, 0);
	expect("free pages after the rounds", free_pages(), base);

	/* Lazy, one touched page per 2 MiB: a table for each, and one page. */
	char *lazy = map(0, BIG, 0);
	for (long off = 0; lazy && off < BIG; off += 2 * MIB)
		lazy[off] = 1;
	expect("lazy touched once per 2 MiB costs a page and a table each",
	       base - free_pages() >= 2 * (BIG / (2 * MIB)), 1);
	bower_vm_unmap((uintptr_t)lazy, BIG);
	expect("its unmap gives back every page", free_pages(), base);

	/* Two mappings in one 2 MiB: one table. Unmapping the first keeps it. */
	uintptr_t at = 0x200000000UL;
	char *a = map(at, 16 * PAGE, BOWER_MAP_EAGER);
	char *b = map(at + 16 * PAGE, 16 * PAGE, BOWER_MAP_EAGER);
	expect("two mappings in one table", a && b, 1);
	if (a && b) {
		memset(b, 0x5b, 16 * PAGE);
		bower_vm_unmap((uintptr_t)a, 16 * PAGE);
		int same = 1;
		for (long i = 0; i < 16 * PAGE; i++)
			same &= b[i] == 0x5b;
		expect("the second keeps its data after the first is unmapped", same, 1);
		bower_vm_unmap((uintptr_t)b, 16 * PAGE);
	}
	expect("free pages at the end", free_pages(), base);
	printf("tablefree: %d checks failed\n", failed);
	return failed;
}
