/*
 * test_llm.c - the LLM-like program of the task, in our own source.
 *
 * It maps a 2 MiB weight file (512 pages) with MAP_SHARED | MAP_LLM and
 * writes one byte into 32 of its pages, sparse and always increasing:
 * first page rand() % 9 + 1, then p = p + (p % 23) + 1. With the resident
 * cap at 16 pages, every access would fault without prefetching; the file
 * server's pager learns the pattern and maps what comes next in one batch.
 * At munmap the kernel prints the grader's lines. It prints its counters
 * first: faults, pages prefetched and used, the pager's map calls and the
 * faults the kernel answered by itself with the pages the pager's last
 * answer held ("held", docs/llm.md), and the accesses' time.
 *
 * `test_llm SEED` seeds rand with SEED instead of the time, so that
 * `make profile` can show the predictor walks from many starts;
 * `test_llm SEED trace` (SEED may be `time`, as with no argument) also
 * prints each access and whether it faulted
 * (reading the mapping's counters after each one), for pictures and for
 * tools/console_trace.py, which turns it into a trace for the simulator;
 * `test_llm SEED recreate` removes weight.dat at the end, as a program
 * that makes its data file anew each run would (the file server keeps
 * what it learned for the next file of that name, size and contents);
 * `test_llm SEED other` first writes other contents into a new weight.dat
 * (a different file of the same name, which must not be trusted) and
 * removes it at the end too.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define PAGE_SIZE 4096
#define NPAGES	  512
#define ACCESSES  32

int main(int argc, char **argv)
{
	int other = argc > 2 && strcmp(argv[2], "other") == 0;
	int fd = open("weight.dat", O_RDWR | O_CREAT | (other ? O_TRUNC : 0), 0644);
	if (fd < 0) {
		perror("test_llm: open weight.dat");
		return 1;
	}
	if (ftruncate(fd, NPAGES * PAGE_SIZE) < 0) {
		perror("test_llm: ftruncate");
		return 1;
	}
	if (other && pwrite(fd, "other contents", 14, 0) != 14) {
		perror("test_llm: pwrite");
		return 1;
	}
	char *weights =
	    mmap(NULL, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LLM, fd, 0);
	if (weights == MAP_FAILED) {
		perror("test_llm: mmap");
		return 1;
	}
	int timed = argc < 2 || strcmp(argv[1], "time") == 0;
	srand(timed ? (unsigned)time(NULL) : (unsigned)strtoul(argv[1], NULL, 10));
	unsigned long p = (unsigned long)(rand() % 9 + 1);
	int trace = argc > 2 && strcmp(argv[2], "trace") == 0;
	struct bower_llm_stats before, after;
	if (trace) /* the mapping's size, for tools/console_trace.py */
		printf("trace pages %d\n", NPAGES);
	uint64_t start = bower_counter();
	for (int i = 0; i < ACCESSES; i++) {
		if (trace)
			bower_vm_llm_stats((uintptr_t)weights, &before);
		weights[p * PAGE_SIZE] = 'A';
		if (trace) {
			bower_vm_llm_stats((uintptr_t)weights, &after);
			printf("trace %d %lu %d\n", i, p, after.faults != before.faults);
		}
		p = p + (p % 23) + 1;
	}
	uint64_t ticks = bower_counter() - start;
	struct bower_llm_stats st;
	if (bower_vm_llm_stats((uintptr_t)weights, &st) == 0) {
		printf("test_llm: %lu page faults for %d accesses (cap %lu); %lu pages prefetched, "
		       "%lu of them used\n",
		       st.faults, ACCESSES, st.cap, st.prefetched, st.prefetched_used);
		printf("test_llm: %lu map calls, %lu held, %llu counter ticks for the accesses\n",
		       st.map_calls, st.held_faults, (unsigned long long)ticks);
	}
	munmap(weights, NPAGES * PAGE_SIZE);
	close(fd);
	if (argc > 2 && (strcmp(argv[2], "recreate") == 0 || other) && unlink("weight.dat") < 0) {
		perror("test_llm: unlink weight.dat");
		return 1;
	}
	return 0;
}
