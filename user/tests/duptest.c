/*
 * duptest.c - dup, dup2 and fcntl, as POSIX says: a copy shares its
 * file's offset, outlives the original's close, and the object closes
 * with its last number; dup2 onto an open number closes what was there;
 * a pipe end copied keeps the pipe open. Builds for Bower and for Linux.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "posix_check.h"

static const char path[] = SCRATCH_DIR "/duptest.dat";

static void file_copies(void)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("open", fd >= 0, 1);
	int copy = dup(fd);
	expect("dup gives the lowest free number", copy > fd, 1);
	expect("write through the original", write(fd, "ab", 2), 2);
	expect("write through the copy", write(copy, "cd", 2), 2);
	expect("they share the offset", (long)lseek(fd, 0, SEEK_CUR), 4);
	expect("the copy sees it too", (long)lseek(copy, 0, SEEK_CUR), 4);
	expect("close the original", close(fd), 0);
	char buf[8] = {0};
	expect("the copy still reads", (long)pread(copy, buf, 4, 0), 4);
	expect("what both wrote", memcmp(buf, "abcd", 4), 0);
	expect("F_GETFL says read and write", fcntl(copy, F_GETFL) & O_ACCMODE, O_RDWR);
	int high = fcntl(copy, F_DUPFD, 10);
	expect("F_DUPFD gives a number at least 10", high >= 10, 1);
	expect("F_GETFD: no FD_CLOEXEC", fcntl(high, F_GETFD), 0);
	expect("F_SETFD", fcntl(high, F_SETFD, FD_CLOEXEC), 0);
	expect("F_GETFD: FD_CLOEXEC", fcntl(high, F_GETFD), FD_CLOEXEC);
	expect("the copy's flag is its own", fcntl(copy, F_GETFD), 0);
	expect("dup2 onto itself", dup2(copy, copy), copy);
	int other = open(path, O_RDONLY);
	expect("dup2 onto an open number", dup2(copy, other), other);
	expect("which now writes (it was read-only)", write(other, "e", 1), 1);
	expect("close them all", close(copy) == 0 && close(high) == 0 && close(other) == 0, 1);
	expect_err("a closed number is gone", write(copy, "x", 1), EBADF);
	unlink(path);
}

static void bad_numbers(void)
{
	expect_err("dup of a closed number", dup(999), EBADF);
	expect_err("dup2 from a closed number", dup2(999, 5), EBADF);
	expect_err("dup2 to a negative number", dup2(1, -1), EBADF);
	expect_err("F_DUPFD below 0", fcntl(1, F_DUPFD, -1), EINVAL);
	expect_err("fcntl of a closed number", fcntl(999, F_GETFD), EBADF);
}

static void pipe_copies(void)
{
	int p[2];
	expect("pipe", pipe(p), 0);
	int w2 = dup(p[1]);
	expect("close one write end", close(p[1]), 0);
	expect("the copy still writes", write(w2, "hi", 2), 2);
	char buf[4];
	expect("the reader gets it", read(p[0], buf, sizeof(buf)), 2);
	expect("close the last write end", close(w2), 0);
	expect("now the reader sees the end", read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);
}

int main(void)
{
	check_prog = "duptest";
	file_copies();
	bad_numbers();
	pipe_copies();
	return check_summary();
}
