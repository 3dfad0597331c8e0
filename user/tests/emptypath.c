/*
 * emptypath.c - the empty path names no file (POSIX: ENOENT), not the
 * root directory. Builds for Bower and for Linux.
 */
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include "posix_check.h"

int main(void)
{
	struct stat st;
	check_prog = "emptypath";
	expect_err("open(\"\") is ENOENT", open("", O_RDONLY), ENOENT);
	expect_err("open(\"\", O_CREAT) is ENOENT", open("", O_RDWR | O_CREAT, 0644), ENOENT);
	expect_err("stat(\"\") is ENOENT", stat("", &st), ENOENT);
	expect_err("unlink(\"\") is ENOENT", unlink(""), ENOENT);
	expect_err("mkdir(\"\") is ENOENT", mkdir("", 0755), ENOENT);
	int fd = open("/", O_RDONLY);
	expect("open(\"/\") still opens the root", fd >= 0, 1);
	if (fd >= 0)
		close(fd);
	return check_summary();
}
