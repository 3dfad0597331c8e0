/*
 * fstest.c - the POSIX file calls against the file server.
 *
 * Each check prints one line; the exit status counts the wrong ones. It
 * covers content, offsets, truncation and holes, unlink, directories, /bin, and
 * the errors a program must get for bad requests.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define TEST_NAME "fstest"
#include "expect.h"


static void expect_err(const char *what, long ret, int err)
{
	int ok = ret == -1 && errno == err;
	failed += !ok;
	printf("fstest: %s: %s (got %ld errno %d, want -1 errno %d)\n", ok ? "ok" : "WRONG", what,
	       ret, ret == -1 ? errno : 0, err);
}

static void content(void)
{
	int fd = open("/notes.txt", O_RDWR | O_CREAT, 0644);
	expect("open with O_CREAT", fd >= 3, 1);
	expect("write", write(fd, "hello, bower\n", 13), 13);
	expect("offset after write", lseek(fd, 0, SEEK_CUR), 13);
	expect("seek to start", lseek(fd, 0, SEEK_SET), 0);
	char buf[64] = {0};
	expect("read it back", read(fd, buf, sizeof(buf)), 13);
	expect("same bytes", strcmp(buf, "hello, bower\n"), 0);
	expect("read at the end", read(fd, buf, sizeof(buf)), 0);
	expect("seek from the end", lseek(fd, -6, SEEK_END), 7);
	memset(buf, 0, sizeof(buf));
	expect("read the tail", read(fd, buf, 5), 5);
	expect("tail bytes", strcmp(buf, "bower"), 0);
	expect("close", close(fd), 0);
	expect_err("close twice", close(fd), EBADF);

	/* A large write crosses many messages and pages. */
	static char big[20000], back[20000];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	fd = open("/big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("large write", write(fd, big, sizeof(big)), sizeof(big));
	lseek(fd, 0, SEEK_SET);
	expect("large read", read(fd, back, sizeof(back)), sizeof(back));
	expect("large content", memcmp(big, back, sizeof(big)), 0);
	struct stat st;
	expect("fstat", fstat(fd, &st), 0);
	expect("fstat size", st.st_size, sizeof(big));
	expect("fstat says file", S_ISREG(st.st_mode), 1);
	close(fd);

	/* stdio on top: fopen, fprintf, fgets. */
	FILE *f = fopen("/stdio.txt", "w");
	expect("fopen for writing", f != NULL, 1);
	fprintf(f, "line %d\n", 42);
	fclose(f);
	f = fopen("/stdio.txt", "r");
	char line[32] = {0};
	expect("fgets", fgets(line, sizeof(line), f) != NULL, 1);
	expect("fgets content", strcmp(line, "line 42\n"), 0);
	fclose(f);
}

static void truncation_and_holes(void)
{
	int fd = open("/sparse", O_RDWR | O_CREAT, 0644);
	expect("write past a hole", pwrite(fd, "Z", 1, 10000), 1);
	struct stat st;
	fstat(fd, &st);
	expect("size includes the hole", st.st_size, 10001);
	char buf[16];
	memset(buf, 'x', sizeof(buf));
	expect("read inside the hole", pread(fd, buf, 16, 5000), 16);
	int zeros = 1;
	for (int i = 0; i < 16; i++)
		zeros &= buf[i] == 0;
	expect("holes read as zeros", zeros, 1);
	expect("truncate shorter", ftruncate(fd, 3), 0);
	fstat(fd, &st);
	expect("size after truncate", st.st_size, 3);
	expect("grow by truncate", ftruncate(fd, 8192), 0);
	memset(buf, 'x', sizeof(buf));
	expect("read the grown part", pread(fd, buf, 4, 4096), 4);
	expect("grown part is zeros", buf[0] == 0 && buf[3] == 0, 1);
	expect_err("negative truncate", ftruncate(fd, -1), EINVAL);
	/* A file bigger than the machine's memory, as long as it is mostly hole. */
	const off_t far = 256L << 20;
	expect("write at 256 MiB", pwrite(fd, "F", 1, far), 1);
	fstat(fd, &st);
	expect("a file past 256 MiB", st.st_size, far + 1);
	expect("read back at 256 MiB", pread(fd, buf, 2, far) == 1 && buf[0] == 'F', 1);
	expect("its hole reads as zeros", pread(fd, buf, 1, far / 2) == 1 && buf[0] == 0, 1);
	expect("truncate it back", ftruncate(fd, 3), 0);
	close(fd);
	int ro = open("/sparse", O_RDONLY);
	expect_err("truncate a read-only descriptor", ftruncate(ro, 0), EINVAL); /* as Linux: POSIX allows EBADF too */
	expect_err("write a read-only descriptor", write(ro, "a", 1), EBADF);
	close(ro);
}

