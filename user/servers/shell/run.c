/*
 * run.c - running a command line: built-ins in the shell, programs as
 * processes, in the foreground or the background.
 *
 * A built-in alone in the foreground runs in the shell itself, so cd and
 * exit work; anywhere else (with &) it runs in a shell of its own,
 * `shell -c WORDS`, as a program does. A foreground program is named to
 * the console (console_foreground), so Ctrl-C ends it and not the shell,
 * which waits for it and says how it ended if that was not exit status 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>
#include "builtins.h"
#include "jobs.h"
#include "run.h"

/* A built-in in the shell, with its redirections: its status. */
static int run_builtin(const struct stage *st)
{
	struct cmd c = {st->argc, (char **)st->argv, 0, 1};
	if (st->in && (c.in = open(st->in, O_RDONLY)) < 0) {
		printf("shell: %s: %s\n", st->in, strerror(errno));
		return 1 << 8;
	}
	if (st->out) {
		int flags = O_WRONLY | O_CREAT | (st->append ? O_APPEND : O_TRUNC);
		if ((c.out = open(st->out, flags, 0644)) < 0) {
			printf("shell: %s: %s\n", st->out, strerror(errno));
			if (c.in != 0)
				close(c.in);
			return 1 << 8;
		}
	}
	int status = builtin_run(&c);
	if (c.in != 0)
		close(c.in);
	if (c.out != 1)
		close(c.out);
	return (status & 0xff) << 8;
}

int run_builtin_words(int argc, char **argv)
{
	struct stage st = {.argc = argc};
	memcpy(st.argv, argv, (size_t)argc * sizeof(char *));
	return run_builtin(&st) >> 8;
}

/* Start one stage as a process: its pid, or -1 after saying why not. */
static pid_t start(const struct stage *st)
{
	char *argv[MAX_WORDS + 3];
	char *const *words = st->argv;
	if (is_builtin(st->argv[0])) { /* a shell of its own runs it */
		if (st->argc + 2 > MAX_WORDS) {
			printf("shell: %s: too many words to run apart\n", st->argv[0]);
			return -1;
		}
		argv[0] = "shell";
		argv[1] = "-c";
		memcpy(argv + 2, st->argv, (size_t)(st->argc + 1) * sizeof(char *));
		words = argv;
	}
	pid_t pid = spawnv(words[0], words);
	/* "./name" runs name from /bin wherever we are, as it did before
	 * there was a /bin: programs live nowhere else. */
	if (pid < 0 && errno == ENOENT && strncmp(words[0], "./", 2) == 0 &&
	    !strchr(words[0] + 2, '/'))
		pid = spawnv(words[0] + 2, words);
	if (pid < 0) {
		if (errno == ENOENT)
			printf("shell: %s: command not found\n", st->argv[0]);
		else
			printf("shell: %s: cannot run: %s\n", st->argv[0], strerror(errno));
	}
	return pid;
}

/* Tell the console these processes are the foreground (n 0: none). */
static void set_foreground(const pid_t *pids, int n)
{
	int caps[MAX_STAGES], k = 0;
	for (int i = 0; i < n; i++) {
		long cap = pids[i] > 0 ? bower_process_cap(pids[i]) : -1;
		if (cap >= 0)
			caps[k++] = (int)cap;
	}
	bower_console_foreground(caps, k);
	for (int i = 0; i < k; i++)
		bower_cap_delete(caps[i]);
}

/* Wait for the foreground's processes, saying how each ended unless with
 * status 0: the last one's status. */
static int wait_foreground(const struct pipeline *p, const pid_t *pids)
{
	int status = 0;
	set_foreground(pids, p->n);
	for (int i = 0; i < p->n; i++) {
		if (pids[i] <= 0 || waitpid(pids[i], &status, 0) < 0)
			continue;
		char how[64];
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			printf("shell: %s %s\n", p->stage[i].argv[0],
			       status_text(status, how, sizeof(how)));
	}
	set_foreground(NULL, 0);
	return status;
}

int run_pipeline(const struct pipeline *p, const char *text)
{
	const struct stage *st = &p->stage[0];
	if (p->n > 1) {
		printf("shell: pipes are not supported\n");
		return 1 << 8;
	}
	if (is_builtin(st->argv[0]) && !p->background)
		return run_builtin(st);
	if (st->in || st->out) {
		printf("shell: redirection is for built-in commands only\n");
		return 1 << 8;
	}
	pid_t pid = start(st);
	if (pid < 0)
		return 127 << 8;
	if (p->background)
		return jobs_add(&pid, 1, text) < 0 ? 1 << 8 : 0;
	return wait_foreground(p, &pid);
}
