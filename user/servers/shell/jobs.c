/*
 * jobs.c - background jobs: `CMD &`, `jobs`, `wait`.
 *
 * A job is the processes of one pipeline started with &. The shell does
 * not wait for them: before each prompt it asks, without waiting
 * (WNOHANG), which have ended, and says so once for the whole job, by how
 * its last command ended, as other shells do. `wait` waits for them all
 * (or one: `wait %N` or `wait PID`), `jobs` lists them. Ctrl-C does not
 * reach them: only the foreground program is named to the console.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "builtins.h"
#include "jobs.h"
#include "line.h"
#include "parse.h"

#define MAX_JOBS 16

struct job {
	int id; /* 0: a free entry */
	int pids[MAX_STAGES];
	int npids, live;
	int last_status; /* the last command's, once it has ended */
	char text[LINE_SIZE];
};

static struct job jobs[MAX_JOBS];

const char *status_text(int status, char *buf, unsigned size)
{
	static const char *const names[] = {[2] = "interrupt", [4] = "illegal instruction",
					    [7] = "bus error", [9] = "killed",
					    [11] = "segmentation fault"};
	if (WIFEXITED(status)) {
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
	} else {
		int sig = WTERMSIG(status);
		const char *name = sig < (int)(sizeof(names) / sizeof(names[0])) && names[sig]
				       ? names[sig]
				       : "unknown signal";
		snprintf(buf, size, "was killed (signal %d: %s)", sig, name);
	}
	return buf;
}

static int id_in_use(int id)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id == id)
			return 1;
	return 0;
}

int jobs_add(const int *pids, int n, const char *text)
{
	int id = 1;
	while (id_in_use(id)) /* the lowest number free */
		id++;
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (j->id)
			continue;
		j->id = id;
		memcpy(j->pids, pids, (size_t)n * sizeof(int));
		j->npids = j->live = n;
		snprintf(j->text, sizeof(j->text), "%s", text);
		size_t len = strlen(j->text); /* the line without its & */
		while (len && (j->text[len - 1] == ' ' || j->text[len - 1] == '&'))
			j->text[--len] = '\0';
		printf("[%d] %d\n", id, pids[n - 1]);
		return 0;
	}
	printf("shell: %d jobs already run in the background\n", MAX_JOBS);
	return -1;
}

/* Collect j's processes that have ended (waiting for them if block), and
 * say so once all have. */
static void collect(struct job *j, int block)
{
	for (int k = 0; k < j->npids; k++) {
		int status;
		if (j->pids[k] <= 0 || waitpid(j->pids[k], &status, block ? 0 : WNOHANG) <= 0)
			continue;
		if (k == j->npids - 1)
			j->last_status = status;
		j->pids[k] = -j->pids[k]; /* ended */
		j->live--;
	}
	if (j->live > 0)
		return;
	char how[64];
	if (WIFEXITED(j->last_status) && WEXITSTATUS(j->last_status) == 0)
		printf("[%d] done  %s\n", j->id, j->text);
	else
		printf("[%d] %s  %s\n", j->id, status_text(j->last_status, how, sizeof(how)),
		       j->text);
	j->id = 0;
}

void jobs_reap(void)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id)
			collect(&jobs[i], 0);
}

/* The job `%N` or the one with process PID names: NULL if none. */
static struct job *job_named(const char *spec)
{
	int n = atoi(spec + (spec[0] == '%'));
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		for (int k = 0; j->id && k < j->npids; k++)
			if (spec[0] == '%' ? j->id == n : (j->pids[k] == n || -j->pids[k] == n))
				return j;
	}
	return NULL;
}

int cmd_wait(const struct cmd *c)
{
	if (c->argc > 1) {
		struct job *j = job_named(c->argv[1]);
		if (!j) {
			printf("wait: %s: no such job\n", c->argv[1]);
			return 1;
		}
		collect(j, 1);
		return 0;
	}
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id)
			collect(&jobs[i], 1);
	return 0;
}

int cmd_jobs(const struct cmd *c)
{
	char line[LINE_SIZE + 32];
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id) {
			snprintf(line, sizeof(line), "[%d] running  %s\n", jobs[i].id,
				 jobs[i].text);
			say(c->out, line);
		}
	return 0;
}

int jobs_kill(const char *spec)
{
	struct job *j = job_named(spec);
	if (!j) {
		printf("kill: %s: no such job\n", spec);
		return -1;
	}
	for (int k = 0; k < j->npids; k++)
		if (j->pids[k] > 0)
			kill(j->pids[k], SIGKILL);
	return 0;
}
