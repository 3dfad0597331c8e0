/*
 * test_launcher.c - unmodified programs under bower-pager, against
 * themselves run plainly.
 *
 * mapper (mapper.c) is an ordinary program; each test runs it alone and
 * under the launcher and compares what it prints, or the files it wrote.
 * The pager's own counters (--stats) show a mapping was served, not handed
 * to Linux. Also: the launcher's errors, the fall-back where userfaultfd is
 * refused (as user nobody, with the system call filtered out), and a trace
 * recorded by the pager that the simulator replays with the same faults.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "files.h"
#include "harness.h"
#include "uffd.h"

#ifndef SCRATCH_DIR
#error "SCRATCH_DIR, LAUNCHER, MAPPER and SIM are set by tests.mk"
#endif

static char file[512], out[512], err[512], copy[512], trace[512];

enum { AS_ROOT = 0, AS_NOBODY = 1, NO_UFFD = 2 };
#define UNREACHABLE 125 /* run()'s status: nobody cannot reach the programs */

/* Run as nobody: its status, or skip where nobody cannot reach the build
 * (a directory above it that others may not search, as /root is). */
static int run_as_nobody(char *const argv[], int how);

/* Run argv with stdout and stderr to the scratch files: its exit status. */
static int run(char *const argv[], int how)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		if (how & NO_UFFD) { /* the system call refused, as a sandbox would */
			struct sock_filter f[] = {
			    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_userfaultfd, 0, 1),
			    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
			    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			};
			struct sock_fprog prog = {.len = 4, .filter = f};
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
			    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
				_exit(126);
		}
		if ((how & AS_NOBODY) && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(126);
		if ((how & AS_NOBODY) && (access(argv[0], X_OK) < 0 || access(file, R_OK) < 0))
			_exit(UNREACHABLE);
		execv(argv[0], argv);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int run_as_nobody(char *const argv[], int how)
{
	int status = run(argv, how | AS_NOBODY);
	if (status == UNREACHABLE)
		SKIP("user nobody cannot reach %s or %s (a directory above is not searchable)",
		     argv[0], file);
	return status;
}

static char *slurp(const char *path)
{
	static char buf[1 << 16];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void need_uffd(void)
{
	struct bp_uffd u;
	char why[512];
	if (uffd_open(&u, why, sizeof(why)) < 0)
		SKIP("userfaultfd is not available here: %s", why);
	close(u.fd);
	if (u.user_mode_only)
		SKIP("userfaultfd for user-mode faults only here: %s", "system calls would fail");
}

static void need_root(void)
{
	if (getuid() != 0)
		SKIP("needs root to run a child as nobody (uid %d)", (int)getuid());
}

/* The faults of the "all mappings" line of --stats, or -1 without one. */
static long total_faults(const char *stderr_text)
{
	const char *at = strstr(stderr_text, "all mappings: ");
	return at ? strtol(at + strlen("all mappings: "), NULL, 10) : -1;
}

/* Plain, then paged: the same output, and something was served. */
static void same_output(char *mode, char *a3, char *a4)
{
	char *plain[] = {MAPPER, mode, file, a3, a4, NULL};
	char *paged[] = {LAUNCHER, "--mem", "256K", "--stats", "--profiles", "",  "--",
			 MAPPER,   mode,    file,   a3,	       a4,	     NULL};
	EXPECT_EQ(run(plain, AS_ROOT), 0);
	char want[4096];
	snprintf(want, sizeof(want), "%s", slurp(out));
	EXPECT(strlen(want) > 4);
	EXPECT_EQ(run(paged, AS_ROOT), 0);
	if (strcmp(slurp(out), want) != 0) {
		bpt_say("%s: paged printed %.100s, plain %.100s", mode, slurp(out), want);
		_exit(1);
	}
	EXPECT(total_faults(slurp(err)) > 0);
}

static void test_sum(void)
{
	need_uffd();
	EXPECT(file_make(file, 600, 21) == 0);
	same_output("sum", NULL, NULL);
}

static void test_llm_runs(void)
{
	need_uffd();
	EXPECT(file_make(file, 512, 22) == 0);
	same_output("llm", "5", "3");
}

static void test_mremap(void)
{
	need_uffd();
	EXPECT(file_make(file, 600, 23) == 0);
	same_output("mremap", NULL, NULL);
}

static void test_fork(void)
{
	need_uffd();
	EXPECT(file_make(file, 600, 24) == 0);
	same_output("fork", NULL, NULL);
}

static void test_mapping_passed_to_write(void)
{
	need_uffd();
	EXPECT(file_make(file, 600, 25) == 0);
	same_output("syscall", copy, NULL);
}

/* Sparse writes through MAP_SHARED: the file afterwards, byte for byte,
 * is what the plain run left. */
static void test_write_back(void)
{
	need_uffd();
	EXPECT(file_make(file, 512, 26) == 0);
	EXPECT(file_make(copy, 512, 26) == 0);
	char *plain[] = {MAPPER, "write", copy, "4", NULL};
	char *paged[] = {LAUNCHER, "--mem", "64K",   "--stats", "--profiles", "",
			 "--",	   MAPPER,  "write", file,	"4",	      NULL};
	EXPECT_EQ(run(plain, AS_ROOT), 0);
	EXPECT_EQ(run(paged, AS_ROOT), 0);
	EXPECT(total_faults(slurp(err)) > 0);
	int a = open(file, O_RDONLY), b = open(copy, O_RDONLY);
	static unsigned char x[512 * TPAGE], y[512 * TPAGE];
	EXPECT(read(a, x, sizeof(x)) == sizeof(x) && read(b, y, sizeof(y)) == sizeof(y));
	EXPECT(memcmp(x, y, sizeof(x)) == 0);
	EXPECT(x[1 * TPAGE + 0] == 'A' && x[7 * TPAGE] == 'A'); /* run 0's walk: 1, 3, 7, ... */
	close(a);
	close(b);
}

static void test_bad_options(void)
{
	char *cases[][8] = {
	    {LAUNCHER, "--mem", "12Q", "--", "/bin/true", NULL},
	    {LAUNCHER, "--mem", "100", "--", "/bin/true", NULL},
	    {LAUNCHER, "--predictor", "psychic", "--", "/bin/true", NULL},
	    {LAUNCHER, "--batch", "0", "--", "/bin/true", NULL},
	    {LAUNCHER, "--frobnicate", "--", "/bin/true", NULL},
	    {LAUNCHER, "--mem", "1M", NULL},
	};
	const char *says[] = {"--mem 12Q: unknown unit",
			      "--mem 100: less than one page",
			      "--predictor psychic: no such predictor",
			      "--batch 0",
			      "unknown option --frobnicate",
			      "no program given"};
	for (size_t i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
		EXPECT_EQ(run(cases[i], AS_ROOT), 2);
		if (!strstr(slurp(err), says[i]))
			EXPECT(!"the message says what was wrong");
	}
}

static void test_exit_status(void)
{
	char *three[] = {LAUNCHER, "--", "/bin/sh", "-c", "exit 3", NULL};
	char *none[] = {LAUNCHER, "--", "/nonexistent/program", NULL};
	EXPECT_EQ(run(three, AS_ROOT), 3);
	EXPECT_EQ(run(none, AS_ROOT), 127);
	EXPECT(strstr(slurp(err), "/nonexistent/program: No such file or directory"));
}

/* Small files are Linux's, unless --files names them. */
static void test_small_files(void)
{
	need_uffd();
	EXPECT(file_make(file, 100, 27) == 0); /* 400 KiB */
	char *paged[] = {LAUNCHER, "--stats", "--profiles", "", "--", MAPPER, "sum", file, NULL};
	EXPECT_EQ(run(paged, AS_ROOT), 0);
	EXPECT_EQ(total_faults(slurp(err)), -1);
	char glob[600];
	snprintf(glob, sizeof(glob), "%s/*.dat", SCRATCH_DIR);
	char *named[] = {LAUNCHER, "--stats", "--profiles", "",	  "--files", glob,
			 "--",	   MAPPER,    "sum",	    file, NULL};
	EXPECT_EQ(run(named, AS_ROOT), 0);
	EXPECT(total_faults(slurp(err)) > 0);
}

/* Where userfaultfd is refused: one line on stderr, the program runs. */
static void test_fallback_without_userfaultfd(void)
{
	need_root();
	EXPECT(file_make(file, 600, 28) == 0);
	chmod(file, 0644);
	char *plain[] = {MAPPER, "sum", file, NULL};
	char *paged[] = {LAUNCHER, "--stats", "--profiles", "", "--", MAPPER, "sum", file, NULL};
	EXPECT_EQ(run(plain, AS_ROOT), 0);
	char want[256];
	snprintf(want, sizeof(want), "%s", slurp(out));
	EXPECT_EQ(run_as_nobody(paged, NO_UFFD), 0);
	EXPECT(strcmp(slurp(out), want) == 0);
	const char *e = slurp(err);
	EXPECT(strstr(e, "bower-pager: userfaultfd is not available (") == e);
	EXPECT(strstr(e, "file mappings go to plain mmap\n"));
	EXPECT(strchr(e, '\n') == e + strlen(e) - 1); /* one line, and nothing else */
}

/* As nobody, with vm.unprivileged_userfaultfd = 0: user-mode faults only,
 * said once, and reads served. */
static void test_user_mode_only(void)
{
	need_root();
	FILE *f = fopen("/proc/sys/vm/unprivileged_userfaultfd", "r");
	int unpriv = f ? fgetc(f) : '?';
	if (f)
		fclose(f);
	if (unpriv != '0')
		SKIP("vm.unprivileged_userfaultfd is %c, not 0: nobody may use it fully", unpriv);
	EXPECT(file_make(file, 600, 29) == 0);
	chmod(file, 0644);
	char *plain[] = {MAPPER, "sum", file, NULL};
	char *paged[] = {LAUNCHER, "--stats", "--profiles", "", "--", MAPPER, "sum", file, NULL};
	EXPECT_EQ(run(plain, AS_ROOT), 0);
	char want[256];
	snprintf(want, sizeof(want), "%s", slurp(out));
	EXPECT_EQ(run_as_nobody(paged, 0), 0);
	EXPECT(strcmp(slurp(out), want) == 0);
	EXPECT(strstr(slurp(err), "user-mode faults only"));
	EXPECT(total_faults(slurp(err)) > 0);
}

/* The pager's trace of a process's runs, replayed by prefetch-sim with the
 * same predictor, budget and batch, takes the same faults run by run. */
static void test_trace_replays_in_simulator(void)
{
	need_uffd();
	EXPECT(file_make(file, 512, 30) == 0);
	unlink(trace);
	char *paged[] = {LAUNCHER, "--mem",   "64K", "--batch",	   "16",  "--predictor",
			 "hybrid", "--learn", "now", "--profiles", "",	  "--trace",
			 trace,	   "--stats", "--",  MAPPER,	   "llm", file,
			 "12",	   "1",	      NULL};
	EXPECT_EQ(run(paged, AS_ROOT), 0);
	long pager[12];
	int n = 0;
	char *e = slurp(err);
	for (char *line = strtok(e, "\n"); line && n < 12; line = strtok(NULL, "\n"))
		if (!strstr(line, "all mappings") && strstr(line, " faults,"))
			pager[n++] = strtol(strstr(line, "): ") + 3, NULL, 10);
	EXPECT_EQ(n, 12);
	char *sim[] = {SIM, "sim", trace, "-p", "hybrid", "-c", "16", "-b", "16", "--csv", NULL};
	EXPECT_EQ(run(sim, AS_ROOT), 0);
	char *csv = slurp(out);
	int runs = 0;
	for (char *line = strtok(csv, "\n"); line; line = strtok(NULL, "\n")) {
		int r;
		long accesses, faults;
		if (sscanf(line, "%d,%ld,%ld", &r, &accesses, &faults) != 3)
			continue;
		EXPECT(r >= 1 && r <= 12);
		EXPECT_EQ(faults, pager[r - 1]);
		runs++;
	}
	EXPECT_EQ(runs, 12);
	EXPECT(pager[11] < pager[0]); /* and it learned */
}

static const struct bpt_test tests[] = {
    BPT(test_sum),
    BPT(test_llm_runs),
    BPT(test_mremap),
    BPT(test_fork),
    BPT(test_mapping_passed_to_write),
    BPT(test_write_back),
    BPT(test_bad_options),
    BPT(test_exit_status),
    BPT(test_small_files),
    BPT(test_fallback_without_userfaultfd),
    BPT(test_user_mode_only),
    BPT(test_trace_replays_in_simulator),
};

int main(int argc, char **argv)
{
	if (bpt_mkdirs(SCRATCH_DIR, 0755) < 0) {
		printf("FAIL: linux-launcher: cannot make %s\n", SCRATCH_DIR);
		return 1;
	}
	chmod(SCRATCH_DIR, 0777); /* nobody writes its output here too */
	snprintf(file, sizeof(file), "%s/weights.dat", SCRATCH_DIR);
	snprintf(copy, sizeof(copy), "%s/copy.dat", SCRATCH_DIR);
	snprintf(out, sizeof(out), "%s/out.txt", SCRATCH_DIR);
	snprintf(err, sizeof(err), "%s/err.txt", SCRATCH_DIR);
	snprintf(trace, sizeof(trace), "%s/runs.trace", SCRATCH_DIR);
	setvbuf(stdout, NULL, _IOLBF, 0);
	return BPT_MAIN("linux-launcher", tests, argc, argv);
}
