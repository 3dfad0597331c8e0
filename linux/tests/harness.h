/*
 * harness.h - the Linux pager's test table, each test in a process of its own.
 *
 * The pager reads its settings once per process and keeps one budget per
 * process, so every test runs in a child forked for it: it sets the
 * environment it wants, maps, checks, and exits. The parent prints one line
 * per test for tools/test.sh: "PASS: suite/name", "FAIL: suite/name: why"
 * (the first failed EXPECT, a signal, or a time limit), or, where the
 * machine cannot run it, "SKIP: suite/name: why", which counts as neither.
 * Give test names as arguments to run only those.
 */
#ifndef BP_HARNESS_H
#define BP_HARNESS_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct bpt_test {
	const char *name;
	void (*fn)(void);
};
#define BPT(fn)                                                                                    \
	{                                                                                          \
#fn, fn                                                                            \
	}

#define BPT_SKIPPED 77
#define BPT_TIMEOUT 120

static int bpt_report = -1; /* the child's end of the pipe to the parent */

static void bpt_say(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n > 0 && bpt_report >= 0)
		write(bpt_report, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
}

/* The first failure ends the test: what follows would only repeat it. */
#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			bpt_say("%s:%d: %s", __FILE__, __LINE__, #cond);                           \
			_exit(1);                                                                  \
		}                                                                                  \
	} while (0)
#define EXPECT_EQ(a, b)                                                                            \
	do {                                                                                       \
		long long bpt_a_ = (long long)(a), bpt_b_ = (long long)(b);                        \
		if (bpt_a_ != bpt_b_) {                                                            \
			bpt_say("%s:%d: %s == %s (%lld != %lld)", __FILE__, __LINE__, #a, #b,      \
				bpt_a_, bpt_b_);                                                   \
			_exit(1);                                                                  \
		}                                                                                  \
	} while (0)
#define SKIP(...)                                                                                  \
	do {                                                                                       \
		bpt_say(__VA_ARGS__);                                                              \
		_exit(BPT_SKIPPED);                                                                \
	} while (0)

static int bpt_run_one(const char *suite, const struct bpt_test *t)
{
	int p[2];
	char msg[512] = "";
	if (pipe(p) < 0)
		return 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		bpt_report = p[1];
		alarm(BPT_TIMEOUT);
		t->fn();
		_exit(0);
	}
	close(p[1]);
	ssize_t n, len = 0;
	while ((n = read(p[0], msg + len, sizeof(msg) - 1 - (size_t)len)) > 0)
		len += n;
	msg[len] = '\0';
	close(p[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("PASS: %s/%s\n", suite, t->name);
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == BPT_SKIPPED) {
		printf("SKIP: %s/%s: %s\n", suite, t->name, msg);
		return 0;
	}
	if (WIFSIGNALED(status))
		printf("FAIL: %s/%s: %s%s%s\n", suite, t->name,
		       WTERMSIG(status) == SIGALRM ? "time limit" : strsignal(WTERMSIG(status)),
		       msg[0] ? ": " : "", msg);
	else
		printf("FAIL: %s/%s: %s\n", suite, t->name, msg[0] ? msg : "exited with failure");
	return 1;
}

static int bpt_main(const char *suite, const struct bpt_test *tests, size_t n, int argc,
		    char **argv)
{
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		int chosen = argc < 2;
		for (int a = 1; a < argc; a++)
			chosen |= strcmp(argv[a], tests[i].name) == 0;
		if (chosen)
			failed += bpt_run_one(suite, &tests[i]);
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

/* mkdir -p: a test's scratch directory, parents and all (a fresh clone
 * has none of them). 0 or -1. */
static int bpt_mkdirs(const char *dir, mode_t mode)
{
	char p[1024];
	snprintf(p, sizeof(p), "%s", dir);
	for (char *c = p + 1; *c; c++)
		if (*c == '/') {
			*c = '\0';
			if (mkdir(p, mode) < 0 && errno != EEXIST)
				return -1;
			*c = '/';
		}
	return mkdir(p, mode) < 0 && errno != EEXIST ? -1 : 0;
}

#define BPT_MAIN(suite, tests, argc, argv)                                                         \
	bpt_main(suite, tests, sizeof(tests) / sizeof((tests)[0]), argc, argv)

#endif
