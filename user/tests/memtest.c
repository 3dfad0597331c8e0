/*
 * memtest.c - anonymous memory: lazy regions cost only the pages touched,
 * eager ones cost everything at once, and unmapping gives it all back.
 * Prints one line per check and exits with the number that failed.
 */
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "memtest"
#include "expect.h"

#define PAGES 64
#define PAGE  4096

static long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return (long)st.free_pages;
}


int main(void)
{
	long base = free_pages();

	/* Lazy: mapping costs nothing; each touched page costs one (plus the
	 * translation tables, which go with the unmap). */
	long before_lazy = free_pages();
	char *lazy = (char *)bower_vm_map(0, PAGES * PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE, 0);
	expect("lazy map succeeds", (long)lazy > 0, 1);
	lazy[0] = 1; /* brings in the tables */
	long after_first = free_pages();
	for (int i = 1; i < 9; i++)
		lazy[i * PAGE] = (char)i;
	expect("8 more touched pages cost 8 pages", after_first - free_pages(), 8);
	expect("untouched lazy pages read as zero", lazy[20 * PAGE + 5], 0);
	expect("data written is there", lazy[3 * PAGE], 3);
	expect("unmap succeeds", bower_vm_unmap((uintptr_t)lazy, PAGES * PAGE), 0);
	expect("unmap gives back the touched pages and their tables", free_pages(), before_lazy);

	/* Eager: every page is there at once. */
	long before_eager = free_pages();
	char *eager = (char *)bower_vm_map(0, PAGES * PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE,
					   BOWER_MAP_EAGER);
	long cost = before_eager - free_pages();
	expect("eager map costs at least every page", cost >= PAGES, 1);
	memset(eager, 0x5a, PAGES * PAGE);
	expect("touching eager pages costs nothing more", before_eager - free_pages(), cost);
	bower_vm_unmap((uintptr_t)eager, PAGES * PAGE);
	expect("eager unmap gives every page back", free_pages(), before_eager);
	expect("nothing lost since the start", free_pages(), base);
	printf("memtest: %d checks failed\n", failed);
	return failed;
}