static void unlinking(void)
{
	int fd = open("/doomed", O_RDWR | O_CREAT, 0644);
	write(fd, "still here", 10);
	expect("unlink an open file", unlink("/doomed"), 0);
	expect_err("gone from the tree", open("/doomed", O_RDONLY), ENOENT);
	char buf[16] = {0};
	expect("the open descriptor still reads", pread(fd, buf, 10, 0), 10);
	expect("its data", strcmp(buf, "still here"), 0);
	close(fd);
	expect_err("unlink a missing file", unlink("/doomed"), ENOENT);
}

static void directories(void)
{
	expect("mkdir", mkdir("/dir", 0755), 0);
	expect_err("mkdir twice", mkdir("/dir", 0755), EEXIST);
	expect("file in a directory", close(open("/dir/a", O_WRONLY | O_CREAT, 0644)), 0);
	expect("another", close(open("/dir/b", O_WRONLY | O_CREAT, 0644)), 0);
	expect("subdirectory", mkdir("/dir/sub", 0755), 0);
	DIR *d = opendir("/dir");
	expect("opendir", d != NULL, 1);
	int n = 0, saw_a = 0, saw_sub = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		n++;
		saw_a |= strcmp(e->d_name, "a") == 0 && e->d_type == DT_REG;
		saw_sub |= strcmp(e->d_name, "sub") == 0 && e->d_type == DT_DIR;
	}
	expect("entries listed", n, 3);
	expect("a is a file", saw_a, 1);
	expect("sub is a directory", saw_sub, 1);
	closedir(d);
	struct stat st;
	expect("stat a directory", stat("/dir/sub", &st), 0);
	expect("it is a directory", S_ISDIR(st.st_mode), 1);
	expect_err("rmdir a non-empty directory", rmdir("/dir"), ENOTEMPTY);
	expect_err("unlink a directory", unlink("/dir/sub"), EISDIR);
	expect_err("open a directory for writing", open("/dir", O_WRONLY), EISDIR);
	expect_err("a file is not a directory", open("/dir/a/x", O_RDONLY), ENOTDIR);
	expect_err("opendir on a file", opendir("/dir/a") ? 0 : -1, ENOTDIR);
	expect("rmdir an empty directory", rmdir("/dir/sub"), 0);
	expect_err("missing parent", open("/nowhere/x", O_WRONLY | O_CREAT, 0644), ENOENT);
}

/* Times from the guest's clock: a new file has all three, a write moves
 * its data's and its status's forward, never back, and the directory's. */
