/*
 * shell.c - Bower's interactive shell on the serial console.
 *
 * Reads a line (line.c), splits it into words (double quotes group words),
 * handles `> file` and `>> file` redirection for built-ins, and runs either
 * a built-in (builtins.c) or a program from the ramdisk, waiting for it and
 * saying how it ended if it did not exit with 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bower/spawn.h>
#include "builtins.h"
#include "line.h"

#define MAX_WORDS    16

static const char *signal_name(int sig)
{
	switch (sig) {
	case 4:
		return "illegal instruction";
	case 7:
		return "bus error";
	case 9:
		return "killed";
	case 11:
		return "segmentation fault";
	}
	return "unknown signal";
}

/* Split line into words in place: how many, or -1 if a quote is open. */
static int split_words(char *line, char **words)
{
	int n = 0;
	char *s = line;
	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n == MAX_WORDS - 1)
			break;
		char *out = s;
		words[n++] = out;
		int quoted = 0;
		while (*s && (quoted || (*s != ' ' && *s != '\t'))) {
			if (*s == '"')
				quoted = !quoted;
			else
				*out++ = *s;
			s++;
		}
		if (quoted)
			return -1;
		if (*s)
			s++;
		*out = '\0';
	}
	words[n] = NULL;
	return n;
}

static void run_program(char **argv)
{
	pid_t pid = spawnv(argv[0], argv);
	/* "./name" runs name from /bin wherever we are, as it did before
	 * there was a /bin: programs live nowhere else. */
	if (pid < 0 && errno == ENOENT && strncmp(argv[0], "./", 2) == 0 &&
	    !strchr(argv[0] + 2, '/'))
		pid = spawnv(argv[0] + 2, argv);
	if (pid < 0) {
		if (errno == ENOENT)
			printf("shell: %s: command not found\n", argv[0]);
		else
			printf("shell: %s: cannot run: %s\n", argv[0], strerror(errno));
		return;
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		printf("shell: %s exited with status %d\n", argv[0], WEXITSTATUS(status));
	else if (!WIFEXITED(status))
		printf("shell: %s was killed (signal %d: %s)\n", argv[0], WTERMSIG(status),
		       signal_name(WTERMSIG(status)));
}

/* Take "> file" or ">> file" off the end of argv: the descriptor to write
 * to (1 if none), or -1 after reporting an error. */
static int redirection(int *argc, char **argv)
{
	if (*argc < 3)
		return 1;
	const char *op = argv[*argc - 2];
	int flags = O_WRONLY | O_CREAT;
	if (strcmp(op, ">") == 0)
		flags |= O_TRUNC;
	else if (strcmp(op, ">>") == 0)
		flags |= O_APPEND;
	else
		return 1;
	const char *path = argv[*argc - 1];
	int fd = open(path, flags, 0644);
	if (fd < 0) {
		printf("shell: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*argc -= 2;
	argv[*argc] = NULL;
	return fd;
}

int main(void)
{
	char line[LINE_SIZE];
	char *argv[MAX_WORDS];
	printf("Bower shell. Type 'help' for commands.\n");
	for (;;) {
		if (line_read("bower$ ", line, sizeof(line)) < 0)
			return 0;
		int argc = split_words(line, argv);
		if (argc < 0) {
			printf("shell: unmatched quote\n");
			continue;
		}
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "exit") == 0)
			return argc > 1 ? atoi(argv[1]) : 0;
		int out = redirection(&argc, argv);
		if (out < 0)
			continue;
		int status;
		if (!builtin_run(argc, argv, out, &status)) {
			if (out != 1)
				printf("shell: redirection is for built-in commands only\n");
			else
				run_program(argv);
		}
		if (out != 1)
			close(out);
	}
}
