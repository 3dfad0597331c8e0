/*
 * llmsparse.c - a sparse LLM's reads of its weights, as PowerInfer sees them.
 *
 * The file is the weights of LAYERS layers, one slice of pages each (a page
 * a neuron's row). Per token, each layer reads its hot rows, in order: a
 * subset of about 1 row in HOT, the same for every token (drawn once from
 * a fixed seed), except that each token swaps a few of them for others of
 * the layer (drift, drawn from the token's number). Every word of every
 * row read goes into a checksum, printed at the end: the same in every
 * mode, so a mode that read anything wrong would say so.
 *
 *   llmsparse FILE MODE [TOKENS [LAYERS [HOT]]]
 *
 * MODE is how the weights are reached: `llm` (mmap with MAP_LLM, the
 * file server's pager predicting the rows), `mmap` (a plain read-only
 * mapping), `random` (a plain mapping with madvise(MADV_RANDOM), Linux's
 * hint for sparse access), `read` (pread of each row), or `check`: read,
 * then mmap, then MAP_LLM three times over (three runs for the pager to
 * learn from), each checksum compared with read()'s, the file server's
 * memory checked to hold no more than its cache and the file's model
 * after each, and the faults of the three runs.
 * Defaults: 4 tokens, 8 layers, HOT 8.
 *
 * The same source is built for Linux (statically, by make bench-storage;
 * tools/bench_storage.py), so that both systems run one workload: what
 * differs is under #ifdef __bower__. A mode one system lacks says n/a
 * (Bower has no madvise; Linux has no MAP_LLM, nor the file server whose
 * memory `check` checks). Each run prints the same two lines on both;
 * its counts come from each system's own counters (disk_pages, faults).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#ifdef __bower__
#include <bower/abi.h>
#include <bower/fs_info.h>
#include <bower/syscall_nr.h>
#define PROCESS_FAULTS 0 /* faults are counted per MAP_LLM mapping only */
#else
#include <sys/resource.h>
#include <sys/sysmacros.h>
#define PROCESS_FAULTS 1 /* faults are counted per process, in every mode */
#define MAP_LLM	       0
#endif

#define PAGE	   4096
#define DRIFT	   16 /* a hot row in DRIFT is swapped each token */
#define MAX_PAGES  (1u << 20)

struct shape {
	unsigned tokens, layers, hot;
	size_t pages, per_layer;
};

/* The hot rows: a byte per page of the file (set once, from a fixed seed). */
static uint8_t *hot_row;

static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void choose_hot(const struct shape *sh)
{
	uint32_t seed = 12345;
	for (size_t p = 0; p < sh->pages; p++)
		hot_row[p] = next_rand(&seed) % sh->hot == 0;
}

/* Is row p read at this token? A hot row, unless it drifts out (one in
 * DRIFT tokens); a cold row now and then drifts in, as often in all as
 * hot rows drift out, so a token reads about as many rows as there are
 * hot ones. */
static int read_at(const struct shape *sh, size_t p, unsigned token)
{
	uint32_t s = (uint32_t)(p * 2654435761u) ^ (token * 40503u + 1);
	uint32_t r = next_rand(&s);
	if (hot_row[p])
		return r % DRIFT != 0;
	return sh->hot > 1 && r % (DRIFT * (sh->hot - 1)) == 0;
}

static uint64_t sum_row(const uint64_t *w)
{
	uint64_t s = 0;
	for (size_t i = 0; i < PAGE / sizeof(*w); i++)
		s = s * 31 + w[i];
	return s;
}

/* Every token over every layer; the rows come from `base` (a mapping) or,
 * with base NULL, from pread of fd. Rows read: *rows. */
static int infer(const struct shape *sh, const char *base, int fd, uint64_t *sum, size_t *rows)
{
	static uint64_t row[PAGE / sizeof(uint64_t)];
	*sum = 0;
	*rows = 0;
	for (unsigned t = 0; t < sh->tokens; t++)
		for (unsigned l = 0; l < sh->layers; l++)
			for (size_t p = l * sh->per_layer; p < (l + 1) * sh->per_layer; p++) {
				if (!read_at(sh, p, t))
					continue;
				const uint64_t *w = (const uint64_t *)(base + p * PAGE);
				if (!base) {
					if (pread(fd, row, PAGE, (off_t)(p * PAGE)) != PAGE)
						return -1;
					w = row;
				}
				*sum = *sum * 1099511628211ull + sum_row(w);
				(*rows)++;
			}
	return 0;
}

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