static void times(void)
{
	struct stat made, written, dir;
	int fd = open("/timed", O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("a new file's times are the clock's (after 2023)",
	       fstat(fd, &made) == 0 && made.st_mtime > 1700000000 &&
		   made.st_atime == made.st_mtime && made.st_ctime == made.st_mtime,
	       1);
	expect("its directory's too", stat("/", &dir) == 0 && dir.st_mtime >= made.st_mtime, 1);
	write(fd, "t", 1);
	expect("a write moves mtime and ctime on, not atime",
	       fstat(fd, &written) == 0 && written.st_mtime >= made.st_mtime &&
		   written.st_ctime >= written.st_mtime && written.st_atime == made.st_atime,
	       1);
	close(fd);
	unlink("/timed");
}

/* /bin: the ramdisk's programs, read-only (user/servers/fs/bindir.c). */
static void programs(void)
{
	struct stat st;
	expect("stat /bin/hello", stat("/bin/hello", &st), 0);
	expect("a file", S_ISREG(st.st_mode), 1);
	expect("with its program's size", st.st_size > 1000, 1);
	int fd = open("/bin/hello", O_RDONLY);
	expect("open /bin/hello", fd >= 3, 1);
	char magic[4] = {0};
	expect("read its first bytes", read(fd, magic, 4), 4);
	expect("an ELF file", memcmp(magic, "\x7f" "ELF", 4), 0);
	char buf[1000];
	long total = 4, got;
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		total += got;
	expect("all of it, as much as stat says", total, st.st_size);
	close(fd);
	expect_err("open it for writing", open("/bin/hello", O_WRONLY), EROFS);
	expect_err("truncate it", open("/bin/hello", O_RDONLY | O_TRUNC), EROFS);
	expect_err("remove it", unlink("/bin/hello"), EROFS);
	expect_err("make a file in /bin", open("/bin/new", O_WRONLY | O_CREAT, 0644), EROFS);
	expect_err("make a directory in /bin", mkdir("/bin/dir", 0755), EROFS);
	expect_err("remove /bin", rmdir("/bin"), EROFS);
}

static void bad_requests(void)
{
	char longname[300];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	expect_err("path too long", open(longname, O_RDONLY), ENAMETOOLONG);
	/* A name is as long as a path lets it be (FS_NAME_MAX, 255, is more
	 * than a path holds after its '/'): 200 bytes here. */
	char longcomp[202];
	memset(longcomp, 'c', sizeof(longcomp) - 1);
	longcomp[0] = '/';
	longcomp[sizeof(longcomp) - 1] = '\0';
	int lfd = open(longcomp, O_RDWR | O_CREAT, 0644);
	expect("a name of 200 bytes", lfd >= 0, 1);
	close(lfd);
	long listed = 0;
	DIR *root = opendir("/");
	for (struct dirent *e; root && (e = readdir(root));)
		listed += strcmp(e->d_name, longcomp + 1) == 0;
	if (root)
		closedir(root);
	expect("listed whole", listed, 1);
	expect("and removed", unlink(longcomp), 0);
	expect_err("missing file", open("/no-such-file", O_RDONLY), ENOENT);
	expect_err("O_EXCL on an existing file",
		   open("/notes.txt", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	expect_err("read a bad descriptor", read(77, longname, 4), EBADF);
	int fd = open("/notes.txt", O_RDWR);
	expect_err("seek before the start", lseek(fd, -100, SEEK_SET), EINVAL);
	expect_err("seek past the largest offset", lseek(fd, 0x7fffffffffffffffL, SEEK_END),
		   EINVAL);
	expect_err("bad whence", lseek(fd, 0, 42), EINVAL);
	expect_err("write beyond the largest file", pwrite(fd, "x", 1, 1L << 40), EFBIG);
	expect("the file is unharmed", lseek(fd, 0, SEEK_END), 13);
	close(fd);
	expect_err("seek the console", lseek(1, 0, SEEK_SET), ESPIPE);
}

/* Leave the file system as we found it, so the test can run again. */
static void clean_up(void)
{
	const char *files[] = {"/notes.txt", "/big", "/stdio.txt", "/sparse", "/dir/a", "/dir/b"};
	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		expect(files[i], unlink(files[i]), 0);
	expect("remove /dir", rmdir("/dir"), 0);
	DIR *d = opendir("/");
	int bin = 0, dev = 0, tmp = 0, other = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		if (strcmp(e->d_name, "bin") == 0)
			bin++;
		else if (strcmp(e->d_name, "dev") == 0)
			dev++;
		else if (strcmp(e->d_name, "tmp") == 0)
			tmp++;
		else
			other++;
	expect("the root holds only /bin, /dev and /tmp again",
	       bin == 1 && dev == 1 && tmp == 1 && other == 0, 1);
	closedir(d);
}

int main(void)
{
	content();
	truncation_and_holes();
	unlinking();
	directories();
	programs();
	times();
	bad_requests();
	clean_up();
	printf("fstest: %d checks failed\n", failed);
	return failed;
}
