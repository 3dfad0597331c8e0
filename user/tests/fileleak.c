/*
 * fileleak.c - files made, mapped, truncated and removed give everything
 * back: the kernel's free pages and the file server's own memory.
 *
 *	fileleak [ROUNDS]
 *
 * A round makes a new file, writes it, maps it twice (MAP_SHARED for
 * writing, MAP_SHARED | MAP_LLM for reading), touches both, truncates it
 * under the mappings, removes it and unmaps. Even rounds close it before
 * removing it; odd ones remove it while it is open, so that it goes at the
 * last close. Warm-up rounds first: they grow the server's heap and this
 * program's tables once, and fill the place the server keeps a removed
 * file's model in (user/servers/fs/predict.c: the model of the file last
 * removed under this path waits there, so two models are alive at once from
 * the second round on). Then what the kernel and the server hold, then
 * ROUNDS rounds, then the same again: it must be equal.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/fs_info.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "fileleak"
#include "memsnap.h"

#define PAGE   4096
#define PAGES  64
#define WARMUP 3

static const char path[] = "/fileleak.dat";

/* One round: 0, or what went wrong. */
static const char *round_of_files(int n)
{
	static char data[PAGES * PAGE];
	memset(data, 'a' + n % 26, sizeof(data));
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return "create";
	if (write(fd, data, sizeof(data)) != (ssize_t)sizeof(data))
		return "write";
	char *w = mmap(NULL, sizeof(data), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	const volatile char *r = mmap(NULL, sizeof(data), PROT_READ, MAP_SHARED | MAP_LLM, fd, 0);
	if (w == MAP_FAILED || r == MAP_FAILED)
		return "mmap";
	for (int p = 0; p < PAGES; p++)
		w[p * PAGE] = 'A';
	for (int p = 0; p < PAGES; p += 3)
		if (r[p * PAGE] != 'A')
			return "the two mappings disagree";
	if (ftruncate(fd, 0) < 0)
		return "truncate";
	if (n % 2 == 0 && close(fd) < 0)
		return "close";
	if (unlink(path) < 0)
		return "unlink";
	if (munmap(w, sizeof(data)) < 0 || munmap((void *)r, sizeof(data)) < 0)
		return "munmap";
	if (n % 2 == 1 && close(fd) < 0)
		return "last close";
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 100;
	const char *why = NULL;
	for (int i = 0; i < WARMUP && !why; i++)
		why = round_of_files(i);
	struct snapshot before = snapshot();
	for (int i = 1; i <= rounds && !why; i++)
		why = round_of_files(WARMUP + i);
	struct snapshot after = snapshot();
	if (why)
		printf("fileleak: a round failed: %s\n", why);
	return memsnap_report(&before, &after, rounds, why);
}
