/*
 * mmaptest.c - file mappings through the file server's pager.
 *
 *	mmaptest [DIR]        the checks below, one line each, on files in DIR
 *	                      (default the root; /disk for the disk's ext2)
 *	mmaptest writer F     (child) maps F shared and writes a marker
 *	mmaptest pasteof F    (child) touches a page past the end of F
 *
 * Exit status: the number of checks that went wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <bower/spawn.h>

#define TEST_NAME "mmaptest"
#include "expect.h"

#define PAGE 4096


static int child(const char *role, const char *path)
{
	int fd = open(path, O_RDWR);
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return 2;
	if (strcmp(role, "writer") == 0) {
		memcpy(m + PAGE + 10, "from the child", 15);
		return 0;
	}
	return m[PAGE + 5]; /* pasteof: the file has one page */
}

static int run_child(const char *role, const char *path)
{
	char *const argv[] = {"mmaptest", (char *)role, (char *)path, NULL};
	int status = -1;
	waitpid(spawnv("mmaptest", argv), &status, 0);
	return status;
}

int main(int argc, char **argv)
{
	if (argc > 2)
		return child(argv[1], argv[2]);
	char mapped[200], small[200];
	snprintf(mapped, sizeof(mapped), "%s/mapped", argc > 1 ? argv[1] : "");
	snprintf(small, sizeof(small), "%s/small", argc > 1 ? argv[1] : "");

	/* A two-page file. */
	int fd = open(mapped, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("ftruncate to two pages", ftruncate(fd, 2 * PAGE), 0);
	pwrite(fd, "written by write", 16, 100);
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect("shared mapping", m != MAP_FAILED, 1);
	expect("the mapping shows what write() wrote", memcmp(m + 100, "written by write", 16), 0);
	expect("a hole reads as zero", m[PAGE + 77], 0);
	memcpy(m + 2000, "written by the mapping", 22);
	char buf[32] = {0};
	expect("read() shows what the mapping wrote", pread(fd, buf, 22, 2000), 22);
	expect("same bytes", strcmp(buf, "written by the mapping"), 0);
	expect("msync", msync(m, 2 * PAGE, MS_SYNC), 0);
	expect("msync with bad flags", msync(m, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	       1);
	pwrite(fd, "again", 5, 2000);
	expect("a later write() shows in the mapping", memcmp(m + 2000, "again", 5), 0);

	/* Another process maps the same file and writes. */
	expect("the other process ran", run_child("writer", mapped), 0);
	expect("its write shows here", memcmp(m + PAGE + 10, "from the child", 15), 0);

	/* Private mappings see the file until they write: then a copy. */
	char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	expect("private read-only mapping", p != MAP_FAILED, 1);
	expect("it reads the file", memcmp(p + 2000, "again", 5), 0);
	char *w = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	expect("private writable mapping", w != MAP_FAILED, 1);
	if (w != MAP_FAILED) {
		w[2000] = 'X';
		expect("its write is its own (copy on write)",
		       m[2000] == 'a' && w[2000] == 'X' && w[2001] == 'g', 1);
		munmap(w, PAGE);
	}
	int ro = open(mapped, O_RDONLY);
	expect("writable mapping of a read-only descriptor",
	       mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED &&
		   errno == EACCES,
	       1);
	close(ro);
	expect("munmap", munmap(p, PAGE), 0);
	expect("munmap the shared one", munmap(m, 2 * PAGE), 0);

	/* Past the end of the file: a bus error kills the toucher only. */
	int sfd = open(small, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(sfd, PAGE);
	close(sfd);
	int status = run_child("pasteof", small);
	expect("touching past the end kills with SIGBUS", WIFEXITED(status) ? -1 : WTERMSIG(status),
	       7);
	struct stat st;
	stat(small, &st);
	expect("and does not grow the file", st.st_size, PAGE);

	/* Truncation takes pages away from mappings. */
	m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	m[PAGE] = 'x';
	expect("truncate under a mapping", ftruncate(fd, PAGE), 0);
	expect("the file lost its second page", lseek(fd, 0, SEEK_END), PAGE);
	munmap(m, 2 * PAGE);
	close(fd);
	unlink(mapped);
	unlink(small);
	printf("mmaptest: %d checks failed\n", failed);
	return failed;
}
