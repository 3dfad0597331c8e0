/*
 * pipeio.c - pipes as POSIX programs use them: pipe(), read, write, close,
 * the end of the stream, EPIPE and SIGPIPE, and posix_spawn giving a
 * child a pipe or a file as its standard input and output. Builds for
 * Bower and for Linux.
 *
 *	pipeio            the checks
 *	pipeio count      (spawned) count the bytes of stdin, print the count
 *	pipeio hello      (spawned) print a line
 *	pipeio write      (spawned) write to stdout until that fails
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

#define BIG 100000

static const char path[] = SCRATCH_DIR "/pipeio.tmp";

static int child(const char *role)
{
	char buf[1024];
	if (strcmp(role, "count") == 0) {
		long total = 0;
		ssize_t n;
		while ((n = read(0, buf, sizeof(buf))) > 0)
			total += n;
		printf("%ld\n", total);
		return n < 0;
	}
	if (strcmp(role, "hello") == 0) {
		printf("hello through a pipe\n");
		return 0;
	}
	memset(buf, 'x', sizeof(buf));
	for (;;) /* until SIGPIPE ends it */
		if (write(1, buf, sizeof(buf)) < 0)
			return 3;
}

/* Start this program as role, its stdin from in and stdout to out (-1: as
 * ours; a path for in: open it), without our descriptors other[] (on Linux
 * a child would otherwise keep our ends of its pipes, and never see their
 * end): its pid. */
static pid_t run(const char *role, int in, const char *in_path, int out, const int other[2])
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	for (int i = 0; i < 2; i++)
		if (other[i] >= 0)
			posix_spawn_file_actions_addclose(&fa, other[i]);
	if (in_path)
		posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
	else if (in >= 0)
		posix_spawn_file_actions_adddup2(&fa, in, 0);
	if (out >= 0)
		posix_spawn_file_actions_adddup2(&fa, out, 1);
	char *argv[] = {"pipeio", (char *)role, NULL};
	pid_t pid = spawn_self_with("pipeio", argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	expect("posix_spawn with file actions", pid > 0, 1);
	return pid;
}

/* What the child of pid writes to fd must be want; then reap it. */
static void expect_output(const char *what, int fd, pid_t pid, const char *want)
{
	char buf[64] = {0};
	int status;
	read(fd, buf, sizeof(buf) - 1);
	expect(what, strcmp(buf, want), 0);
	waitpid(pid, &status, 0);
	close(fd);
}

static void basics(void)
{
	int p[2];
	char buf[64] = {0};
	expect("pipe", pipe(p), 0);
	expect("two descriptors", p[0] >= 0 && p[1] >= 0 && p[0] != p[1], 1);
	expect("write", write(p[1], "hello", 5), 5);
	expect("read", read(p[0], buf, sizeof(buf)), 5);
	expect("the same bytes", memcmp(buf, "hello", 5), 0);
	struct stat st;
	expect("fstat says FIFO", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), 1);
	expect("not a terminal", isatty(p[0]), 0);
	expect_err("no seeking", lseek(p[0], 0, SEEK_SET), ESPIPE);
	expect_err("the read end does not write", write(p[0], "x", 1), EBADF);
	expect_err("the write end does not read", read(p[1], buf, 1), EBADF);
	expect("close the write end", close(p[1]), 0);
	expect("then the end of the stream", read(p[0], buf, sizeof(buf)), 0);
	expect("close the read end", close(p[0]), 0);
	expect_err("closed", close(p[0]), EBADF);

	expect("another pipe", pipe(p), 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	expect_err("no reader: EPIPE, with SIGPIPE ignored", write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void children(void)
{
	int in[2], out[2], status = -1;
	char buf[64] = {0};
	/* A child's stdout into our pipe. */
	pipe(out);
	pid_t pid = run("hello", -1, NULL, out[1], (int[]){out[0], -1});
	close(out[1]);
	ssize_t n = read(out[0], buf, sizeof(buf) - 1);
	expect("the child's line comes through", n > 0 && strcmp(buf, "hello through a pipe\n") == 0,
	       1);
	expect("then the end, when it has exited", read(out[0], buf, sizeof(buf)), 0);
	waitpid(pid, &status, 0);
	expect("it exited", status, 0);
	close(out[0]);

	/* A lot through a child: our pipe to its stdin, its stdout to ours. */
	pipe(in);
	pipe(out);
	pid = run("count", in[0], NULL, out[1], (int[]){in[1], out[0]});
	close(in[0]);
	close(out[1]);
	static char big[BIG];
	memset(big, 'b', sizeof(big));
	expect("write 100000 bytes, the child reading them", write(in[1], big, BIG), BIG);
	close(in[1]);
	expect_output("it counted all of them", out[0], pid, "100000\n");

	/* A file for its stdin. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	write(fd, "twelve bytes", 12);
	close(fd);
	pipe(out);
	pid = run("count", -1, path, out[1], (int[]){out[0], -1});
	close(out[1]);
	expect_output("a file as its stdin", out[0], pid, "12\n");
	unlink(path);

	/* Its reader gone, a writer ends as SIGPIPE's default says. */
	pipe(out);
	close(out[0]);
	pid = run("write", -1, NULL, out[1], (int[]){-1, -1});
	close(out[1]);
	waitpid(pid, &status, 0);
	/* Linux kills it with the signal; Bower, which has no signals, ends
	 * it with the status a shell shows for that signal. */
	expect("a writer with no reader ends by SIGPIPE",
	       WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE,
	       1);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child(argv[1]);
	check_prog = "pipeio";
	basics();
	children();
	return check_summary();
}
