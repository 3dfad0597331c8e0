/*
 * llmread.c - the benchmark's workloads: an ordinary program over a
 * weights file, read through mmap.
 *
 *   llmread sparse FILE SEED [random]   per token and layer: the layer's hot
 *       rows (8% of them, the same for every token) and rows drawn for the
 *       token from its warm pool (12 of every 100 of the pool's 25%), read in
 *       row order, as a sparse forward pass does; 16 tokens over 32 layers.
 *       About a quarter of the file is touched in all.
 *   llmread dense FILE SEED [random]    every row, in order, twice.
 *   llmread random FILE SEED [random]   pages drawn at random, as many as a
 *       quarter of the file.
 *   llmread write FILE SEED             test_llm's walk through MAP_SHARED:
 *       one byte written on each page of p, p + p % 23 + 1, ...
 *
 * "random" calls madvise(MADV_RANDOM) first: Linux's best hint for sparse
 * reads. SEED picks the warm rows (a token's draws) and the random pages:
 * the same seed is the same input again. Rows are pages (4 KiB). Prints a
 * checksum of everything read, and how many pages it touched.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE   4096
#define LAYERS 32
#define TOKENS 16

static uint32_t rng;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A stable hash: is row r of layer l hot, in the warm pool? */
static uint32_t mix(uint32_t a, uint32_t b)
{
	uint32_t h = a * 0x9e3779b1u ^ b * 0x85ebca6bu;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	return h ^ (h >> 12);
}

static uint64_t h = 0xcbf29ce484222325ULL;
static uint64_t touched;

/* LLMREAD_PAGES=FILE: the pages of the first eight tokens, in order, as
 * "token index page" lines, for the benchmark's picture. */
static FILE *pages_out;
static int token;
static uint64_t in_token; /* accesses so far in this token */

static void use(const unsigned char *m, size_t page)
{
	if (pages_out && token < 8)
		fprintf(pages_out, "%d %llu %zu\n", token, (unsigned long long)in_token++, page);
	uint64_t w;
	memcpy(&w, m + page * PAGE + (page % 64) * 8, 8);
	h = (h ^ w) * 0x100000001b3ULL;
	touched++;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: llmread sparse|dense|random|write FILE SEED [random]\n");
		return 2;
	}
	const char *mode = argv[1];
	int writing = strcmp(mode, "write") == 0;
	int fd = open(argv[2], writing ? O_RDWR : O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		perror(argv[2]);
		return 1;
	}
	rng = (uint32_t)strtoul(argv[3], NULL, 10) * 2654435761u + 1;
	size_t pages = (size_t)st.st_size / PAGE;
	unsigned char *m = mmap(NULL, pages * PAGE, writing ? PROT_READ | PROT_WRITE : PROT_READ,
				MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (argc > 4 && strcmp(argv[4], "random") == 0 &&
	    madvise(m, pages * PAGE, MADV_RANDOM) != 0)
		perror("madvise");
	size_t per_layer = pages / LAYERS;
	const char *trace = getenv("LLMREAD_PAGES");
	if (trace && !(pages_out = fopen(trace, "w"))) {
		perror(trace);
		return 1;
	}
	if (strcmp(mode, "sparse") == 0) {
		for (int t = 0; t < TOKENS; t++, token++, in_token = 0)
			for (size_t l = 0; l < LAYERS; l++)
				for (size_t r = 0; r < per_layer; r++) {
					uint32_t kind = mix((uint32_t)l, (uint32_t)r) % 100;
					int hot = kind < 8;
					int warm = kind >= 8 && kind < 33 && next() % 100 < 12;
					if (hot || warm)
						use(m, l * per_layer + r);
				}
	} else if (strcmp(mode, "dense") == 0) {
		for (int pass = 0; pass < 2; pass++)
			for (size_t p = 0; p < pages; p++)
				use(m, p);
	} else if (strcmp(mode, "random") == 0) {
		for (size_t i = 0; i < pages / 4; i++)
			use(m, next() % pages);
	} else if (writing) {
		for (size_t p = next() % 9 + 1; p < pages; p = p + p % 23 + 1) {
			m[p * PAGE] = (unsigned char)('A' + p % 26);
			touched++;
		}
	} else {
		fprintf(stderr, "llmread: unknown mode %s\n", mode);
		return 2;
	}
	printf("%s %016llx %llu pages touched\n", mode, (unsigned long long)h,
	       (unsigned long long)touched);
	return munmap(m, pages * PAGE) != 0;
}
