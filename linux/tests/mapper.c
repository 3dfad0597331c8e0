/*
 * mapper.c - an ordinary program that maps files, for test_launcher.
 *
 * Nothing in it knows of the pager: it is what bower-pager runs, and the
 * test compares what it prints under the pager with what it prints alone.
 *
 *   mapper sum FILE            every page, in order: a checksum
 *   mapper llm FILE RUNS SEED  RUNS mappings, each read on test_llm's walk
 *   mapper mremap FILE         map half, read, grow with mremap, read all
 *   mapper fork FILE           read some, fork: the child sums it all
 *   mapper syscall FILE OUT    write(OUT, mapping, size), then sum OUT
 *   mapper write FILE RUNS     MAP_SHARED writes on test_llm's walk
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static uint64_t sum(const unsigned char *m, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w;
		memcpy(&w, m + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	return h;
}

static unsigned char *map(const char *path, size_t *len, int prot, int flags, int *fdp)
{
	int fd = open(path, (prot & PROT_WRITE) ? O_RDWR : O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(path);
		exit(1);
	}
	*len = (size_t)st.st_size;
	unsigned char *m = mmap(NULL, *len, prot, flags, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	if (fdp)
		*fdp = fd;
	else
		close(fd);
	return m;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mapper MODE FILE [ARGS]\n");
		return 2;
	}
	const char *mode = argv[1], *path = argv[2];
	size_t len;
	if (strcmp(mode, "sum") == 0) {
		unsigned char *m = map(path, &len, PROT_READ, MAP_PRIVATE, NULL);
		printf("sum %016llx\n", (unsigned long long)sum(m, len));
		return munmap(m, len) != 0;
	}
	if (strcmp(mode, "llm") == 0 && argc == 5) {
		int runs = atoi(argv[3]);
		unsigned seed = (unsigned)atoi(argv[4]);
		uint64_t h = 0;
		for (int r = 0; r < runs; r++) {
			unsigned char *m = map(path, &len, PROT_READ, MAP_SHARED, NULL);
			size_t pages = len / PAGE;
			for (size_t p = (seed + (unsigned)r) % 9 + 1; p < pages; p = p + p % 23 + 1)
				h = h * 31 + sum(m + p * PAGE, 64);
			munmap(m, len);
		}
		printf("llm %016llx\n", (unsigned long long)h);
		return 0;
	}
	if (strcmp(mode, "mremap") == 0) {
		unsigned char *m = map(path, &len, PROT_READ, MAP_PRIVATE, NULL);
		munmap(m, len); /* (for the size) */
		size_t half = len / 2 / PAGE * PAGE;
		int fd = open(path, O_RDONLY);
		m = mmap(NULL, half, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED)
			return 1;
		uint64_t a = sum(m, half / 2); /* some of it read, then grown */
		unsigned char *g = mremap(m, half, len, MREMAP_MAYMOVE);
		if (g == MAP_FAILED) {
			perror("mremap");
			return 1;
		}
		printf("mremap %016llx %016llx\n", (unsigned long long)a,
		       (unsigned long long)sum(g, len));
		return munmap(g, len) != 0;
	}
	if (strcmp(mode, "fork") == 0) {
		unsigned char *m = map(path, &len, PROT_READ, MAP_PRIVATE, NULL);
		uint64_t some = sum(m, len / 3);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			printf("child %016llx\n", (unsigned long long)sum(m, len));
			return 0;
		}
		int status;
		waitpid(pid, &status, 0);
		printf("parent %016llx %016llx\n", (unsigned long long)some,
		       (unsigned long long)sum(m, len));
		return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	if (strcmp(mode, "syscall") == 0 && argc == 4) {
		unsigned char *m = map(path, &len, PROT_READ, MAP_PRIVATE, NULL);
		int out = open(argv[3], O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (out < 0 || write(out, m, len) != (ssize_t)len) {
			perror("write");
			return 1;
		}
		unsigned char *back = malloc(len);
		if (!back || pread(out, back, len, 0) != (ssize_t)len)
			return 1;
		printf("syscall %016llx\n", (unsigned long long)sum(back, len));
		return 0;
	}
	if (strcmp(mode, "write") == 0 && argc == 4) {
		int runs = atoi(argv[3]);
		for (int r = 0; r < runs; r++) {
			unsigned char *m =
			    map(path, &len, PROT_READ | PROT_WRITE, MAP_SHARED, NULL);
			for (size_t p = (size_t)r % 9 + 1; p < len / PAGE; p = p + p % 23 + 1)
				m[p * PAGE + (size_t)r] = (unsigned char)('A' + r);
			if (munmap(m, len) != 0)
				return 1;
		}
		printf("write done\n");
		return 0;
	}
	fprintf(stderr, "mapper: unknown mode %s\n", mode);
	return 2;
}
