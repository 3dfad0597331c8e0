/*
 * unlinkmap.c - a removed file lives on while it is mapped or open, as
 * POSIX says: its data stays until the last mapping and the last
 * descriptor are gone. Builds for Bower and for Linux.
 *
 * Three orders: removed while mapped and open, then closed, then read and
 * written through the mapping; removed after close while only mapped; and
 * removed, then mapped from a descriptor still open. A second mapping of
 * the same file sees the first's writes throughout.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "posix_check.h"

#define PAGES 8
#define PAGE  4096

static const char path[] = SCRATCH_DIR "/unlinkmap.dat";

static int make_file(void)
{
	static char data[PAGES * PAGE];
	memset(data, 'u', sizeof(data));
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, sizeof(data)) != (ssize_t)sizeof(data))
		return -1;
	return fd;
}

/* Every page reads 'u' (or, where the test wrote, what it wrote). */
static long wrong_pages(const volatile char *m, char at0)
{
	long wrong = m[0] != at0;
	for (int p = 1; p < PAGES; p++)
		wrong += m[p * PAGE] != 'u';
	return wrong;
}

static void removed_while_mapped_and_open(void)
{
	int fd = make_file();
	volatile char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	const volatile char *r = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("mapped twice", m != MAP_FAILED && r != MAP_FAILED, 1);
	expect("removed while mapped and open", unlink(path), 0);
	expect("closed", close(fd), 0);
	expect("every page still reads", wrong_pages(m, 'u'), 0);
	m[0] = 'W';
	expect("a write through one mapping shows in the other", r[0], 'W');
	expect("the second mapping reads the rest", wrong_pages(r, 'W'), 0);
	expect("unmapped", munmap((void *)m, PAGES * PAGE) == 0 && munmap((void *)r, PAGES * PAGE) == 0,
	       1);
	expect_err("and gone", open(path, O_RDONLY), ENOENT);
}

static void removed_after_close(void)
{
	int fd = make_file();
	const volatile char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("mapped", m != MAP_FAILED, 1);
	close(fd);
	expect("removed while only mapped", unlink(path), 0);
	expect("every page still reads", wrong_pages(m, 'u'), 0);
	munmap((void *)m, PAGES * PAGE);
}

static void mapped_after_removal(void)
{
	int fd = make_file();
	expect("removed while open", unlink(path), 0);
	const volatile char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("mapped from the open descriptor", m != MAP_FAILED, 1);
	close(fd);
	expect("every page reads after the last close", m != MAP_FAILED && wrong_pages(m, 'u') == 0,
	       1);
	munmap((void *)m, PAGES * PAGE);
}

int main(void)
{
	check_prog = "unlinkmap";
	removed_while_mapped_and_open();
	removed_after_close();
	mapped_after_removal();
	return check_summary();
}
