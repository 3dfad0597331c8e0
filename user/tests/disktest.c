/*
 * disktest.c - the disk's ext2 file system at /disk, read through the
 * file server's page cache: run with a disk made from
 * tests/host/ext2/make_tree.py's tree (tests/qemu/run.py disk_ext2_*).
 *
 * It reads what the host put there and checks every byte (the same
 * pattern as make_tree.py), lists a directory of many blocks, stats,
 * maps the 5 MiB file and touches every page, and reads it again and
 * again: with a small cache (cache=N) that is many times the cache, and
 * the file server must hold no more than the cache all along. Then bad
 * requests, and with "disktest readonly" (a read-only disk) that nothing
 * may change it, or with "disktest write" files written, made, removed
 * and truncated (the host checks the image after the power-off), or with
 * "disktest again" that a write run's files are still there, or with
 * "disktest llmbad" (page 100 of big unreadable) that MAP_LLM reads up to
 * it right and the bad page is a bus error. A number says how many times
 * to read the big file. Nothing may be left open. After a write or
 * read-only run it prints what statvfs says of /disk, which the host
 * compares with the image's superblock (dumpe2fs).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <bower/fs_info.h>

#define TEST_NAME "disktest"
#include "expect.h"

#define BIG   (5 << 20)
#define ROUND 4096

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 7 + i / 4096 + 13);
}

static long err_of(long r)
{
	return r < 0 ? -errno : r;
}

/* The whole of a small file: its length, or -errno. */
static long slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	long n = read(fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return err_of(n);
}

static void small_files(void)
{
	char buf[64];
	expect("/disk/hello.txt's length", slurp("/disk/hello.txt", buf, sizeof(buf)), 12);
	expect("/disk/hello.txt holds the host's words", strcmp(buf, "hello, disk\n"), 0);
	expect("a file three directories down", slurp("/disk/sub/deep/note", buf, sizeof(buf)), 5);
	expect("it holds the host's words", strcmp(buf, "deep\n"), 0);
	struct stat st;
	expect("stat /disk/big", err_of(stat("/disk/big", &st)), 0);
	expect("its size", (long)st.st_size, BIG);
	expect("stat /disk/sub is a directory",
	       err_of(stat("/disk/sub", &st)) == 0 && S_ISDIR(st.st_mode), 1);
	expect("stat of a missing file", err_of(stat("/disk/nothing", &st)), -ENOENT);
}

/* Read all of /disk/big: the bytes that are not the pattern. */
static long read_big(void)
{
	static uint8_t buf[ROUND];
	int fd = open("/disk/big", O_RDONLY);
	if (fd < 0)
		return -errno;
	long wrong = 0, total = 0, n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (long i = 0; i < n; i++)
			wrong += buf[i] != pattern((uint64_t)total + (uint64_t)i);
		total += n;
	}
	close(fd);
	return n < 0 ? -errno : total != BIG ? -1 : wrong;
}

static void sparse_file(void)
{
	static uint8_t buf[ROUND];
	int fd = open("/disk/sparse", O_RDONLY);
	long zeros = 0;
	for (int i = 0; i < 256; i++) {
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			break;
		for (int k = 0; k < ROUND; k++)
			zeros += buf[k] == 0;
	}
	expect("the hole reads as zeros", zeros, 256L * ROUND);
	long n = read(fd, buf, sizeof(buf)), wrong = 0;
	for (long k = 0; k < n; k++)
		wrong += buf[k] != pattern((1 << 20) + (uint64_t)k);
	expect("the data after it", n == ROUND ? wrong : -1, 0);
	expect("then the end", read(fd, buf, sizeof(buf)), 0);
	close(fd);
}

