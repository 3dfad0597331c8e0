/*
 * builtins.c - ls, cat, echo, mkdir, rm, rmdir, cd, pwd, history and help
 * (ps, kill and free are in procs.c).
 *
 * Each is a small function over the POSIX calls, writing to out_fd (the
 * console, or a file for `echo ... > file`). Errors are reported the way
 * Unix tools do: "name: path: reason".
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

static int cmd_help(int argc, char **argv, int out)
{
	(void)argc;
	(void)argv;
	say(out, "Built-in commands:\n"
		 "  help                 this list\n"
		 "  ls [dir]             list a directory (default: the one we are in)\n"
		 "  cat file...          print files\n"
		 "  echo words [> file]  print words, or write them to a file (>> appends)\n"
		 "  mkdir dir            make a directory\n"
		 "  rm file              remove a file\n"
		 "  rmdir dir            remove an empty directory\n"
		 "  cd [dir]             go to a directory (default /); pwd says where we are\n"
		 "  history              the lines typed before (Up and Down bring them back)\n"
		 "  ps                   every process: pid, parent, state, threads, name\n"
		 "  kill PID...          end a program started from this shell\n"
		 "  free                 memory: the kernel's pages, the file server's\n"
		 "  exit [status]        leave the shell\n"
		 "Anything else runs a program of /bin (ls /bin): name, /bin/name or ./name.\n"
		 "Keys: Backspace erases, Ctrl-U clears the line, Ctrl-C abandons it,\n"
		 "Up and Down walk the history, Tab completes a command or a path.\n");
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmd_ls(int argc, char **argv, int out)
{
	const char *path = argc > 1 ? argv[1] : ".";
	struct stat st;
	if (stat(path, &st) < 0)
		return fail("ls", path);
	if (!S_ISDIR(st.st_mode)) {
		say(out, path);
		say(out, "\n");
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
	if (e) {
		printf("ls: %s: out of memory\n", path);
		status = 1;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		say(out, names[i]);
		say(out, "\n");
		free(names[i]);
	}
	free(names);
	return status;
}

static int cmd_cat(int argc, char **argv, int out)
{
	int status = 0;
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			status = fail("cat", argv[i]);
			continue;
		}
		char buf[512];
		ssize_t n;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			write(out, buf, (size_t)n);
		if (n < 0)
			status = fail("cat", argv[i]);
		close(fd);
	}
	return status;
}

static int cmd_echo(int argc, char **argv, int out)
{
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			say(out, " ");
		say(out, argv[i]);
	}
	say(out, "\n");
	return 0;
}

static int each_path(int argc, char **argv, const char *cmd, int (*fn)(const char *))
{
	if (argc < 2) {
		printf("%s: missing operand\n", cmd);
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc; i++)
		if (fn(argv[i]) < 0)
			status = fail(cmd, argv[i]);
	return status;
}

static int make_dir(const char *path)
{
	return mkdir(path, 0755);
}

static int cmd_mkdir(int argc, char **argv, int out)
{
	(void)out;
	return each_path(argc, argv, "mkdir", make_dir);
}

static int cmd_rm(int argc, char **argv, int out)
{
	(void)out;
	return each_path(argc, argv, "rm", unlink);
}

static int cmd_rmdir(int argc, char **argv, int out)
{
	(void)out;
	return each_path(argc, argv, "rmdir", rmdir);
}

static int cmd_cd(int argc, char **argv, int out)
{
	(void)out;
	const char *dir = argc > 1 ? argv[1] : "/"; /* no HOME: the root */
	return chdir(dir) < 0 ? fail("cd", dir) : 0;
}

static int cmd_pwd(int argc, char **argv, int out)
{
	(void)argc;
	(void)argv;
	char buf[FS_PATH_MAX];
	if (!getcwd(buf, sizeof(buf)))
		return fail("pwd", ".");
	say(out, buf);
	say(out, "\n");
	return 0;
}

static int cmd_history(int argc, char **argv, int out)
{
	(void)argc;
	(void)argv;
	char num[16];
	for (int back = history_count(); back >= 1; back--) {
		snprintf(num, sizeof(num), "%5d  ", history_count() - back + 1);
		say(out, num);
		say(out, history_get(back));
		say(out, "\n");
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, int out);
} builtins[] = {
    {"help", cmd_help},	  {"ls", cmd_ls}, {"cat", cmd_cat},	  {"echo", cmd_echo},
    {"mkdir", cmd_mkdir}, {"rm", cmd_rm}, {"rmdir", cmd_rmdir}, {"cd", cmd_cd},
    {"pwd", cmd_pwd},	  {"history", cmd_history}, {"ps", cmd_ps},	  {"kill", cmd_kill},
    {"free", cmd_free},
};

/* What shell.c runs before it looks here. */
static const char *const shell_words[] = {"exit"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *builtin_name(unsigned i)
{
	if (i < COUNT(builtins))
		return builtins[i].name;
	i -= COUNT(builtins);
	return i < COUNT(shell_words) ? shell_words[i] : NULL;
}

int builtin_run(int argc, char **argv, int out_fd, int *status)
{
	for (unsigned i = 0; i < COUNT(builtins); i++)
		if (strcmp(argv[0], builtins[i].name) == 0) {
			*status = builtins[i].fn(argc, argv, out_fd);
			return 1;
		}
	return 0;
}
