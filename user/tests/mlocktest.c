/*
 * mlocktest.c - mlock, munlock, mlockall and munlockall, as POSIX and
 * Linux have them. It builds for Linux, but is not among the host tests:
 * the build machines' kernel (a sandbox's) accepts every mlock and
 * brings nothing in, so the checks cannot hold there. A locked range is
 * in memory at once (mincore), a range with a page not mapped is ENOMEM,
 * and after mlockall(MCL_FUTURE) a new mapping is in memory as soon as it
 * is made. MAP_LLM's locks under its cap are llmcap's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include "posix_check.h"
#include "resident.h"

#define PAGE 4096

static void *anonymous(size_t pages)
{
	void *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return m == MAP_FAILED ? NULL : m;
}

int main(int argc, char **argv)
{
	check_prog = "mlocktest";
	char *m = anonymous(16);
	expect("an anonymous mapping starts out of memory", resident_pages(m, 16), 0);
	expect("lock 8 pages of it", mlock(m, 8 * PAGE), 0);
	expect("they are in memory", resident_pages(m, 8), 8);
	expect("the rest are not", resident_pages(m + 8 * PAGE, 8), 0);
	expect("what they hold is zero", m[3 * PAGE] == 0 && m[8 * PAGE - 1] == 0, 1);
	expect("unlock them", munlock(m, 8 * PAGE), 0);
	expect("unlocked pages stay where they are", resident_pages(m, 8), 8);
	expect("lock from inside a page: the whole page", mlock(m + 9 * PAGE + 100, 10), 0);
	expect("is in", resident_pages(m + 9 * PAGE, 1), 1);
	expect("lock nothing", mlock(m, 0), 0);
	munmap(m + 12 * PAGE, PAGE);
	expect_err("lock a range with a hole", mlock(m + 10 * PAGE, 4 * PAGE), ENOMEM);
	expect_err("unlock it", munlock(m + 10 * PAGE, 4 * PAGE), ENOMEM);
	expect_err("lock what is not mapped", mlock(m + 12 * PAGE, PAGE), ENOMEM);
	expect_err("lock the kernel's half", mlock((void *)0xffff000040000000UL, PAGE), ENOMEM);
	munmap(m, 16 * PAGE);

	/* A file's pages: brought in through its pager. */
	char path[256];
	scratch_file(path, sizeof(path), argc, argv, "mlocktest.data");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[PAGE];
	memset(page, 'f', sizeof(page));
	for (int i = 0; i < 4; i++)
		write(fd, page, sizeof(page));
	char *f = mmap(NULL, 4 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("lock a file mapping", mlock(f, 4 * PAGE), 0);
	expect("its pages are in", resident_pages(f, 4), 4);
	expect("and hold the file", f[2 * PAGE + 7], 'f');
	munlock(f, 4 * PAGE);
	munmap(f, 4 * PAGE);
	close(fd);
	unlink(path);

	expect_err("mlockall with no flags", mlockall(0), EINVAL);
	expect_err("mlockall with unknown flags", mlockall(0x100), EINVAL);
	expect("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT), 0);
	char *before = malloc(64);
	expect("the heap goes on working", before != NULL, 1);
	free(before);
	expect("munlockall", munlockall(), 0);
	expect("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE), 0);
	char *later = anonymous(4);
	expect("a mapping made after it is in memory at once", later ? resident_pages(later, 4) : -1, 4);
	expect("munlockall ends that", munlockall(), 0);
	char *after = anonymous(4);
	expect("a mapping made then is not", after ? resident_pages(after, 4) : -1, 0);
	munmap(later, 4 * PAGE);
	munmap(after, 4 * PAGE);

	struct rlimit rl;
	expect("RLIMIT_MEMLOCK is there", getrlimit(RLIMIT_MEMLOCK, &rl), 0);
	return check_summary();
}
