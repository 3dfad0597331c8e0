/*
 * cwdtest.c - the working directory: chdir, fchdir and getcwd, "." and "..",
 * relative paths in every call that takes one, the errors POSIX names,
 * and a spawned program starting where its parent is. Builds for Bower and
 * for Linux.
 *
 *	cwdtest                 the checks
 *	cwdtest child DIR       (spawned) am I in DIR, and is its file there?
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

static const char base[] = SCRATCH_DIR "/cwdtest.d";

static int is_cwd(const char *want)
{
	char buf[512];
	return getcwd(buf, sizeof(buf)) && strcmp(buf, want) == 0;
}

static int child(const char *dir)
{
	check_prog = "cwdtest child";
	expect("the child starts in its parent's directory", is_cwd(dir), 1);
	int fd = open("f", O_RDONLY);
	expect("and finds its parent's file there by a relative path", fd >= 0, 1);
	close(fd);
	return check_summary();
}

/* A spawned program starts in the directory its parent is in. */
static void inherited(const char *dir)
{
	char *argv[] = {"cwdtest", "child", (char *)dir, NULL};
	pid_t pid = spawn_self("cwdtest", argv);
	expect("spawn a child", pid > 0, 1);
	int status = -1;
	waitpid(pid, &status, 0);
	expect("it passed its checks", status, 0);
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	check_prog = "cwdtest";
	char top[512], sub[600];
	mkdir(base, 0755);
	expect("chdir to a directory", chdir(base), 0);
	expect("getcwd", getcwd(top, sizeof(top)) != NULL, 1);
	expect("an absolute path", top[0], '/');
	snprintf(sub, sizeof(sub), "%s/sub", top);

	expect("mkdir by a relative path", mkdir("sub", 0755), 0);
	expect("chdir into it", chdir("sub"), 0);
	expect("getcwd names it", is_cwd(sub), 1);
	expect("chdir ..", chdir(".."), 0);
	expect("back where we were", is_cwd(top), 1);
	expect("chdir through . and ..", chdir("./sub/../sub/."), 0);
	expect("getcwd without . or ..", is_cwd(sub), 1);

	int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("create a file by a relative path", fd >= 0, 1);
	expect("write it", write(fd, "cwd", 3), 3);
	expect_err("fchdir to a file", fchdir(fd), ENOTDIR);
	close(fd);
	int here = open(".", O_RDONLY);
	expect("open . ", here >= 0, 1);
	expect("chdir away", chdir("/"), 0);
	expect("fchdir back", fchdir(here), 0);
	expect("getcwd names where it was opened", is_cwd(sub), 1);
	close(here);
	expect_err("fchdir of a closed descriptor", fchdir(here), EBADF);
	struct stat st;
	expect("stat it from above", stat("../sub/f", &st) == 0 && st.st_size == 3, 1);
	char abs[700];
	snprintf(abs, sizeof(abs), "%s/f", sub);
	expect("and by its absolute path", stat(abs, &st), 0);
	expect("stat .", stat(".", &st) == 0 && S_ISDIR(st.st_mode), 1);
	DIR *d = opendir(".");
	int saw = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		saw |= strcmp(e->d_name, "f") == 0;
	if (d)
		closedir(d);
	expect("opendir . lists it", saw, 1);
	inherited(sub);

	expect_err("chdir to a missing directory", chdir("nosuch"), ENOENT);
	expect_err("chdir to a file", chdir("f"), ENOTDIR);
	expect("and we stayed", is_cwd(sub), 1);
	expect_err("a missing directory's .. is no directory", stat("nosuch/..", &st), ENOENT);
	expect_err("nor a file's", stat("f/..", &st), ENOTDIR);
	expect_err("chdir to the empty path", chdir(""), ENOENT);
	char tiny[4];
	expect_err("getcwd into too small a buffer", getcwd(tiny, sizeof(tiny)) ? 0 : -1, ERANGE);
	expect_err("getcwd of size 0", getcwd(tiny, 0) ? 0 : -1, EINVAL);
	char *mine = getcwd(NULL, 0);
	expect("getcwd(NULL, 0) allocates", mine && strcmp(mine, sub) == 0, 1);
	free(mine);

	expect("remove the file by a relative path", unlink("f"), 0);
	expect("chdir ..", chdir(".."), 0);
	expect("rmdir by a relative path", rmdir("sub"), 0);
	expect("chdir /", chdir("/"), 0);
	expect("getcwd is /", is_cwd("/"), 1);
	expect("chdir .. at the root", chdir(".."), 0);
	expect("stays at the root", is_cwd("/"), 1);
	rmdir(top);
	return check_summary();
}
