/*
 * llmleak.c - MAP_LLM files made and removed, round after round, leave
 * nothing behind: every mapping succeeds, and the kernel's free pages and
 * the file server's own memory (its prediction models above all) are what
 * they were.
 *
 *	llmleak [ROUNDS]
 *
 * A round makes a new file under a name of its own, maps it with
 * MAP_SHARED | MAP_LLM, touches every other page (faults, prefetches, a
 * model learning), unmaps it and removes it. One warm-up round first, then
 * what the kernel and the server hold, then ROUNDS rounds, then the same
 * again: it must be equal.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/fs_info.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "llmleak"
#include "memsnap.h"

#define PAGE  4096
#define PAGES 128

/* One round: 0, or what went wrong. */
static const char *round_of_llm(int n)
{
	char path[32];
	snprintf(path, sizeof(path), "/llmleak%d.dat", n);
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return "create";
	if (ftruncate(fd, PAGES * PAGE) < 0)
		return "size";
	const volatile char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED | MAP_LLM, fd, 0);
	if (m == MAP_FAILED)
		return "mmap with MAP_LLM";
	for (int p = 0; p < PAGES; p += 2)
		if (m[p * PAGE] != 0)
			return "a hole did not read as zeros";
	if (munmap((void *)m, PAGES * PAGE) < 0)
		return "munmap";
	if (unlink(path) < 0 || close(fd) < 0)
		return "unlink and close";
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 100, done = 0;
	const char *why = round_of_llm(0);
	struct snapshot before = snapshot();
	while (done < rounds && !why)
		why = round_of_llm(++done);
	struct snapshot after = snapshot();
	if (why)
		printf("llmleak: round %d failed: %s\n", done, why);
	return memsnap_report(&before, &after, done, why);
}
