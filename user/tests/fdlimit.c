/*
 * fdlimit.c - a process may hold as many descriptors as its limit says
 * (RLIMIT_NOFILE), more than 1024 when the limit allows, and gets EMFILE
 * exactly at the limit: the lowest free descriptor is always the one
 * handed out, so the last one is limit - 1. Builds for Bower and for Linux.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include "posix_check.h"

#define MANY 1100 /* more than Linux's default of 1024 */

static const char path[] = SCRATCH_DIR "/fdlimit.tmp";
static int fds[MANY + 16];

/* Open path until open fails: how many were opened; *err its errno,
 * *last the highest descriptor. At most max. */
static int open_until_failure(int max, int *err, int *last)
{
	int n = 0;
	*last = -1;
	*err = 0;
	while (n < max) {
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			*err = errno;
			break;
		}
		if (fd > *last)
			*last = fd;
		fds[n++] = fd;
	}
	return n;
}

static void close_all(int n)
{
	while (n > 0)
		close(fds[--n]);
}

/* With the soft limit at `limit`: descriptors up to limit - 1, then EMFILE. */
static void fill_to(rlim_t limit, const char *what_many, const char *what_emfile,
		    const char *what_last)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = limit;
	expect("set the soft limit", setrlimit(RLIMIT_NOFILE, &rl), 0);
	int err, last;
	int n = open_until_failure((int)limit + 1, &err, &last);
	expect(what_many, n > 0, 1);
	expect(what_emfile, err, EMFILE);
	expect(what_last, last, (long)limit - 1);
	close_all(n);
}

int main(void)
{
	check_prog = "fdlimit";
	struct rlimit start;
	expect("getrlimit(RLIMIT_NOFILE)", getrlimit(RLIMIT_NOFILE, &start), 0);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("make the file to open", fd >= 0, 1);
	close(fd);

	if (start.rlim_max >= MANY) {
		fill_to(MANY, "opens under a limit of 1100", "then EMFILE",
			"the last descriptor is 1099 (more than 1024 open)");
	} else {
		printf("fdlimit: the hard limit %lu is below %d: the many-files check is skipped\n",
		       (unsigned long)start.rlim_max, MANY);
	}
	fill_to(40, "opens under a limit of 40", "then EMFILE at 40", "the last descriptor is 39");

	/* A refused open makes no file. */
	struct rlimit rl = start;
	rl.rlim_cur = 40;
	setrlimit(RLIMIT_NOFILE, &rl);
	int err, last;
	int n = open_until_failure(40, &err, &last);
	static const char created[] = SCRATCH_DIR "/fdlimit.new";
	struct stat st;
	expect_err("O_CREAT at the limit is EMFILE", open(created, O_RDWR | O_CREAT, 0644), EMFILE);
	expect_err("and made no file", stat(created, &st), ENOENT);
	close_all(n);

	rl.rlim_cur = rl.rlim_max + 1;
	expect_err("a soft limit above the hard one is EINVAL", setrlimit(RLIMIT_NOFILE, &rl),
		   EINVAL);
	expect("the limits back as they were", setrlimit(RLIMIT_NOFILE, &start), 0);
	getrlimit(RLIMIT_NOFILE, &rl);
	expect("soft limit restored", (long)rl.rlim_cur, (long)start.rlim_cur);
	unlink(path);
	return check_summary();
}
