/*
 * munmaptest.c - munmap of part of a mapping, of nothing, and MAP_FIXED
 * over what is there, as POSIX says and Linux does, and the limit on how
 * many mappings a process holds. Builds for Bower and for Linux.
 *
 * A range no longer mapped is seen with msync, which is ENOMEM there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "posix_check.h"

#define PAGE 4096

static char path[256]; /* scratch_file's */

static int mapped(void *p)
{
	return msync(p, PAGE, MS_ASYNC) == 0;
}

static char *anon(size_t pages)
{
	char *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	for (size_t p = 0; m != MAP_FAILED && p < pages; p++)
		m[p * PAGE] = (char)('a' + p);
	return m;
}

static void anonymous_parts(void)
{
	char *m = anon(6);
	expect("six pages", m != MAP_FAILED, 1);
	expect("unmap a page in the middle", munmap(m + 2 * PAGE, PAGE), 0);
	expect("it is gone", mapped(m + 2 * PAGE), 0);
	expect("the pages before it stay", mapped(m) && m[0] == 'a' && m[PAGE] == 'b', 1);
	expect("the pages after it stay", mapped(m + 3 * PAGE) && m[3 * PAGE] == 'd', 1);
	expect("unmap the first page", munmap(m, PAGE), 0);
	expect("unmap the last page", munmap(m + 5 * PAGE, PAGE), 0);
	expect("what is left", mapped(m + PAGE) && m[PAGE] == 'b' && m[4 * PAGE] == 'e', 1);
	expect("the ends are gone", !mapped(m) && !mapped(m + 5 * PAGE), 1);
	expect("unmap all of it, holes and all", munmap(m, 6 * PAGE), 0);
	expect("nothing left", mapped(m + PAGE) || mapped(m + 4 * PAGE), 0);
	expect("unmap where nothing is mapped", munmap(m, 6 * PAGE), 0);
	expect_err("unmap unaligned", munmap(m + 1, PAGE), EINVAL);
	expect_err("unmap no bytes", munmap(m, 0), EINVAL);
}

static void fixed_over(void)
{
	char *m = anon(3);
	char *n = mmap(m + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		       -1, 0);
	expect("MAP_FIXED over a mapped page", n == m + PAGE, 1);
	expect("replaces it (new memory reads zeros)", m[PAGE], 0);
	expect("and leaves its neighbours", m[0] == 'a' && m[2 * PAGE] == 'c', 1);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[PAGE];
	memset(page, 'F', sizeof(page));
	expect("a file page", fd >= 0 && write(fd, page, PAGE) == PAGE, 1);
	char *f = mmap(m + 2 * PAGE, PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	expect("MAP_FIXED of a file over anonymous memory", f == m + 2 * PAGE, 1);
	expect("it shows the file", f != MAP_FAILED && m[2 * PAGE] == 'F', 1);
	close(fd);
	unlink(path);
	munmap(m, 3 * PAGE);
}

static void file_parts(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[PAGE];
	for (int p = 0; p < 4; p++) {
		memset(page, '0' + p, sizeof(page));
		write(fd, page, PAGE);
	}
	char *m = mmap(NULL, 4 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("a file of four pages mapped", m != MAP_FAILED, 1);
	expect("unmap its second page", munmap(m + PAGE, PAGE), 0);
	expect("the rest still shows the file",
	       m[0] == '0' && m[2 * PAGE] == '2' && m[3 * PAGE] == '3', 1);
	expect("the page is gone", mapped(m + PAGE), 0);
	munmap(m, 4 * PAGE);
	close(fd);
	unlink(path);
}

static void bad_descriptors(void)
{
	expect_err("a file mapping of descriptor -1",
		   mmap(NULL, PAGE, PROT_READ, MAP_SHARED, -1, 0) == MAP_FAILED ? -1 : 0, EBADF);
	int p[2];
	pipe(p);
	expect_err("a mapping of a pipe",
		   mmap(NULL, PAGE, PROT_READ, MAP_SHARED, p[0], 0) == MAP_FAILED ? -1 : 0, ENODEV);
	close(p[0]);
	close(p[1]);
}

/* Mappings until ENOMEM: a process may hold only so many (Linux's
 * vm.max_map_count, Bower's VMSPACE_MAX_REGIONS), and running into the
 * limit is an error, not the kernel's memory gone. At the limit a munmap
 * that cuts a mapping in two is ENOMEM too; once they are unmapped,
 * mapping works again. Neighbours alternate their protection, so that no
 * kernel merges them. */
static void mappings_until_enomem(void)
{
	enum { MOST = 200000 };
	char **maps = malloc(MOST * sizeof(*maps));
	long n = 0;
	int err = 0;
	for (; maps && n < MOST; n++) {
		int prot = n % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
		maps[n] = mmap(NULL, 3 * PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (maps[n] == MAP_FAILED) {
			err = errno;
			break;
		}
	}
	expect("mappings until an error: thousands", n >= 4096, 1);
	expect("the error at the limit is ENOMEM", err, ENOMEM);
	long mapped_first = n ? mapped(maps[0]) : 0;
	expect("the first is still mapped", mapped_first, 1);
	if (n > 0) {
		/* Make room for one, use it, then cut another in two. */
		munmap(maps[--n], 3 * PAGE);
		char *one = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		expect("one more fits where one went", one != MAP_FAILED, 1);
		expect_err("at the limit, a cut in the middle", munmap(maps[0] + PAGE, PAGE), ENOMEM);
		expect("and it changed nothing", mapped(maps[0] + PAGE), 1);
		if (one != MAP_FAILED)
			munmap(one, PAGE);
	}
	for (long i = 0; i < n; i++)
		munmap(maps[i], 3 * PAGE);
	char *again = anon(2);
	expect("all unmapped, mapping works again", again != MAP_FAILED, 1);
	if (again != MAP_FAILED)
		munmap(again, 2 * PAGE);
	free(maps);
}

int main(int argc, char **argv)
{
	scratch_file(path, sizeof(path), argc, argv, "munmaptest.dat");
	check_prog = "munmaptest";
	anonymous_parts();
	fixed_over();
	file_parts();
	bad_descriptors();
	mappings_until_enomem();
	return check_summary();
}
