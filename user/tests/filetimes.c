/*
 * filetimes.c - what programs expect of files and of the clock, checked the
 * same way on Bower and on Linux (it builds for both): rename (to a new
 * name, over an existing file, of a missing file), fstat's size and type as
 * a file grows, a write past the end leaving a hole that reads as zeros,
 * and wall time: time(), gettimeofday() and clock_gettime(CLOCK_REALTIME)
 * agree, come from a real-time clock (a date after 2024, not seconds since
 * boot), and move on while CLOCK_MONOTONIC does too; and the times a write
 * through a shared mapping marks; modes, umask and chmod.
 *
 *	filetimes [DIR]   its files in DIR (default: the root on Bower)
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "posix_check.h"

#define JAN_2024 1704067200L /* 2024-01-01 00:00:00 UTC */

static void check_rename(const char *a, const char *b)
{
	unlink(a);
	unlink(b);
	int fd = open(a, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("write the first file", write(fd, "first", 5), 5);
	close(fd);
	expect("rename to a new name", rename(a, b), 0);
	expect_err("the old name is gone", open(a, O_RDONLY), ENOENT);
	char buf[8] = {0};
	fd = open(b, O_RDONLY);
	expect("the new name reads the data", read(fd, buf, sizeof(buf)), 5);
	expect("  the same bytes", memcmp(buf, "first", 5), 0);
	close(fd);
	fd = open(a, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("write a second file", write(fd, "second", 6), 6);
	close(fd);
	expect("rename over an existing file", rename(a, b), 0);
	struct stat st;
	expect("stat the name renamed over", stat(b, &st), 0);
	expect("  it is the second file", (long)st.st_size, 6);
	expect_err("rename a missing file", rename(a, b), ENOENT);
	unlink(b);
}

static void check_hole(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct stat st;
	expect("fstat a new file", fstat(fd, &st), 0);
	expect("  it is a regular file", S_ISREG(st.st_mode) != 0, 1);
	expect("  of no bytes", (long)st.st_size, 0);
	expect("write at the start", write(fd, "ab", 2), 2);
	expect("seek past the end", (long)lseek(fd, 10000, SEEK_SET), 10000);
	expect("fstat: seeking does not grow it", (fstat(fd, &st), (long)st.st_size), 2);
	expect("write there", write(fd, "z", 1), 1);
	expect("fstat: now it reaches that byte", (fstat(fd, &st), (long)st.st_size), 10001);
	char *buf = calloc(1, 10001);
	memset(buf, 'x', 10001);
	expect("read it all back", pread(fd, buf, 10001, 0), 10001);
	int zeros = 1;
	for (int i = 2; i < 10000; i++)
		zeros &= buf[i] == 0;
	expect("  the hole reads as zeros", zeros, 1);
	expect("  the bytes written are there", buf[0] == 'a' && buf[1] == 'b' && buf[10000] == 'z',
	       1);
	expect("seek from the end", (long)lseek(fd, -1, SEEK_END), 10000);
	expect_err("seek before the start", lseek(fd, -1, SEEK_SET), EINVAL);
	free(buf);
	close(fd);
	unlink(path);
}

/* Until the wall clock's second has moved past `since`. */
static void next_second(time_t since)
{
	struct timespec nap = {0, 100 * 1000 * 1000};
	while (time(NULL) <= since)
		nanosleep(&nap, NULL);
}

/* A write through a shared mapping marks the file's modification and
 * change times by the next msync (POSIX); one through a private mapping
 * writes a copy, not the file, and marks nothing. */
static void check_mapped_write(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("write a page", write(fd, (char[4096]){0}, 4096), 4096);
	struct stat before, after;
	fstat(fd, &before);
	next_second(before.st_mtime);
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect("map it shared", m != MAP_FAILED, 1);
	if (m != MAP_FAILED) {
		m[0] = 'x';
		msync(m, 4096, MS_SYNC);
		munmap(m, 4096);
	}
	fstat(fd, &after);
	expect("a write through a shared mapping moves the modification time",
	       after.st_mtime > before.st_mtime, 1);
	expect("and the change time", after.st_ctime > before.st_ctime, 1);
	next_second(after.st_mtime);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (m != MAP_FAILED) {
		m[0] = 'y';
		msync(m, 4096, MS_SYNC);
		munmap(m, 4096);
	}
	struct stat later;
	fstat(fd, &later);
	expect("a private mapping's write does not", later.st_mtime == after.st_mtime, 1);
	close(fd);
	unlink(path);
}

/* Modes: a new file's and directory's are what was asked less the umask,
 * and chmod and fchmod change them; stat says them. */
static void check_modes(const char *path, const char *dir)
{
	struct stat st;
	unlink(path);
	mode_t old = umask(022);
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0666);
	expect("a file made with 0666, umask 022", fd >= 0, 1);
	expect("  is 0644", fstat(fd, &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0644);
	expect("  and a regular file", S_ISREG(st.st_mode), 1);
	expect("fchmod 0640", fchmod(fd, 0640), 0);
	expect("  is 0640", fstat(fd, &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0640);
	close(fd);
	expect("chmod 0600", chmod(path, 0600), 0);
	expect("  is 0600", stat(path, &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0600);
	unlink(path);
	umask(027);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0777);
	expect("a file made with 0777, umask 027, is 0750",
	       fstat(fd, &st) == 0 ? (long)(st.st_mode & 07777) : -1, 0750);
	close(fd);
	unlink(path);
	umask(022);
	rmdir(dir);
	expect("a directory made with 0777", mkdir(dir, 0777), 0);
	expect("  is 0755, a directory", stat(dir, &st) == 0 ? (long)(st.st_mode & 07777) : -1,
	       0755);
	expect("  and a directory", S_ISDIR(st.st_mode), 1);
	expect("and may be searched", access(dir, X_OK), 0);
	rmdir(dir);
	expect_err("chmod of nothing", chmod(path, 0644), ENOENT);
	expect("umask says what it was", umask(old), 022);
}

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static void check_clocks(void)
{
	struct timespec real0, mono0, real1, mono1;
	struct timeval tv;
	expect("clock_gettime(CLOCK_REALTIME)", clock_gettime(CLOCK_REALTIME, &real0), 0);
	expect("clock_gettime(CLOCK_MONOTONIC)", clock_gettime(CLOCK_MONOTONIC, &mono0), 0);
	time_t now = time(NULL);
	expect("gettimeofday", gettimeofday(&tv, NULL), 0);
	expect("the real time is a date, not time since boot", real0.tv_sec > JAN_2024, 1);
	expect("time() agrees with it", labs((long)now - (long)real0.tv_sec) <= 1, 1);
	expect("gettimeofday agrees with it", labs((long)tv.tv_sec - (long)real0.tv_sec) <= 1, 1);
	expect("  its microseconds are microseconds", tv.tv_usec >= 0 && tv.tv_usec < 1000000, 1);
	struct timespec nap = {0, 50 * 1000000L};
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_REALTIME, &real1);
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	expect("the real time moves on", ns(&real1) - ns(&real0) >= 50000000LL, 1);
	expect("the monotonic clock moves on", ns(&mono1) - ns(&mono0) >= 50000000LL, 1);
	expect("  by about the same", llabs((ns(&real1) - ns(&real0)) - (ns(&mono1) - ns(&mono0)))
					  < 1000000000LL,
	       1);
	struct tm tm;
	expect("gmtime_r makes a calendar date of it", gmtime_r(&now, &tm) != NULL, 1);
	expect("  a year after 2023", tm.tm_year + 1900 > 2023, 1);
}

int main(int argc, char **argv)
{
	char a[256], b[256], hole[256], mapped[256], modes[256], dir[256];
	check_prog = "filetimes";
	scratch_file(a, sizeof(a), argc, argv, "ft-a");
	scratch_file(b, sizeof(b), argc, argv, "ft-b");
	scratch_file(hole, sizeof(hole), argc, argv, "ft-hole");
	scratch_file(mapped, sizeof(mapped), argc, argv, "ft-mapped");
	scratch_file(modes, sizeof(modes), argc, argv, "ft-modes");
	scratch_file(dir, sizeof(dir), argc, argv, "ft-dir");
	check_rename(a, b);
	check_hole(hole);
	check_mapped_write(mapped);
	check_modes(modes, dir);
#ifdef __bower__
	struct stat st;
	expect("a program in /bin may be run", access("/bin/hello", X_OK), 0);
	expect("  its mode 0555", stat("/bin/hello", &st) == 0 ? (long)(st.st_mode & 07777) : -1,
	       0555);
	expect_err("  and cannot be changed", chmod("/bin/hello", 0777), EROFS);
#endif
	check_clocks();
	return check_summary();
}