static void directory(void)
{
	DIR *d = opendir("/disk/many");
	long files = 0, wrong = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		unsigned k;
		files++;
		wrong += sscanf(e->d_name, "file%3u", &k) != 1 || k >= 200;
	}
	if (d)
		closedir(d);
	expect("a directory of 200 files over several blocks", files, 200);
	expect("each named as the host named it", wrong, 0);
	/* make_tree.py's LONG_NAME: 200 bytes, listed and opened whole */
	char name[201], path[256], buf[32];
	memcpy(name, "long-", 5);
	memset(name + 5, 'n', 190);
	memcpy(name + 195, ".txt", 5);
	long listed = 0;
	d = opendir("/disk/sub");
	while (d && (e = readdir(d)))
		listed += strcmp(e->d_name, name) == 0;
	if (d)
		closedir(d);
	expect("a name of 200 bytes is listed", listed, 1);
	snprintf(path, sizeof(path), "/disk/sub/%s", name);
	expect("and read by it", slurp(path, buf, sizeof(buf)), 12);
}

/* Map the whole 5 MiB file (flags: MAP_SHARED, or with MAP_LLM) and touch
 * every page, twice: with a small cache the cache must take pages back
 * from the mapping to lend it others. A plain mapping is also compared
 * with read(). */
static void whole_mapping(int flags, const char *what)
{
	char line[64];
	int fd = open("/disk/big", O_RDONLY);
	uint8_t *m = mmap(NULL, BIG, PROT_READ, flags, fd, 0);
	expect(what, m == MAP_FAILED ? -errno : 0, 0);
	if (m == MAP_FAILED)
		return;
	long wrong = 0;
	for (int pass = 0; pass < 2; pass++)
		for (uint64_t i = 0; i < BIG; i += 512)
			wrong += m[i] != pattern(i);
	snprintf(line, sizeof(line), "every page of the %s, twice",
		 flags & MAP_LLM ? "MAP_LLM mapping" : "mapping");
	expect(line, wrong, 0);
	if (!(flags & MAP_LLM)) {
		static uint8_t buf[ROUND];
		pread(fd, buf, sizeof(buf), 3 * ROUND);
		expect("read() and the mapping agree", memcmp(buf, m + 3 * ROUND, ROUND), 0);
	}
	munmap(m, BIG);
	close(fd);
}

/* /disk/big with page 100 unreadable (the test's blkdebug): MAP_LLM
 * reads pages in order, each batch reading ahead; the pages before the
 * bad one come right, and touching it ends this program with a bus error. */
static void llm_bad_page(void)
{
	int fd = open("/disk/big", O_RDONLY);
	uint8_t *m = mmap(NULL, BIG, PROT_READ, MAP_SHARED | MAP_LLM, fd, 0);
	expect("MAP_LLM of a disk file", m == MAP_FAILED ? -errno : 0, 0);
	if (m == MAP_FAILED)
		return;
	long wrong = 0;
	for (uint64_t i = 0; i < 100 * 4096; i += 4096)
		wrong += m[i] != pattern(i);
	expect("pages before the bad one read right", wrong, 0);
	fflush(stdout);
	printf("disktest: WRONG: the bad page read %d\n", m[100 * 4096]);
}

static void dotdot(void);

static void errors(void)
{
	expect("removing the mount point", err_of(rmdir("/disk")), -EBUSY);
	expect("a missing file", err_of(open("/disk/nothing", O_RDONLY)), -ENOENT);
	expect("a file as a directory", err_of(open("/disk/hello.txt/x", O_RDONLY)), -ENOTDIR);
	int fd = open("/disk/hello.txt", O_RDONLY);
	expect("writing to a file opened for reading", err_of(write(fd, "x", 1)), -EBADF);
	expect("a writable mapping of a file opened for reading",
	       mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? -errno
											 : 0,
	       -EACCES);
	close(fd);
	dotdot();
}

/* ".." leaves the disk at its root, as POSIX resolves it: what comes
 * before each ".." must be a directory that exists. */
