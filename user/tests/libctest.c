/*
 * libctest.c - picolibc on Bower: the parts that need the OS layer.
 *
 * malloc over the lazily mapped heap, clocks from the generic timer,
 * rand/srand, anonymous mmap, spawn and wait, and errno for what Bower
 * does not support. One line per check; the exit status counts failures.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <bower/spawn.h>

#define TEST_NAME "libctest"
#include "expect.h"


static void heap(void)
{
	enum { N = 200 };
	static char *blocks[N];
	for (int i = 0; i < N; i++) {
		blocks[i] = malloc((size_t)(i + 1) * 100);
		if (blocks[i])
			memset(blocks[i], i, (size_t)(i + 1) * 100);
	}
	int intact = 1;
	for (int i = 0; i < N; i++)
		intact &= blocks[i] && blocks[i][(i + 1) * 100 - 1] == (char)i;
	expect("200 malloc'd blocks keep their contents", intact, 1);
	for (int i = 0; i < N; i++)
		free(blocks[i]);
	char *big = malloc(8 << 20);
	expect("an 8 MiB malloc", big != NULL, 1);
	if (big)
		big[(8 << 20) - 1] = 1;
	free(big);
	int *z = calloc(1000, sizeof(int));
	int zero = 1;
	for (int i = 0; i < 1000; i++)
		zero &= z[i] == 0;
	expect("calloc zeroes", zero, 1);
	z = realloc(z, 100000 * sizeof(int));
	expect("realloc grows", z != NULL && z[999] == 0, 1);
	free(z);
	errno = 0;
	expect("malloc beyond the heap fails", malloc(1UL << 40) == NULL && errno == ENOMEM, 1);
}

static void clocks(void)
{
	struct timespec a, b;
	expect("clock_gettime", clock_gettime(CLOCK_MONOTONIC, &a), 0);
	for (volatile int i = 0; i < 100000; i++)
		;
	clock_gettime(CLOCK_MONOTONIC, &b);
	long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	expect("the clock moves forward", ns > 0, 1);
	expect("time() agrees with the clock", (long)time(NULL) >= (long)a.tv_sec, 1);
	/* The wall clock is the machine's (QEMU's PL031 starts at the host's
	 * time): after 2020, and a second of the counter later it is a
	 * second on, so two runs a second apart seed rand differently. */
	struct timespec r1, r2;
	expect("CLOCK_REALTIME", clock_gettime(CLOCK_REALTIME, &r1), 0);
	expect("the wall clock says after 2020", r1.tv_sec > 1577836800L, 1);
	expect("time() is the wall clock", (long)time(NULL) - (long)r1.tv_sec <= 1, 1);
	struct timespec m0, m;
	clock_gettime(CLOCK_MONOTONIC, &m0);
	do
		clock_gettime(CLOCK_MONOTONIC, &m);
	while ((m.tv_sec - m0.tv_sec) * 1000000000LL + (m.tv_nsec - m0.tv_nsec) < 1000000000LL);
	clock_gettime(CLOCK_REALTIME, &r2);
	long long moved = (r2.tv_sec - r1.tv_sec) * 1000000000LL + (r2.tv_nsec - r1.tv_nsec);
	expect("a second of the counter is a second of wall time",
	       moved >= 1000000000LL && moved < 1100000000LL, 1);
	expect("an unknown clock", clock_gettime((clockid_t)99, &a) == -1 && errno == EINVAL, 1);
}

static void random_numbers(void)
{
	srand(42);
	int first[5];
	for (int i = 0; i < 5; i++)
		first[i] = rand();
	srand(42);
	int same = 1;
	for (int i = 0; i < 5; i++)
		same &= rand() == first[i];
	expect("srand repeats the sequence", same, 1);
	expect("rand varies", first[0] != first[1] || first[1] != first[2], 1);
}

static void memory_maps(void)
{
	char *p = mmap(NULL, 5 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("anonymous mmap", p != MAP_FAILED, 1);
	expect("reads as zero", p[4 * 4096 + 7], 0);
	p[3 * 4096] = 'x';
	expect("writable", p[3 * 4096], 'x');
	expect("munmap", munmap(p, 5 * 4096), 0);
	expect("mmap of a console descriptor is refused (ENODEV, as Linux says for a terminal)",
	       mmap(NULL, 4096, PROT_READ, MAP_SHARED, 1, 0) == MAP_FAILED && errno == ENODEV, 1);
	expect("munmap of nothing is no error (POSIX)", munmap((void *)0x10000000, 4096), 0);
}

static void processes(void)
{
	char *const argv[] = {"exitcode", "7", NULL};
	pid_t pid = spawnv("exitcode", argv);
	expect("spawnv", pid > 0, 1);
	int status = 0;
	expect("waitpid", waitpid(pid, &status, 0), pid);
	expect("WIFEXITED", WIFEXITED(status), 1);
	expect("WEXITSTATUS", WEXITSTATUS(status), 7);
	char *const bad[] = {"no-such-program", NULL};
	expect("spawnv of a missing program",
	       spawnv("no-such-program", bad) == -1 && errno == ENOENT, 1);
	expect("wait with no children", wait(&status) == -1 && errno == ECHILD, 1);
	expect("getpid", getpid() > 1, 1);
	expect("kill(getpid(), 0) finds us", kill(getpid(), 0), 0);
	expect("kill of a process not ours is EPERM", kill(1, SIGTERM) == -1 && errno == EPERM, 1);
}

/* Bower spawns and never forks or execs (user/libc-os/nofork.c): the calls
 * are there and say ENOSYS. */
static void no_fork(void)
{
	errno = 0;
	expect("fork is ENOSYS", fork() == -1 && errno == ENOSYS, 1);
	char *argv[] = {"hello", NULL};
	errno = 0;
	expect("execv is ENOSYS", execv("/bin/hello", argv) == -1 && errno == ENOSYS, 1);
}

int main(void)
{
	heap();
	clocks();
	random_numbers();
	memory_maps();
	processes();
	no_fork();
	printf("libctest: %d checks failed\n", failed);
	return failed;
}