#ifdef __bower__
/* Pages read from the disk so far: the file server's cache misses. */
static uint64_t disk_pages(int fd)
{
	struct fs_memstat m;
	(void)fd;
	bower_fs_memstat(&m);
	return m.cache_misses;
}

/* Bower counts faults per MAP_LLM mapping (bower_vm_llm_stats), not per
 * process. */
static unsigned long faults_now(void)
{
	return 0;
}
#else
/* Pages read so far from the disk that holds fd's file: the sectors its
 * block device has read (the third field of /sys/dev/block/MAJ:MIN/stat,
 * 512 bytes each), metadata included, as the file server's misses are. */
static uint64_t disk_pages(int fd)
{
	struct stat st;
	char path[64];
	unsigned long long sectors = 0;
	FILE *f = NULL;
	if (fstat(fd, &st) == 0) {
		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/stat", major(st.st_dev),
			 minor(st.st_dev));
		f = fopen(path, "r");
	}
	if (!f || fscanf(f, "%*u %*u %llu", &sectors) != 1)
		printf("llmsparse: no statistics of the file's disk: %s\n", strerror(errno));
	if (f)
		fclose(f);
	return sectors * 512 / PAGE;
}

/* The process's page faults so far, those that read and those that did not. */
static unsigned long faults_now(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (unsigned long)(ru.ru_majflt + ru.ru_minflt);
}
#endif

/* One run in one mode: the checksum, and the faults taken (of the MAP_LLM
 * mapping on Bower, of the process on Linux). */
static int run(const struct shape *sh, int fd, const char *mode, uint64_t *sum,
	       unsigned long *taken)
{
	size_t rows, len = sh->pages * PAGE;
	unsigned long unused = 0, faults_before = faults_now();
	uint64_t disk_before = disk_pages(fd);
	uint64_t start = now_us();
	*taken = 0;
	if (strcmp(mode, "read") == 0) {
		if (infer(sh, NULL, fd, sum, &rows) < 0) {
			perror("llmsparse: pread");
			return -1;
		}
	} else {
		int flags = MAP_SHARED | (strcmp(mode, "llm") == 0 ? MAP_LLM : 0);
		char *w = mmap(NULL, len, PROT_READ, flags, fd, 0);
		if (w == MAP_FAILED) {
			printf("llmsparse: mmap (%s): %s\n", mode, strerror(errno));
			return -1;
		}
#ifndef __bower__
		if (strcmp(mode, "random") == 0)
			madvise(w, len, MADV_RANDOM);
#endif
		infer(sh, w, fd, sum, &rows);
#ifdef __bower__
		struct bower_llm_stats st;
		if (flags & MAP_LLM && bower_vm_llm_stats((uintptr_t)w, &st) == 0) {
			*taken = st.faults;
			unused = st.prefetched_unused;
		}
#endif
		munmap(w, len);
	}
	*taken += faults_now() - faults_before;
	printf("llmsparse: %s: %u tokens, %zu rows read, checksum %016llx", mode, sh->tokens, rows,
	       (unsigned long long)*sum);
	if (PROCESS_FAULTS || strcmp(mode, "llm") == 0)
		printf(", %lu faults", *taken);
	printf("\n");
	uint64_t took = now_us() - start;
	uint64_t pages = disk_pages(fd) - disk_before;
	/* Only Bower's pager knows which pages it read ahead in vain. */
	printf("llmsparse: %s took %llu us, %llu pages read from the disk", mode,
	       (unsigned long long)took, (unsigned long long)pages);
	if (PROCESS_FAULTS)
		printf("\n");
	else
		printf(", %lu prefetched pages never used\n", unused);
	return 0;
}