static void dotdot(void)
{
	struct stat root, st;
	stat("/", &root);
	expect("/disk/.. is the root", stat("/disk/..", &st) == 0 && st.st_ino == root.st_ino, 1);
	expect("/disk/many/../.. is the root",
	       stat("/disk/many/../..", &st) == 0 && st.st_ino == root.st_ino, 1);
	int fd = open("/disk/many/../hello.txt", O_RDONLY);
	expect("/disk/many/../hello.txt is the disk's", fd >= 0, 1);
	close(fd);
	fd = open("/disk/../disk/hello.txt", O_RDONLY);
	expect("out of the disk and back in", fd >= 0, 1);
	close(fd);
	expect("a missing directory before ..", err_of(stat("/disk/nothing/..", &st)), -ENOENT);
	expect("a file before ..", err_of(stat("/disk/hello.txt/..", &st)), -ENOTDIR);
	expect("chdir to the disk", chdir("/disk"), 0);
	expect("its .. from inside is the root", stat("..", &st) == 0 && st.st_ino == root.st_ino,
	       1);
	chdir("/");
}

/* A disk the driver says is read-only: nothing may change it. */
static void read_only(void)
{
	expect("opening for writing", err_of(open("/disk/hello.txt", O_RDWR)), -EROFS);
	expect("creating", err_of(open("/disk/new", O_WRONLY | O_CREAT, 0644)), -EROFS);
	expect("removing", err_of(unlink("/disk/hello.txt")), -EROFS);
	expect("making a directory", err_of(mkdir("/disk/dir", 0755)), -EROFS);
	char buf[64];
	expect("and the files still read", slurp("/disk/hello.txt", buf, sizeof(buf)), 12);
}

static long put(const char *path, int flags, const char *text)
{
	int fd = open(path, O_WRONLY | flags, 0644);
	if (fd < 0)
		return -errno;
	long n = write(fd, text, strlen(text));
	close(fd);
	return err_of(n);
}

/* Names moved on the disk, and on tmpfs the same way. */
static void renames(void)
{
	char text[64];
	expect("renaming a file", err_of(rename("/disk/newdir/inner", "/disk/newdir/renamed")), 0);
	expect("moving a directory", err_of(rename("/disk/newdir", "/disk/sub/moved")), 0);
	expect("its file came along", slurp("/disk/sub/moved/renamed", text, sizeof(text)), 6);
	expect("a directory into itself", err_of(rename("/disk/sub", "/disk/sub/moved/x")),
	       -EINVAL);
	expect("over a file", err_of(rename("/disk/new.txt", "/disk/many/file010")), 0);
	expect("which now holds the other's words",
	       slurp("/disk/many/file010", text, sizeof(text)) == 21 &&
		   strcmp(text, "written by the guest\n") == 0,
	       1);
	expect("the old name is gone", err_of(open("/disk/new.txt", O_RDONLY)), -ENOENT);
	expect("a directory over a file", err_of(rename("/disk/sub/moved", "/disk/big")), -ENOTDIR);
	expect("between the disk and tmpfs", err_of(rename("/disk/big", "/big")), -EXDEV);
	expect("on tmpfs", put("/t1", O_CREAT, "t\n") == 2 && err_of(rename("/t1", "/t2")) == 0, 1);
	int fd = open("/t2", O_RDONLY);
	expect("fsync of a tmpfs file: nothing to do", err_of(fsync(fd)), 0);
	close(fd);
	expect("fsync of no file", err_of(fsync(99)), -EBADF);
	expect("the tmpfs file moved", slurp("/t2", text, sizeof(text)) == 2 && unlink("/t2") == 0,
	       1);
}

/* What mapped_writes stores, byte i of /disk/mapped (the host computes
 * the same: tests/qemu/run.py). */
#define MAPPED_PAGES 80 /* more than the write tests' caches hold */
static uint8_t mapped_byte(uint64_t i)
{
	return (uint8_t)(i * 13 + i / 4096 * 5 + 1);
}

