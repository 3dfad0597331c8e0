/*
 * check.h - the host unit-test harness.
 *
 * A test suite is a table of named functions. Running the suite binary with
 * no argument runs every test; with names, only those. Each test prints one
 * line, "PASS: suite/name" or "FAIL: suite/name: file:line: what", which the
 * top-level runner (tools/test.sh) counts. A failing CHECK does not stop the
 * test: every broken expectation is reported.
 *
 *	static void test_split(void) { CHECK_EQ(split(8), 4); }
 *	static const struct check_test tests[] = { CHECK_TEST(test_split) };
 *	int main(int argc, char **argv) { return CHECK_MAIN("buddy", tests, argc, argv); }
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_test {
	const char *name;
	void (*fn)(void);
};

#define CHECK_TEST(fn)                                                                             \
	{                                                                                          \
#fn, fn                                                                            \
	}

/* Failures recorded by the test running now, and the first message. */
static int check_failures;
static char check_first[512];

static inline void check_fail(const char *file, int line, const char *what)
{
	if (check_failures == 0)
		snprintf(check_first, sizeof(check_first), "%s:%d: %s", file, line, what);
	if (check_failures++ < 5) /* the first few are the useful ones */
		printf("  %s:%d: check failed: %s\n", file, line, what);
}

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			check_fail(__FILE__, __LINE__, #cond);                                     \
	} while (0)

#define CHECK_EQ(a, b)                                                                             \
	do {                                                                                       \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);                    \
		if (check_a_ != check_b_) {                                                        \
			char check_m_[256];                                                        \
			snprintf(check_m_, sizeof(check_m_), "%s == %s (%lld != %lld)", #a, #b,    \
				 check_a_, check_b_);                                              \
			check_fail(__FILE__, __LINE__, check_m_);                                  \
		}                                                                                  \
	} while (0)

static inline int check_selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

static inline int check_run(const char *suite, const struct check_test *tests, size_t n, int argc,
			    char **argv)
{
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		if (!check_selected(tests[i].name, argc, argv))
			continue;
		check_failures = 0;
		check_first[0] = '\0';
		tests[i].fn();
		if (check_failures) {
			printf("FAIL: %s/%s: %s\n", suite, tests[i].name, check_first);
			failed++;
		} else {
			printf("PASS: %s/%s\n", suite, tests[i].name);
		}
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

/* A whole file read into a malloc'd buffer (NULL if unreadable); tests
 * use it for inputs the build made with real tools. */
static inline unsigned char *check_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	*size = n;
	return buf;
}

#define CHECK_MAIN(suite, tests, argc, argv)                                                       \
	check_run(suite, tests, sizeof(tests) / sizeof((tests)[0]), argc, argv)

#endif