#ifdef __bower__
/* The file server's memory for the file's data is its cache: after a run
 * its heap may have grown by the file's prediction model (made once) and
 * a little more, and the cache never holds more than its pages. */
static int within_bound(const struct fs_memstat *start)
{
	struct fs_memstat now;
	bower_fs_memstat(&now);
	uint64_t allowed = start->heap_bytes + (now.model_bytes - start->model_bytes) + 64 * 1024;
	if (now.heap_bytes <= allowed && now.cache_filled <= now.cache_pages &&
	    now.cache_pages == start->cache_pages)
		return 1;
	printf("llmsparse: WRONG: the file server holds more: heap %llu (allowed %llu), cache "
	       "%llu of %llu pages\n",
	       (unsigned long long)now.heap_bytes, (unsigned long long)allowed,
	       (unsigned long long)now.cache_filled, (unsigned long long)now.cache_pages);
	return 0;
}

static int check(const struct shape *sh, int fd)
{
	uint64_t want, got;
	unsigned long faults[3], f;
	struct fs_memstat start;
	bower_fs_memstat(&start);
	int bad = run(sh, fd, "read", &want, &f) < 0;
	if (!bad && (run(sh, fd, "mmap", &got, &f) < 0 || got != want))
		bad = printf("llmsparse: WRONG: mmap's checksum is not read()'s\n");
	bad = bad || !within_bound(&start);
	for (int i = 0; !bad && i < 3; i++)
		if (run(sh, fd, "llm", &got, &faults[i]) < 0 || got != want)
			bad = printf("llmsparse: WRONG: MAP_LLM run %d's checksum is not read()'s\n",
				     i + 1);
		else if (!within_bound(&start))
			bad = 1;
	if (bad)
		return 1;
	printf("llmsparse: read, mmap and three MAP_LLM runs agree\n");
	printf("llmsparse: the file server held no more than its cache and the file's model\n");
	printf("llmsparse: MAP_LLM faults %lu, %lu, %lu\n", faults[0], faults[1], faults[2]);
	return 0;
}
#endif

/* Does this system have what MODE needs (the file's opening comment)? */
static int have(const char *mode)
{
#ifdef __bower__
	return strcmp(mode, "random") != 0;
#else
	return strcmp(mode, "llm") != 0 && strcmp(mode, "check") != 0;
#endif
}

static unsigned arg(int argc, char **argv, int i, unsigned dflt)
{
	return argc > i ? (unsigned)strtoul(argv[i], NULL, 10) : dflt;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(
		    stderr,
		    "usage: llmsparse FILE llm|mmap|random|read|check [TOKENS [LAYERS [HOT]]]\n");
		return 2;
	}
	struct shape sh = {arg(argc, argv, 3, 4), arg(argc, argv, 4, 8), arg(argc, argv, 5, 8), 0, 0};
	int fd = open(argv[1], O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		printf("llmsparse: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	sh.pages = (size_t)st.st_size / PAGE;
	if (sh.layers == 0 || sh.hot == 0 || sh.pages < sh.layers || sh.pages > MAX_PAGES) {
		printf("llmsparse: %s: %zu pages do not make %u layers\n", argv[1], sh.pages,
		       sh.layers);
		return 1;
	}
	sh.per_layer = sh.pages / sh.layers;
	hot_row = calloc(sh.pages, 1);
	if (!hot_row)
		return 1;
	choose_hot(&sh);
	uint64_t sum;
	unsigned long taken;
	if (strcmp(argv[2], "llm") && strcmp(argv[2], "mmap") && strcmp(argv[2], "random") &&
	    strcmp(argv[2], "read") && strcmp(argv[2], "check")) {
		fprintf(stderr, "llmsparse: no mode %s\n", argv[2]);
		return 2;
	}
	if (!have(argv[2])) {
		printf("llmsparse: %s: n/a on this system\n", argv[2]);
		return 0;
	}
#ifdef __bower__
	if (strcmp(argv[2], "check") == 0)
		return check(&sh, fd);
#endif
	return run(&sh, fd, argv[2], &sum, &taken) < 0;
}
