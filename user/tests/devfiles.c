/*
 * devfiles.c - /dev/null and /dev/zero, as POSIX programs use them: what
 * reading and writing them gives, what stat and readdir say, and mapping
 * /dev/zero (anonymous memory; /dev/null has nothing to map). Builds for
 * Bower and for Linux; Bower alone also checks that they cannot be
 * removed or added to (on Linux a root test would remove them).
 */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "posix_check.h"

#define PAGE 4096

static void null_device(void)
{
	int fd = open("/dev/null", O_RDWR);
	expect("open /dev/null for reading and writing", fd >= 0, 1);
	char buf[100];
	memset(buf, 'x', sizeof(buf));
	expect("a write takes everything", write(fd, buf, sizeof(buf)), sizeof(buf));
	expect("a read is the end of the file", read(fd, buf, sizeof(buf)), 0);
	expect("a long write too", write(fd, (char[20000]){0}, 20000), 20000);
	struct stat st;
	expect("fstat", fstat(fd, &st), 0);
	expect("a character device", S_ISCHR(st.st_mode), 1);
	expect("that anyone may read and write", st.st_mode & 0666, 0666);
	expect_err("it cannot be truncated", ftruncate(fd, 0), EINVAL);
	expect_err("nor mapped",
		   mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ? -1 : 0, ENODEV);
	close(fd);
	fd = open("/dev/null", O_WRONLY | O_APPEND);
	expect("open for appending", fd >= 0, 1);
	expect("and write", write(fd, "a", 1), 1);
	close(fd);
}

static void zero_device(void)
{
	int fd = open("/dev/zero", O_RDWR);
	expect("open /dev/zero", fd >= 0, 1);
	static char big[3 * PAGE + 100];
	memset(big, 'x', sizeof(big));
	expect("a long read gives all it asks", read(fd, big, sizeof(big)), sizeof(big));
	size_t zeros = 0;
	for (size_t i = 0; i < sizeof(big); i++)
		zeros += big[i] == 0;
	expect("all zeros", (long)zeros, sizeof(big));
	expect("a write takes everything", write(fd, "abc", 3), 3);
	struct stat st;
	expect("stat /dev/zero", stat("/dev/zero", &st), 0);
	expect("a character device", S_ISCHR(st.st_mode), 1);
	/* A private mapping is zero-filled memory of the program's own. */
	char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	expect("map it", m != MAP_FAILED, 1);
	if (m != MAP_FAILED) {
		expect("its pages read zero", m[0] + m[PAGE] + m[3 * PAGE - 1], 0);
		m[PAGE] = 7;
		expect("and can be written", m[PAGE], 7);
		expect("unmapped", munmap(m, 3 * PAGE), 0);
	}
	/* The conformance suite's munmap/2-1: mapped with no access, unmapped
	 * twice (the second time there is nothing there: no error). */
	m = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE, fd, 0);
	expect("map it with no access", m != MAP_FAILED, 1);
	expect("unmap it", munmap(m, PAGE), 0);
	expect("and again", munmap(m, PAGE), 0);
	char more[10] = "xxxxxxxxx";
	expect("reads go on after the mapping", read(fd, more, sizeof(more)), sizeof(more));
	expect("with zeros", more[0] + more[9], 0);
	close(fd);
}

static void listed(void)
{
	DIR *d = opendir("/dev");
	expect("open /dev", d != NULL, 1);
	int null = 0, zero = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		null += strcmp(e->d_name, "null") == 0 && e->d_type == DT_CHR;
		zero += strcmp(e->d_name, "zero") == 0 && e->d_type == DT_CHR;
	}
	if (d)
		closedir(d);
	expect("null is listed, a character device", null, 1);
	expect("zero is listed, a character device", zero, 1);
}

int main(void)
{
	check_prog = "devfiles";
	null_device();
	zero_device();
	listed();
#ifdef __bower__
	expect_err("/dev/null cannot be removed", unlink("/dev/null"), EROFS);
	expect_err("nor renamed", rename("/dev/zero", "/zero"), EROFS);
	expect_err("nor a file made in /dev", open("/dev/other", O_CREAT | O_RDWR, 0644), EROFS);
	expect("/dev/null is still there", access("/dev/null", R_OK | W_OK), 0);
#endif
	return check_summary();
}
