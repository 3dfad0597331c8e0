/*
 * densebench.c - a dense LLM-like program: per token, matrix-vector
 * products over every weight of an mmapped checkpoint.
 *
 *	densebench MODE [TOKENS] [MIB]
 *
 * MODE is `plain` (MAP_SHARED), `llm` (MAP_LLM at the default resident
 * cap, 16 pages) or `llmall` (MAP_LLM with the cap raised to hold the whole
 * file, which must then be at most BOWER_LLM_CAP_MAX pages).
 * The checkpoint (MIB MiB of floats, 4 by default) is written once through
 * the file API, then each token runs its layers: y = W x for each square
 * matrix, x = y scaled, so every weight is read once per token in order,
 * as a transformer's forward pass reads them. It prints the counter ticks
 * per token (the first token apart: it is the one that maps everything in)
 * and a checksum, which must not depend on the mode. A benchmark: it
 * reports, it does not judge.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define DIM 256 /* a layer: DIM x DIM floats, 256 KiB, 64 pages */

static float x[DIM], y[DIM];

static void layer(const float *w)
{
	for (int r = 0; r < DIM; r++) {
		float s = 0;
		for (int c = 0; c < DIM; c++)
			s += w[r * DIM + c] * x[c];
		y[r] = s;
	}
	float norm = 0;
	for (int r = 0; r < DIM; r++)
		norm += y[r] < 0 ? -y[r] : y[r];
	for (int r = 0; r < DIM; r++)
		x[r] = y[r] / (norm + 1);
}

static int write_checkpoint(const char *path, size_t layers)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	static float row[DIM];
	unsigned seed = 1;
	for (size_t i = 0; i < layers * DIM; i++) {
		for (int c = 0; c < DIM; c++) {
			seed = seed * 1103515245u + 12345u;
			row[c] = (float)((int)(seed >> 16 & 0x7fff) - 16384) / 16384.0f;
		}
		if (write(fd, row, sizeof(row)) != (ssize_t)sizeof(row)) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "plain";
	int tokens = argc > 2 ? atoi(argv[2]) : 4;
	size_t mib = argc > 3 ? (size_t)atoi(argv[3]) : 4;
	size_t layers = mib * 1024 * 1024 / (DIM * DIM * sizeof(float));
	size_t len = layers * DIM * DIM * sizeof(float);
	int llm = strncmp(mode, "llm", 3) == 0;
	int fd = write_checkpoint("/densebench.ckpt", layers);
	if (fd < 0 || layers == 0 || tokens < 2) {
		printf("densebench: cannot make a %zu MiB checkpoint (or fewer than 2 tokens)\n", mib);
		return 1;
	}
	const float *w = mmap(NULL, len, PROT_READ, MAP_SHARED | (llm ? MAP_LLM : 0), fd, 0);
	if (w == MAP_FAILED) {
		perror("densebench: mmap");
		return 1;
	}
	if (strcmp(mode, "llmall") == 0 && bower_vm_llm_set_cap((uintptr_t)w, len / 4096) < 0) {
		printf("densebench: cannot raise the cap to %zu pages\n", len / 4096);
		return 1;
	}
	for (int i = 0; i < DIM; i++)
		x[i] = 1.0f / DIM;
	uint64_t first = 0, rest = 0;
	for (int t = 0; t < tokens; t++) {
		uint64_t t0 = bower_counter();
		for (size_t l = 0; l < layers; l++)
			layer(w + l * DIM * DIM);
		uint64_t ticks = bower_counter() - t0;
		if (t == 0)
			first = ticks;
		else
			rest += ticks;
	}
	unsigned long faults = 0;
	struct bower_llm_stats st;
	if (llm && bower_vm_llm_stats((uintptr_t)w, &st) == 0)
		faults = st.faults;
	unsigned checksum = 0;
	for (int i = 0; i < DIM; i++)
		checksum = checksum * 31 + (unsigned)(x[i] * 1e6f);
	printf("densebench: %s, %zu MiB, %d tokens: first token %llu ticks, then %llu ticks a "
	       "token; %lu faults; checksum %08x\n",
	       mode, mib, tokens, (unsigned long long)first,
	       (unsigned long long)(rest / (uint64_t)(tokens - 1)), faults, checksum);
	munmap((void *)w, len);
	close(fd);
	unlink("/densebench.ckpt");
	return 0;
}
