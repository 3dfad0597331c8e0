/*
 * run.c - running a command line: built-ins in the shell, programs as
 * processes, pipelines, redirections, in the foreground or the background.
 *
 * A built-in alone in the foreground runs in the shell itself, so cd and
 * exit work; anywhere else (in a pipeline, with &) it runs in a shell of
 * its own, `shell -c WORDS`, as a program does. Each command of `a | b`
 * is a process, a kernel pipe between them; the child's descriptors 0 and
 * 1 (a pipe's end, or a file for `< file` and `> file`) are posix_spawn's
 * file actions. The shell opens a redirection's file itself first, so
 * that a bad one is reported and the command not started. The foreground
 * processes are named to the console (console_foreground), so Ctrl-C ends
 * them and not the shell, which waits for them and says how each ended if
 * that was not exit status 0. Words NAME=value before a command are
 * environment for that command alone; alone on a line they are the
 * shell's own (as `export` makes them), which every later command gets.
 */
#include <errno.h>
#include <fcntl.h>
#include <ctype.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
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

extern char **environ;

/* Is word NAME=value, NAME a name the environment may hold? */
static int is_assignment(const char *word)
{
	if (!isalpha((unsigned char)word[0]) && word[0] != '_')
		return 0;
	for (; *word && *word != '='; word++)
		if (!isalnum((unsigned char)*word) && *word != '_')
			return 0;
	return *word == '=';
}

/* The leading NAME=value words of a stage. */
static int assignments(const struct stage *st)
{
	int n = 0;
	while (n < st->argc && is_assignment(st->argv[n]))
		n++;
	return n;
}

#define MAX_ENV 256

/* The shell's environment with the stage's n assignments over it, into
 * env (a NULL-ended array of MAX_ENV + 1). */
static void command_env(const struct stage *st, int n, char **env)
{
	int k = 0;
	for (char **e = environ; e && *e && k < MAX_ENV - n; e++) {
		size_t len = strcspn(*e, "=");
		int replaced = 0;
		for (int i = 0; i < n; i++)
			replaced |= strncmp(st->argv[i], *e, len + 1) == 0;
		if (!replaced)
			env[k++] = *e;
	}
	for (int i = 0; i < n; i++)
		env[k++] = st->argv[i];
	env[k] = NULL;
}

/* Start one stage as a process, descriptors 0 and 1 as actions say: its
 * pid, or -1 after saying why not. */
static pid_t start(const struct stage *full, const posix_spawn_file_actions_t *actions)
{
	char *argv[MAX_WORDS + 3], *env[MAX_ENV + 1];
	int nassign = assignments(full);
	command_env(full, nassign, env);
	struct stage rest = *full; /* the command after its assignments */
	memmove(rest.argv, full->argv + nassign, (size_t)(full->argc - nassign + 1) * sizeof(char *));
	rest.argc -= nassign;
	const struct stage *st = &rest;
	if (st->argc == 0)
		return -1; /* only assignments: nothing to run (in a pipeline) */
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
	pid_t pid;
	int err = posix_spawn(&pid, words[0], actions, NULL, words, env);
	/* "./name" runs name from /bin wherever we are, as it did before
	 * there was a /bin: programs live nowhere else. */
	if (err == ENOENT && strncmp(words[0], "./", 2) == 0 && !strchr(words[0] + 2, '/'))
		err = posix_spawn(&pid, words[0] + 2, actions, NULL, words, env);
	if (err == ENOENT)
		printf("shell: %s: command not found\n", st->argv[0]);
	else if (err)
		printf("shell: %s: cannot run: %s\n", st->argv[0], strerror(err));
	return err ? -1 : pid;
}

/* Can the shell open path so? It says why not. The file is made (or
 * emptied) here, as the command will find it. */
static int can_open(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd < 0) {
		printf("shell: %s: %s\n", path, strerror(errno));
		return 0;
	}
	close(fd);
	return 1;
}

/* Start stage st reading from in (-1: the console) and writing to out
 * (-1: the console), its own redirections first: its pid, or -1. */
static pid_t start_stage(const struct stage *st, int in, int out)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0) {
		printf("shell: out of memory\n");
		return -1;
	}
	int ok = 1;
	if (st->in && (ok = can_open(st->in, O_RDONLY)))
		posix_spawn_file_actions_addopen(&fa, 0, st->in, O_RDONLY, 0);
	else if (in >= 0)
		posix_spawn_file_actions_adddup2(&fa, in, 0);
	int made = O_WRONLY | O_CREAT | (st->append ? O_APPEND : O_TRUNC);
	if (ok && st->out && (ok = can_open(st->out, made)))
		posix_spawn_file_actions_addopen(&fa, 1, st->out, O_WRONLY | O_APPEND, 0);
	else if (out >= 0)
		posix_spawn_file_actions_adddup2(&fa, out, 1);
	pid_t pid = ok ? start(st, &fa) : -1;
	posix_spawn_file_actions_destroy(&fa);
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

/* Wait for the foreground's processes, saying how they ended unless with
 * status 0: the last one's status. */
static int wait_foreground(const struct pipeline *p, const pid_t *pids)
{
	int status = 0;
	set_foreground(pids, p->n);
	for (int i = 0; i < p->n; i++) {
		if (pids[i] <= 0 || waitpid(pids[i], &status, 0) < 0)
			continue;
		/* A pipeline's status is its last command's; the others are
		 * told of only when killed (not for ending by SIGPIPE because
		 * the next one stopped reading). */
		char how[64];
		int last = i == p->n - 1;
		if (!last && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE)
			continue;
		if (!WIFEXITED(status) || (last && WEXITSTATUS(status) != 0))
			printf("shell: %s %s\n", p->stage[i].argv[0],
			       status_text(status, how, sizeof(how)));
	}
	set_foreground(NULL, 0);
	return status;
}

/* Start every stage, each reading what the one before writes through a
 * pipe. The shell closes its ends as soon as the stages have theirs, so a
 * reader finds the end of its input when its writer ends. */
static void start_all(const struct pipeline *p, pid_t *pids)
{
	int in = -1; /* the read end of the pipe from the stage before */
	for (int i = 0; i < p->n; i++) {
		int ends[2] = {-1, -1};
		if (i + 1 < p->n && pipe(ends) < 0)
			printf("shell: cannot make a pipe: %s\n", strerror(errno));
		pids[i] = start_stage(&p->stage[i], in, ends[1]);
		if (in >= 0)
			close(in);
		if (ends[1] >= 0)
			close(ends[1]);
		in = ends[0];
	}
}

/* A line of assignments alone: they become the shell's environment. */
static int assign_all(const struct stage *st)
{
	for (int i = 0; i < st->argc; i++) {
		if (set_assignment(st->argv[i]) < 0) {
			printf("shell: %s: %s\n", st->argv[i], strerror(errno));
			return 1 << 8;
		}
	}
	return 0;
}

int run_pipeline(const struct pipeline *p, const char *text)
{
	const struct stage *st = &p->stage[0];
	if (p->n == 1 && st->argc > 0 && assignments(st) == st->argc && !p->background)
		return assign_all(st);
	if (p->n == 1 && is_builtin(st->argv[0]) && !p->background)
		return run_builtin(st);
	pid_t pids[MAX_STAGES], started[MAX_STAGES];
	start_all(p, pids);
	int n = 0;
	for (int i = 0; i < p->n; i++)
		if (pids[i] > 0)
			started[n++] = pids[i];
	if (n == 0)
		return 127 << 8;
	if (p->background)
		return jobs_add(started, n, text) < 0 ? 1 << 8 : 0;
	return wait_foreground(p, pids);
}
