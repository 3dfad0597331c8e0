/*
 * mprotecttest.c - mprotect: new permissions for part of a mapping, as
 * POSIX says and Linux does. A write to a page made read-only ends the
 * program with SIGSEGV (a child tries it); one made writable again takes
 * writes; a file mapped read-only cannot be made writable (EACCES). Builds
 * for Bower and for Linux.
 *
 *	mprotecttest          the checks
 *	mprotecttest write    (spawned) writes to a page it made read-only
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

#define PAGE 4096

static char path[256]; /* scratch_file's */

static int write_after_protect(void)
{
#ifndef __bower__
	signal(SIGSEGV, SIG_DFL); /* the sanitizer's handler would exit instead */
#endif
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m[PAGE] = 1;
	mprotect(m + PAGE, PAGE, PROT_READ);
	m[PAGE] = 2; /* never returns */
	return 0;
}

int main(int argc, char **argv)
{
	scratch_file(path, sizeof(path), argc, argv, "mprotecttest.dat");
	if (argc > 1 && strcmp(argv[1], "write") == 0)
		return write_after_protect();
	check_prog = "mprotecttest";
	char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("four pages", m != MAP_FAILED, 1);
	for (int p = 0; p < 4; p++)
		m[p * PAGE] = (char)('a' + p);
	expect("the middle two read-only", mprotect(m + PAGE, 2 * PAGE, PROT_READ), 0);
	expect("they still read", m[PAGE] == 'b' && m[2 * PAGE] == 'c', 1);
	expect("the ends still write", (m[0] = 'A', m[3 * PAGE] = 'D', m[0] == 'A'), 1);
	expect("writable again", mprotect(m, 4 * PAGE, PROT_READ | PROT_WRITE), 0);
	m[2 * PAGE] = 'C';
	expect("and it writes", m[2 * PAGE], 'C');
	expect("no access at all", mprotect(m + 3 * PAGE, PAGE, PROT_NONE), 0);
	expect("and back", mprotect(m + 3 * PAGE, PAGE, PROT_READ), 0);
	expect("the data stayed", m[3 * PAGE], 'D');
	expect_err("unaligned", mprotect(m + 1, PAGE, PROT_READ), EINVAL);
	munmap(m + 3 * PAGE, PAGE);
	expect_err("a range with a page not mapped", mprotect(m, 4 * PAGE, PROT_READ), ENOMEM);
	munmap(m, 3 * PAGE);

	char *argv2[] = {"mprotecttest", "write", NULL};
	pid_t pid = spawn_self("mprotecttest", argv2);
	int status = 0;
	waitpid(pid, &status, 0);
	expect("a write to a read-only page ends the program with SIGSEGV",
	       WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, 1);

	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char page[PAGE] = {0};
	write(fd, page, PAGE);
	close(fd);
	fd = open(path, O_RDONLY);
	char *f = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("a file mapped read-only", f != MAP_FAILED, 1);
	expect_err("cannot be made writable", mprotect(f, PAGE, PROT_READ | PROT_WRITE), EACCES);
	munmap(f, PAGE);
	close(fd);
	unlink(path);
	return check_summary();
}
