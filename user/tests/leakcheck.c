/*
 * leakcheck.c - spawning and reaping programs must not lose pages.
 *
 * One warm-up round, then the free-page count; then ROUNDS more rounds of
 * the same programs (ones that exit, fail, are killed, use capabilities and
 * IPC, files, mappings, pagers: 25 processes a round), then the count again. The two must be equal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include <bower/spawn.h>

static long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return (long)st.free_pages;
}

static void round_of_programs(void)
{
	static const char *const progs[][3] = {
	    {"hello", "x", NULL},	{"exitcode", "3", NULL}, {"fault", "null", NULL},
	    {"fault", "illegal", NULL}, {"memtest", NULL, NULL}, {"captest", NULL, NULL},
	    {"ipctest", NULL, NULL},   /* and its three clients */
	    {"ipcfail", NULL, NULL},   /* and its three children */
	    {"fstest", NULL, NULL},    /* files in the file server */
	    {"mmaptest", NULL, NULL},  /* file mappings, and its two children */
	    {"pagertest", NULL, NULL}, /* the pager protocol, and its six processes */
	};
	for (unsigned i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		long pid = spawnv(progs[i][0], (char *const *)progs[i]);
		if (pid < 0) {
			printf("leakcheck: spawn %s failed: %ld\n", progs[i][0], pid);
			exit(2);
		}
		bower_wait((int)pid, NULL);
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	round_of_programs();
	long before = free_pages();
	for (int i = 0; i < rounds; i++)
		round_of_programs();
	long after = free_pages();
	printf("leakcheck: free pages before %ld, after %d rounds (%d processes) %ld\n", before,
	       rounds, rounds * 25, after);
	return before == after ? 0 : 1;
}
