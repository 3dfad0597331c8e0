/*
 * msynctest.c - msync checks that its range is mapped: POSIX says ENOMEM
 * if any page of it is not. Builds for Bower and for Linux.
 */
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>
#include "posix_check.h"

#define PAGE 4096

int main(void)
{
	check_prog = "msynctest";
	/* Three pages to make a hole in: keep the first, give back the others,
	 * so the range past the first page is known to be unmapped. */
	char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("map three pages", m != MAP_FAILED, 1);
	if (m == MAP_FAILED)
		return check_summary();
	expect("msync of a mapped range", msync(m, 3 * PAGE, MS_SYNC), 0);
	expect("unmap them", munmap(m, 3 * PAGE), 0);
	expect_err("msync of an unmapped range is ENOMEM", msync(m, PAGE, MS_SYNC), ENOMEM);
	char *one =
	    mmap(m, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	expect("map the first page again", one == m, 1);
	expect("msync of that page", msync(m, PAGE, MS_ASYNC), 0);
	expect_err("msync of it and the unmapped page after it is ENOMEM",
		   msync(m, 2 * PAGE, MS_SYNC), ENOMEM);
	expect_err("msync starting in the hole is ENOMEM", msync(m + PAGE, PAGE, MS_SYNC), ENOMEM);
	expect_err("msync of an unaligned address is EINVAL", msync(m + 1, PAGE, MS_SYNC), EINVAL);
	expect_err("msync with MS_SYNC and MS_ASYNC is EINVAL", msync(m, PAGE, MS_SYNC | MS_ASYNC),
		   EINVAL);
	munmap(one, PAGE);
	return check_summary();
}
