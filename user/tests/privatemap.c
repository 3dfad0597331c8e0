/*
 * privatemap.c - MAP_PRIVATE file mappings are copy on write: what the
 * program writes there is its own, the file and other mappings of it are
 * unchanged; a read-only descriptor is enough; a kernel write into such a
 * mapping (read() into it) copies too; mprotect may make a read-only one
 * writable. Builds for Bower and for Linux.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "posix_check.h"

#define PAGE  4096
#define PAGES 4

static char path[256]; /* scratch_file's */

static char file_byte(int fd, off_t at)
{
	char c = 0;
	pread(fd, &c, 1, at);
	return c;
}

int main(int argc, char **argv)
{
	scratch_file(path, sizeof(path), argc, argv, "privatemap.dat");
	check_prog = "privatemap";
	static char data[PAGES * PAGE];
	memset(data, 'f', sizeof(data));
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("a file of 'f'", fd >= 0 && write(fd, data, sizeof(data)) == (ssize_t)sizeof(data), 1);
	close(fd);
	int ro = open(path, O_RDONLY);
	char *p = mmap(NULL, sizeof(data), PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	expect("a writable private mapping of a read-only descriptor", p != MAP_FAILED, 1);
	const volatile char *s = mmap(NULL, sizeof(data), PROT_READ, MAP_SHARED, ro, 0);
	expect("and a shared one beside it", s != MAP_FAILED, 1);
	expect("both read the file", p[0] == 'f' && s[0] == 'f', 1);
	p[0] = 'P';
	p[2 * PAGE + 5] = 'Q';
	expect("the private one sees its writes", p[0] == 'P' && p[2 * PAGE + 5] == 'Q', 1);
	expect("the shared one does not", s[0] == 'f' && s[2 * PAGE + 5] == 'f', 1);
	expect("nor the file", file_byte(ro, 0) == 'f' && file_byte(ro, 2 * PAGE + 5) == 'f', 1);
	expect("pages it did not write still show the file", p[PAGE] == 'f' && p[3 * PAGE] == 'f', 1);
	int src = open(path, O_RDONLY);
	expect("read() into the private mapping", read(src, p + 3 * PAGE, 3), 3);
	close(src);
	p[3 * PAGE] = 'R';
	expect("is its own too", p[3 * PAGE] == 'R' && s[3 * PAGE] == 'f', 1);
	expect("unmap both", munmap(p, sizeof(data)) == 0 && munmap((void *)s, sizeof(data)) == 0, 1);
	expect("the file is as it was", file_byte(ro, 0) == 'f' && file_byte(ro, 3 * PAGE) == 'f', 1);

	expect_err("a private mapping of a write-only descriptor",
		   mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, open(path, O_WRONLY), 0) == MAP_FAILED ? -1 : 0,
		   EACCES);
	char *q = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, ro, 0);
	expect("a read-only private mapping", q != MAP_FAILED, 1);
	expect("made writable", mprotect(q, PAGE, PROT_READ | PROT_WRITE), 0);
	q[1] = 'W';
	expect("writes its own copy", q[1] == 'W' && file_byte(ro, 1) == 'f', 1);
	munmap(q, PAGE);
	close(ro);
	unlink(path);
	return check_summary();
}
