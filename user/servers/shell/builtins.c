/*
 * builtins.c - ls, cat, echo, mkdir, rm, rmdir, cd, pwd, history and help,
 * and the table of every built-in (ps, kill and free are in procs.c, jobs
 * and wait in jobs.c).
 *
 * Each is a small function over the POSIX calls, reading from c->in (cat
 * with no file) and writing to c->out: the console, a file (`> file`), or a
 * pipe when it runs in a pipeline. Errors are reported the way Unix tools
 * do: "name: path: reason".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bower/fs_proto.h>
#include "builtins.h"
#include "history.h"

void say(int fd, const char *s)
{
	write(fd, s, strlen(s));
}

static int fail(const char *cmd, const char *path)
{
	printf("%s: %s: %s\n", cmd, path, strerror(errno));
	return 1;
}

static int cmd_help(const struct cmd *c)
{
	say(c->out,
	    "Built-in commands:\n"
	    "  help                 this list\n"
	    "  ls [dir]             list a directory (default: the one we are in)\n"
	    "  cat [file...]        print files (or what comes in: cat < file, a | cat)\n"
	    "  echo words           print words\n"
	    "  mkdir dir            make a directory\n"
	    "  rm file              remove a file\n"
	    "  rmdir dir            remove an empty directory\n"
	    "  cd [dir]             go to a directory (default /); pwd says where we are\n"
	    "  history              the lines typed before (Up and Down bring them back)\n"
	    "  ps                   every process: pid, parent, state, threads, name\n"
	    "  kill PID|%job...     end a program started from this shell\n"
	    "  free                 memory: the kernel's pages, the file server's\n"
	    "  jobs, wait [%job]    the programs started with &; wait for them\n"
	    "  time command         how long it took: wall time, counter ticks, instructions\n"
	    "  exit [status]        leave the shell\n"
	    "Anything else runs a program of /bin (ls /bin): name, /bin/name or ./name.\n"
	    "After a command: > file, >> file (append), < file; a | b pipes a into b;\n"
	    "a final & runs it in the background.\n"
	    "Keys: Backspace erases, Ctrl-U clears the line, Ctrl-C abandons it or stops\n"
	    "the program running, Up and Down walk the history, Tab completes a command\n"
	    "or a path.\n");
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_ls(const struct cmd *c)
{
	const char *path = c->argc > 1 ? c->argv[1] : ".";
	struct stat st;
	if (stat(path, &st) < 0)
		return fail("ls", path);
	if (!S_ISDIR(st.st_mode)) {
		say(c->out, path);
		say(c->out, "\n");
		return 0;
	}
	DIR *d = opendir(path);
	if (!d)
		return fail("ls", path);
	/* Sorted, as ls does: the server lists a directory newest first. */
	char **names = NULL;
	size_t n = 0, room = 0;
	struct dirent *e;
	int status = 0;
	errno = 0; /* readdir ends with NULL: at the end, or on an error it sets */
	while ((e = readdir(d))) {
		if (n == room) {
			room = room ? 2 * room : 32;
			char **more = realloc(names, room * sizeof(*names));
			if (!more)
				break;
			names = more;
		}
		size_t len = strlen(e->d_name);
		if (!(names[n] = malloc(len + 2)))
			break;
		memcpy(names[n], e->d_name, len);
		strcpy(names[n++] + len, e->d_type == DT_DIR ? "/" : "");
	}
	int err = errno;
	if (e) {
		printf("ls: %s: out of memory\n", path);
		status = 1;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		say(c->out, names[i]);
		say(c->out, "\n");
		free(names[i]);
	}
	free(names);
	if (!e && err) { /* what it could read, then why it stopped */
		errno = err;
		status = fail("ls", path);
	}
	return status;
}

/* Copy fd to out until its end: 0, or -1 with errno. */
static int copy_all(int fd, int out)
{
	char buf[512];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	return n < 0 ? -1 : 0;
}

static int cmd_cat(const struct cmd *c)
{
	if (c->argc < 2)
		return copy_all(c->in, c->out) < 0 ? fail("cat", "standard input") : 0;
	int status = 0;
	for (int i = 1; i < c->argc; i++) {
		int fd = open(c->argv[i], O_RDONLY);
		if (fd < 0) {
			status = fail("cat", c->argv[i]);
			continue;
		}
		if (copy_all(fd, c->out) < 0)
			status = fail("cat", c->argv[i]);
		close(fd);
	}
	return status;
}

