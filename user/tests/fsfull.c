/*
 * fsfull.c - the file system holds as much as memory does: more than 64
 * MiB in all, then ENOSPC when memory is gone, and all of it back when the
 * files are removed.
 *
 * A cycle writes 32 MiB files until a write comes up short, checks that
 * the next one fails with ENOSPC and that the files read back, then
 * removes them. After it the pool keeps at most one empty chunk (256
 * pages). Four cycles: the first three settle the file server's heap (the
 * page arrays of big files; the heap grows in steps of what it has) and
 * the places of its chunks, so after the fourth the kernel's free pages
 * must be what they were after the third.
 * To keep the cycles short, this program first takes all but about 100
 * MiB of memory for itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/fs_info.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "fsfull"
#include "expect.h"

#define MIB	  (1024 * 1024)
#define FILE_MIB  32
#define MAX_FILES 16 /* 512 MiB: more than the machine has */


static long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return (long)st.free_pages;
}

static void name(int i, char *path, size_t len)
{
	snprintf(path, len, "/fsfull%d", i);
}

/* Fill file i with MiB blocks marked with their number: MiB written. */
static long fill(int i, int *err)
{
	static char block[MIB];
	char path[32];
	name(i, path, sizeof(path));
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		*err = errno;
		return 0;
	}
	long mib = 0;
	for (; mib < FILE_MIB; mib++) {
		memset(block, 'a' + (i * FILE_MIB + mib) % 26, sizeof(block));
		ssize_t n = write(fd, block, sizeof(block));
		if (n != (ssize_t)sizeof(block)) {
			*err = n < 0 ? errno : 0;
			break;
		}
	}
	close(fd);
	return mib;
}

static int read_back(int i, long mib)
{
	char path[32], c = 0;
	name(i, path, sizeof(path));
	int fd = open(path, O_RDONLY);
	int ok = fd >= 0;
	for (long m = 0; ok && m < mib; m++)
		ok = pread(fd, &c, 1, m * MIB + MIB / 2) == 1 && c == 'a' + (i * FILE_MIB + m) % 26;
	close(fd);
	return ok;
}

static void cycle(void)
{
	long mib[MAX_FILES] = {0}, total = 0;
	int files = 0, err = 0;
	while (files < MAX_FILES && err == 0) {
		mib[files] = fill(files, &err);
		total += mib[files++];
		if (mib[files - 1] < FILE_MIB && err == 0)
			err = -1; /* short, yet no error: the next write says why */
	}
	printf("fsfull: %ld MiB in %d files before the file system was full\n", total, files);
	expect("more than 64 MiB of files", total > 64, 1);
	expect("full before 512 MiB (the machine has 256)", files < MAX_FILES, 1);
	if (err == -1) {
		char path[32];
		name(files - 1, path, sizeof(path));
		int fd = open(path, O_WRONLY | O_APPEND);
		errno = 0;
		expect("the write after the short one fails", write(fd, "x", 1), -1);
		err = errno;
		close(fd);
	}
	expect("with ENOSPC", err, ENOSPC);
	int ok = 1;
	for (int i = 0; i < files; i++)
		ok &= read_back(i, mib[i]);
	expect("every file reads back", ok, 1);
	for (int i = 0; i < files; i++) {
		char path[32];
		name(i, path, sizeof(path));
		unlink(path);
	}
	struct fs_memstat st;
	bower_fs_memstat(&st);
	expect("the pool gave back all but one chunk", st.pool_pages <= 256, 1);
}

/* Take memory until about `leave` pages are free. */
static void fill_memory(long leave)
{
	long spare = free_pages() - leave;
	spare -= spare / 256 + 8; /* the kernel's page array and tables for it */
	if (spare <= 0)
		return;
	size_t len = (size_t)spare * 4096;
	char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t off = 0; m != MAP_FAILED && off < len; off += 4096)
		m[off] = 1;
}

int main(void)
{
	fill_memory(25000);
	cycle();
	cycle();
	cycle();
	long before = free_pages();
	cycle();
	expect("the kernel's free pages after the fourth cycle are as after the third",
	       free_pages(), before);
	printf("fsfull: %d checks failed\n", failed);
	return failed;
}
