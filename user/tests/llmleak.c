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
 * model learning), unmaps it and removes it. The file server keeps the
 * models of removed files, up to a budget of memory (user/servers/fs/
 * predict.c), so the warm-up goes on until a round no longer adds a model
 * (the budget is full and each new one pushes out the oldest; at most
 * WARMUP_MAX rounds, or the budget is not one). Then what the kernel and the
 * server hold, then ROUNDS rounds, then the same again: it must be equal.
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

#define PAGE	   4096
#define PAGES	   128
#define WARMUP_MAX 64

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
	int rounds = argc > 1 ? atoi(argv[1]) : 100, done = 0, n = 0;
	const char *why = round_of_llm(n++);
	for (unsigned long last = ~0UL; !why;) {
		unsigned long models = (unsigned long)snapshot().fs.models;
		if (models == last)
			break;
		if (n == WARMUP_MAX) {
			why = "the kept models grew past the warm-up: not bounded";
			break;
		}
		last = models;
		why = round_of_llm(n++);
	}
	printf("llmleak: %d warm-up rounds\n", n);
	struct snapshot before = snapshot();
	while (done < rounds && !why) {
		why = round_of_llm(n++);
		done++;
	}
	struct snapshot after = snapshot();
	if (why)
		printf("llmleak: round %d failed: %s\n", done, why);
	return memsnap_report(&before, &after, done, why);
}