static int cmd_echo(const struct cmd *c)
{
	for (int i = 1; i < c->argc; i++) {
		if (i > 1)
			say(c->out, " ");
		say(c->out, c->argv[i]);
	}
	say(c->out, "\n");
	return 0;
}

static int each_path(const struct cmd *c, int (*fn)(const char *))
{
	if (c->argc < 2) {
		printf("%s: missing operand\n", c->argv[0]);
		return 1;
	}
	int status = 0;
	for (int i = 1; i < c->argc; i++)
		if (fn(c->argv[i]) < 0)
			status = fail(c->argv[0], c->argv[i]);
	return status;
}

static int make_dir(const char *path)
{
	return mkdir(path, 0755);
}

static int cmd_mkdir(const struct cmd *c)
{
	return each_path(c, make_dir);
}

static int cmd_rm(const struct cmd *c)
{
	return each_path(c, unlink);
}

static int cmd_rmdir(const struct cmd *c)
{
	return each_path(c, rmdir);
}

static int cmd_cd(const struct cmd *c)
{
	const char *dir = c->argc > 1 ? c->argv[1] : "/"; /* no HOME: the root */
	return chdir(dir) < 0 ? fail("cd", dir) : 0;
}

static int cmd_pwd(const struct cmd *c)
{
	char buf[FS_PATH_MAX];
	if (!getcwd(buf, sizeof(buf)))
		return fail("pwd", ".");
	say(c->out, buf);
	say(c->out, "\n");
	return 0;
}

static int cmd_history(const struct cmd *c)
{
	char num[16];
	for (int back = history_count(); back >= 1; back--) {
		snprintf(num, sizeof(num), "%5d  ", history_count() - back + 1);
		say(c->out, num);
		say(c->out, history_get(back));
		say(c->out, "\n");
	}
	return 0;
}

extern char **environ;

/* export NAME=value...: into the shell's environment, which every command
 * it starts gets; export alone, or env, lists it. */
static int cmd_env(const struct cmd *c)
{
	for (char **e = environ; e && *e; e++) {
		say(c->out, *e);
		say(c->out, "\n");
	}
	return 0;
}

int set_assignment(char *word)
{
	char *eq = strchr(word, '=');
	if (!eq || eq == word) {
		errno = EINVAL;
		return -1;
	}
	*eq = '\0';
	int err = setenv(word, eq + 1, 1);
	*eq = '=';
	return err;
}

static int cmd_export(const struct cmd *c)
{
	if (c->argc == 1)
		return cmd_env(c);
	for (int i = 1; i < c->argc; i++)
		if (set_assignment(c->argv[i]) < 0)
			return fail("export", c->argv[i]);
	return 0;
}

static int cmd_unset(const struct cmd *c)
{
	for (int i = 1; i < c->argc; i++)
		if (unsetenv(c->argv[i]) < 0)
			return fail("unset", c->argv[i]);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(const struct cmd *c);
} builtins[] = {
    {"help", cmd_help},	  {"ls", cmd_ls},     {"cat", cmd_cat},		{"echo", cmd_echo},
    {"mkdir", cmd_mkdir}, {"rm", cmd_rm},     {"rmdir", cmd_rmdir},	{"cd", cmd_cd},
    {"pwd", cmd_pwd},	  {"ps", cmd_ps},     {"history", cmd_history}, {"kill", cmd_kill},
    {"free", cmd_free},	  {"jobs", cmd_jobs}, {"wait", cmd_wait},   {"env", cmd_env},
    {"export", cmd_export}, {"unset", cmd_unset},
};

/* What shell.c runs before it looks here. */
static const char *const shell_words[] = {"exit", "time"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *builtin_name(unsigned i)
{
	if (i < COUNT(builtins))
		return builtins[i].name;
	i -= COUNT(builtins);
	return i < COUNT(shell_words) ? shell_words[i] : NULL;
}

int is_builtin(const char *name)
{
	for (unsigned i = 0; i < COUNT(builtins); i++)
		if (strcmp(name, builtins[i].name) == 0)
			return 1;
	return 0;
}

int builtin_run(const struct cmd *c)
{
	for (unsigned i = 0; i < COUNT(builtins); i++)
		if (strcmp(c->argv[0], builtins[i].name) == 0)
			return builtins[i].fn(c);
	return 127;
}