/* The bytes of /disk/mapped that differ from mapped_byte. */
static long mapped_wrong(int fd)
{
	static uint8_t buf[ROUND];
	long wrong = 0;
	for (uint64_t off = 0; off < MAPPED_PAGES * 4096; off += ROUND) {
		long n = pread(fd, buf, ROUND, (off_t)off);
		wrong += n == ROUND ? 0 : ROUND;
		for (long i = 0; i < n; i++)
			wrong += buf[i] != mapped_byte(off + (uint64_t)i);
	}
	return wrong;
}

/* A shared writable mapping of a disk file, more pages than the cache:
 * what the program stores reaches the disk, the pages that leave the cache
 * while it writes on the way (read() then reads them from the disk), the
 * rest at msync; the host reads the file after the power-off and the next
 * boot reads it again. */
static void mapped_writes(void)
{
	size_t len = MAPPED_PAGES * 4096;
	int fd = open("/disk/mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("a file to map", fd >= 0 && ftruncate(fd, (off_t)len) == 0, 1);
	uint8_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect("a writable shared mapping of a disk file", m != MAP_FAILED, 1);
	if (m == MAP_FAILED)
		return;
	for (size_t i = 0; i < len; i++)
		m[i] = mapped_byte(i);
	expect("msync", msync(m, len, MS_SYNC), 0);
	expect("what was stored reads back", mapped_wrong(fd), 0);
	m[5] = 'M'; /* after msync, before munmap: the last mapping's end writes it */
	munmap(m, len);
	close(fd);
	int rd = open("/disk/mapped", O_RDONLY);
	static uint8_t b[8];
	expect("a store after msync reads back", pread(rd, b, 8, 0) == 8 && b[5] == 'M', 1);
	close(rd);
}

/* After a boot that ran "disktest write" on the same disk: its files are
 * there, with what it wrote, and what it removed is gone. */
static void again(void)
{
	static uint8_t buf[ROUND];
	char text[64];
	int fd = open("/disk/written", O_RDONLY);
	long n = pread(fd, buf, ROUND, 0), wrong = n == ROUND ? 0 : 1;
	for (long i = 0; i < n; i++)
		wrong += buf[i] != (i == 100 ? 'X' : pattern((uint64_t)i));
	close(fd);
	wrong += slurp("/disk/many/file010", text, sizeof(text)) != 21 ||
		 strcmp(text, "written by the guest\n") != 0;
	wrong += slurp("/disk/sub/moved/renamed", text, sizeof(text)) != 6;
	wrong += slurp("/disk/sub/trunc", text, sizeof(text)) != 6 || strcmp(text, "short\n") != 0;
	wrong += open("/disk/hello.txt", O_RDONLY) != -1 || open("/disk/newdir", O_RDONLY) != -1;
	struct stat st;
	wrong += stat("/disk/big", &st) != 0 || st.st_size != 100001;
	expect("what the last boot wrote is there", wrong, 0);
	/* and what it stored through a mapping, 'M' at byte 5 */
	fd = open("/disk/mapped", O_RDONLY);
	long off = mapped_wrong(fd);
	expect("what it stored through a mapping too", off == 1 && pread(fd, buf, 8, 0) == 8 &&
							     buf[5] == 'M',
	       1);
	close(fd);
}

/* Files written, made, removed and truncated; the host then checks the
 * image with e2fsck and reads them with debugfs (tests/qemu/run.py). */
static void writes(void)
{
	static uint8_t buf[ROUND];
	char text[64];
	expect("creating /disk/new.txt", put("/disk/new.txt", O_CREAT | O_EXCL, "written "), 8);
	expect("appending to it", put("/disk/new.txt", O_APPEND, "by the guest\n"), 13);
	expect("it reads back", slurp("/disk/new.txt", text, sizeof(text)), 21);
	expect("with what was written", strcmp(text, "written by the guest\n"), 0);
	/* Its times are the guest's clock's (after 2023, say), not 1970. */
	struct stat times;
	expect("it has its times",
	       stat("/disk/new.txt", &times) == 0 && times.st_mtime > 1700000000 &&
		   times.st_ctime >= times.st_mtime && times.st_atime > 1700000000,
	       1);
	expect("a directory", err_of(mkdir("/disk/newdir", 0755)), 0);
	expect("a file in it", put("/disk/newdir/inner", O_CREAT, "inner\n"), 6);
	expect("making it again", err_of(mkdir("/disk/newdir", 0755)), -EEXIST);
	expect("removing a directory that is not empty", err_of(rmdir("/disk/sub/deep")),
	       -ENOTEMPTY);
	expect("removing its file", err_of(unlink("/disk/sub/deep/note")), 0);
	expect("then it", err_of(rmdir("/disk/sub/deep")), 0);
	expect("removing a file", err_of(unlink("/disk/hello.txt")), 0);
	expect("it is gone", err_of(open("/disk/hello.txt", O_RDONLY)), -ENOENT);
	int fd = open("/disk/many/file007", O_RDONLY);
	expect("removing an open file", err_of(unlink("/disk/many/file007")), -EBUSY);
	close(fd);
	/* 300 KiB of pattern through the cache, in pieces that cross pages. */
	fd = open("/disk/written", O_RDWR | O_CREAT | O_TRUNC, 0644);
	long wrong = 0, total = 0;
	for (uint64_t off = 0; off < 300 * 1024; off += 3000) {
		for (int i = 0; i < 3000; i++)
			buf[i] = pattern(off + (uint64_t)i);
		total += write(fd, buf, 3000);
	}
	expect("300 KiB written in pieces", total, 300 * 1024 / 3000 * 3000 + 3000);
	for (uint64_t off = 0; off < (uint64_t)total; off += ROUND) {
		long n = pread(fd, buf, ROUND, (off_t)off);
		for (long i = 0; i < n; i++)
			wrong += buf[i] != pattern(off + (uint64_t)i);
	}
	expect("and read back", wrong, 0);
	expect("fsync", err_of(fsync(fd)), 0);
	uint8_t *m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	expect("a mapping of what was written", m != MAP_FAILED && m[100] == pattern(100), 1);
	pwrite(fd, "X", 1, 100);
	expect("sees a later write", m != MAP_FAILED && m[100] == 'X', 1);
	munmap(m, 4096);
	close(fd);
	fd = open("/disk/big", O_RDWR);
	expect("truncating the 5 MiB file", err_of(ftruncate(fd, 100001)), 0);
	struct stat st;
	fstat(fd, &st);
	expect("its size", (long)st.st_size, 100001);
	close(fd);
	renames();
	mapped_writes();
	expect("truncating when opening", put("/disk/sub/trunc", O_CREAT | O_TRUNC, "long text\n"),
	       10);
	expect("and again", put("/disk/sub/trunc", O_TRUNC, "short\n"), 6);
	expect("only the new text is there", slurp("/disk/sub/trunc", text, sizeof(text)), 6);
}

/* The disk's size and free space (statvfs), printed for the test to
 * compare with what dumpe2fs reads in the image after the guest is off
 * (tests/qemu/run.py, check_space). */
static void disk_space(int writable)
{
	sync();
	struct statvfs v, fv;
	struct statfs s;
	expect("statvfs of /disk", statvfs("/disk", &v), 0);
	expect("ext2's blocks, counted", (v.f_frsize == 1024 || v.f_frsize == 4096) && v.f_blocks > 0 &&
						   v.f_bfree <= v.f_blocks && v.f_bavail <= v.f_bfree,
	       1);
	expect("and its inodes", v.f_files > 0 && v.f_ffree <= v.f_files, 1);
	expect("names as long as ext2's", (long)v.f_namemax, 255);
	expect("read-only as mounted", (v.f_flag & ST_RDONLY) != 0, !writable);
	int fd = open("/disk/hello.txt", O_RDONLY);
	if (fd < 0)
		fd = open("/disk/many/file010", O_RDONLY);
	expect("fstatvfs of a file on it agrees",
	       fstatvfs(fd, &fv) == 0 && fv.f_fsid == v.f_fsid && fv.f_blocks == v.f_blocks &&
		   fv.f_bfree == v.f_bfree,
	       1);
	close(fd);
	expect("statfs says ext2", statfs("/disk/sub", &s) == 0 && s.f_type == EXT2_SUPER_MAGIC, 1);
	expect("statvfs of nothing there", err_of(statvfs("/disk/no/such", &fv)), -ENOENT);
	expect("the root is another file system", statvfs("/", &fv) == 0 && fv.f_fsid != v.f_fsid, 1);
	printf("disktest: statvfs /disk: %lu blocks of %lu bytes, %lu free, %lu available, "
	       "%lu files, %lu free\n",
	       (unsigned long)v.f_blocks, v.f_frsize, (unsigned long)v.f_bfree,
	       (unsigned long)v.f_bavail, (unsigned long)v.f_files, (unsigned long)v.f_ffree);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "3";
	long rounds = atol(mode);
	struct fs_memstat before, after;
	bower_fs_memstat(&before);
	expect("a disk is mounted with a page cache", before.cache_pages > 0, 1);
	if (strcmp(mode, "llmbad") == 0) {
		llm_bad_page();
		return 1; /* not reached: the bad page's touch ends it */
	}
	if (strcmp(mode, "again") == 0) { /* the tree is a write run's now */
		again();
		printf("disktest: %d checks failed\n", failed);
		return failed;
	}
	small_files();
	sparse_file();
	directory();
	long wrong = 0;
	for (long r = 0; r < rounds; r++)
		wrong += read_big();
	expect("the 5 MiB file read whole, every round", wrong, 0);
	whole_mapping(MAP_SHARED, "mmap of a disk file");
	errors();
	if (strcmp(mode, "readonly") == 0)
		read_only();
	if (strcmp(mode, "write") == 0)
		writes();
	/* Where nothing writes after it: a MAP_LLM mapping of a disk file
	 * (below) has its profile saved on the disk when it goes. */
	if (strcmp(mode, "write") == 0 || strcmp(mode, "readonly") == 0)
		disk_space(strcmp(mode, "readonly") != 0);
	bower_fs_memstat(&after);
	printf("disktest: %ld rounds of %d KiB through a cache of %llu pages: %llu misses, "
	       "%llu pages held, %llu heap bytes more\n",
	       rounds, BIG >> 10, (unsigned long long)after.cache_pages,
	       (unsigned long long)(after.cache_misses - before.cache_misses),
	       (unsigned long long)after.cache_filled,
	       (unsigned long long)(after.heap_bytes - before.heap_bytes));
	expect("the cache never grew", (long)after.cache_pages, (long)before.cache_pages);
	expect("it holds no more than its pages", after.cache_filled <= after.cache_pages, 1);
	expect("the file server's heap stayed within 64 KiB",
	       after.heap_bytes < before.heap_bytes + 65536, 1);
	expect("no tmpfs page was taken", (long)after.data_pages, (long)before.data_pages);
	expect("nothing left open", (long)after.open_files, (long)before.open_files);
	/* With MAP_LLM the pager reads predicted pages into the cache too.
	 * After the memory checks: a model of the file is kept once made,
	 * which is memory the server means to keep. */
	if (strcmp(mode, "write") != 0) /* writes() cut the file short */
		whole_mapping(MAP_SHARED | MAP_LLM, "MAP_LLM of a disk file");
	printf("disktest: %d checks failed\n", failed);
	return failed;
}
