/*
 * spawnstorm.c - spawning until the kernel says ENOMEM must not lose pages.
 *
 *	spawnstorm [ROUNDS]   the test: one warm-up round, the free-page
 *	                      count, ROUNDS rounds, the count again (equal)
 *	spawnstorm round N    (child) one round: spawn idle children until a
 *	                      spawn fails with ENOMEM, then kill every child
 *	                      and reap it. Most rounds first fill memory until
 *	                      only a few hundred pages are free (a different
 *	                      number each round, so spawns fail at different
 *	                      steps of making a process); every tenth round
 *	                      does not, and runs into the kernel's limit on
 *	                      address spaces instead
 *	spawnstorm idle W     (grandchild) waits until it is killed: W "yield"
 *	                      gives the CPU away in a loop, "notify" blocks on
 *	                      a notification no one signals, "recv" on a port
 *	                      no one calls, "join" on a thread that never ends
 *
 * The children of a round take turns at the four ways of waiting, because
 * a kill must give back what each kind of wait holds (a wait keeps a
 * reference on what it waits for); a kill that missed one lost a small
 * object per killed waiter, a few pages a round.
 *
 * Each round runs in a process of its own and the count is taken in the
 * parent, around it (the parent holds most of memory, so that the rounds
 * need to fill little): the round's own memory (its filling, the page tables
 * for it) comes back when it exits, so what is missing afterwards is what
 * the kernel lost.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>

#define PAGE	     4096
#define MAX_CHILDREN 400 /* more than the kernel's address spaces (ASIDs) */

static long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return (long)st.free_pages;
}

static _Alignas(16) char spinner_stack[4096];

static void spin(uintptr_t unused)
{
	(void)unused;
	for (;;)
		bower_yield();
}

/* Wait, as `how` says, until killed. */
static _Noreturn void idle(const char *how)
{
	if (strcmp(how, "notify") == 0) {
		long n = bower_notify_create();
		if (n >= 0)
			bower_notify_wait((int)n, 1); /* never signalled */
	} else if (strcmp(how, "recv") == 0) {
		static char buf[64];
		struct bower_ipc_recv info;
		long port = bower_port_create();
		if (port >= 0)
			bower_ipc_recv((int)port, buf, sizeof(buf), &info); /* no one calls */
	} else if (strcmp(how, "join") == 0) {
		long t = bower_thread_create((uintptr_t)spin, 0,
					     (uintptr_t)spinner_stack + sizeof(spinner_stack));
		if (t >= 0)
			bower_thread_join((int)t); /* it never ends */
	}
	spin(0);
	for (;;)
		;
}

/* Kill (if still running) and reap one child: 0, or -1 if it was not ours. */
static int kill_and_reap(int pid)
{
	long cap = bower_process_cap(pid);
	if (cap < 0)
		return -1;
	long err = bower_process_kill((int)cap);
	bower_cap_delete((int)cap);
	if (err < 0 && err != -BOWER_ESRCH) /* ESRCH: it ended by itself */
		return -1;
	return bower_wait(pid, NULL) == pid ? 0 : -1;
}

/* Take memory until about `leave` pages are free: the mapping, or NULL. */
static char *fill_memory(long leave, size_t *len)
{
	long spare = free_pages() - leave;
	/* Mapping and touching n pages also costs the kernel about n / 256
	 * pages (the memory object's page array and the page tables). */
	spare -= spare / 256 + 8;
	if (spare <= 0)
		return NULL;
	*len = (size_t)spare * PAGE;
	char *m = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	for (size_t off = 0; off < *len; off += PAGE)
		m[off] = 1;
	return m;
}

static int round_of_spawns(int n)
{
	static int pids[MAX_CHILDREN];
	static char *ways[] = {"yield", "notify", "recv", "join"};
	size_t fill = 0;
	char *filling = n % 10 ? fill_memory(150 + (n * 37) % 400, &fill) : NULL;
	int count = 0, err = 0;
	while (count < MAX_CHILDREN) {
		char *const argv[] = {"spawnstorm", "idle", ways[count % 4], NULL};
		int pid = spawnv("spawnstorm", argv);
		if (pid < 0) {
			err = errno;
			break;
		}
		pids[count++] = pid;
	}
	if (filling)
		munmap(filling, fill);
	int bad = 0;
	for (int i = 0; i < count; i++)
		bad += kill_and_reap(pids[i]) < 0;
	if (err != ENOMEM || bad) {
		printf("spawnstorm: round %d: %d children, spawn error %d, %d not reaped\n", n,
		       count, err, bad);
		return 1;
	}
	return 0;
}

/* One round in a child process: 0 if it went as expected. */
static int run_round(int n)
{
	char num[16];
	snprintf(num, sizeof(num), "%d", n);
	char *const argv[] = {"spawnstorm", "round", num, NULL};
	int pid = spawnv("spawnstorm", argv), status = -1;
	if (pid < 0 || bower_wait(pid, &status) != pid) {
		printf("spawnstorm: cannot run round %d\n", n);
		return -1;
	}
	return status == BOWER_STATUS_EXITED(0) ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "idle") == 0)
		idle(argv[2]);
	if (argc > 2 && strcmp(argv[1], "round") == 0)
		return round_of_spawns(atoi(argv[2]));
	int rounds = argc > 1 ? atoi(argv[1]) : 100, failed = 0;
	/* The rounds need only what 250 idle processes take (about 12,000
	 * pages): the rest is taken here once, so that a round's own filling
	 * is small. */
	size_t len;
	(void)fill_memory(16000, &len);
	failed += run_round(0) < 0;
	long before = free_pages();
	for (int i = 1; i <= rounds; i++)
		failed += run_round(i) < 0;
	long after = free_pages();
	printf("spawnstorm: free pages before %ld, after %d rounds %ld; %d rounds went wrong\n",
	       before, rounds, after, failed);
	return before == after && failed == 0 ? 0 : 1;
}
