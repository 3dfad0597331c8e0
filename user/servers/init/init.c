/*
 * init.c - the first user program.
 *
 * It starts the programs it is told to on the kernel command line, reports
 * how each one ended, and powers the machine off when they are done:
 *
 *	run=prog[:arg...][,prog...]   run these one after another
 *	par=prog[:arg...][,prog...]   start these together, then wait for all
 *
 * Items are processed left to right. With no items it runs the demo
 * programs. Until the shell exists this is how a user and the test suite
 * reach programs; the shell replaces it as the interactive front end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include <bower/counter.h>

#define MAX_JOBS 16

struct job {
	char *argv[BOWER_ARG_MAX + 1];
	int pid;
};

static void report(const char *name, int pid, int status)
{
	if ((status & 0x7f) == 0)
		printf("init: %s (pid %d) exited with status %d\n", name, pid, (status >> 8) & 0xff);
	else
		printf("init: %s (pid %d) was killed (signal %d)\n", name, pid, status & 0x7f);
}

/* "prog:a:b" -> argv {"prog", "a", "b", NULL}; modifies s. */
static void split_args(char *s, char **argv)
{
	int n = 0;
	argv[n++] = s;
	for (; *s && n < BOWER_ARG_MAX; s++)
		if (*s == ':') {
			*s = '\0';
			argv[n++] = s + 1;
		}
	argv[n] = NULL;
}

static int start(struct job *j)
{
	j->pid = (int)bower_spawn(j->argv[0], (const char *const *)j->argv, NULL, 0);
	if (j->pid < 0)
		printf("init: cannot start %s: error %d\n", j->argv[0], -j->pid);
	return j->pid;
}

static void finish(struct job *j)
{
	int status;
	if (j->pid > 0 && bower_wait(j->pid, &status) == j->pid)
		report(j->argv[0], j->pid, status);
}

/* Run the comma-separated list, in parallel or one by one. */
static void run_list(char *list, int parallel)
{
	struct job jobs[MAX_JOBS];
	int n = 0;
	for (char *item = strtok(list, ","); item && n < MAX_JOBS; item = strtok(NULL, ",")) {
		split_args(item, jobs[n].argv);
		start(&jobs[n]);
		if (!parallel)
			finish(&jobs[n]);
		n++;
	}
	if (parallel)
		for (int i = 0; i < n; i++)
			finish(&jobs[i]);
}

int main(int argc, char **argv)
{
	char demo[] = "hello:world,threads";
	int ran = 0;

	uint64_t started = bower_counter();
	printf("init: pid %ld, main reached at counter %llu (%llu Hz)\n", bower_getpid(),
	       (unsigned long long)started, (unsigned long long)bower_counter_freq());
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "run=", 4) == 0) {
			run_list(argv[i] + 4, 0);
			ran = 1;
		} else if (strncmp(argv[i], "par=", 4) == 0) {
			run_list(argv[i] + 4, 1);
			ran = 1;
		}
	}
	if (!ran)
		run_list(demo, 0);
	printf("init: all programs done; powering off\n");
	bower_poweroff(0);
	return 1;
}
