/*
 * expect.h - one check in a test program.
 *
 * Define TEST_NAME before including. expect() prints one line,
 * "NAME: ok: what (got G, want W)" or "NAME: WRONG: ...", and counts the
 * wrong ones in `failed`, which a test returns as its exit status. The QEMU
 * tests look for the lines, and forbid WRONG.
 */
#ifndef USER_TESTS_EXPECT_H
#define USER_TESTS_EXPECT_H

#include <stdio.h>

static int failed;

static inline void expect(const char *what, long got, long want)
{
	int ok = got == want;
	failed += !ok;
	printf(TEST_NAME ": %s: %s (got %ld, want %ld)\n", ok ? "ok" : "WRONG", what, got, want);
}

#endif
