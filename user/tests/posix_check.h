/*
 * posix_check.h - checks for the POSIX tests that build for Bower and for
 * Linux alike: one line per check, "PASS: prog: what" or "FAIL: prog: what
 * (got ...)", the form both test runners count, then "prog: N checks
 * failed" (which the QEMU row looks for) and that number as exit status.
 */
#ifndef POSIX_CHECK_H
#define POSIX_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Where a test may make files: the root on Bower, a build directory when
 * the test runs on the machine that builds it. */
#ifndef SCRATCH_DIR
#define SCRATCH_DIR ""
#endif

/* The path of file `name` in the directory the test's first argument
 * names, or SCRATCH_DIR without one (`run=munmaptest:/disk` puts it on
 * the disk), into out. */
static inline void scratch_file(char *out, size_t size, int argc, char **argv, const char *name)
{
	snprintf(out, size, "%s/%s", argc > 1 ? argv[1] : SCRATCH_DIR, name);
}

static const char *check_prog;
static int check_failed;

static void expect(const char *what, long got, long want)
{
	int ok = got == want;
	check_failed += !ok;
	if (ok)
		printf("PASS: %s: %s\n", check_prog, what);
	else
		printf("FAIL: %s: %s (got %ld, want %ld)\n", check_prog, what, got, want);
}

/* A call that must fail (-1) with errno err. */
static void expect_err(const char *what, long ret, int err)
{
	int got = errno;
	int ok = ret == -1 && got == err;
	check_failed += !ok;
	if (ok)
		printf("PASS: %s: %s\n", check_prog, what);
	else
		printf("FAIL: %s: %s (got %ld errno %d '%s', want -1 errno %d)\n", check_prog, what,
		       ret, ret == -1 ? got : 0, ret == -1 ? strerror(got) : "", err);
}

static int check_summary(void)
{
	printf("%s: %d checks failed\n", check_prog, check_failed);
	return check_failed;
}

#endif
