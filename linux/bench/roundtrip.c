/*
 * roundtrip.c - what one fault costs the pager, with no disk in it.
 *
 * The file is read once first, so it sits in the page cache, and the
 * pager reads through the cache (BOWER_PAGER_IO=cached): what is left is
 * the pager's own path. Three numbers, each the mean over every page:
 *
 *   fault       a page nobody predicted: userfaultfd to the pager, a read
 *               from the cache, UFFDIO_COPY, the thread woken;
 *   first touch a page predicted and already read: the round trip that
 *               tells the model it was used (fault.c says why it exists);
 *   linux       the same pages through Linux's own mmap, for comparison
 *               (a minor fault, with fault-around as Linux does it).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "bower/pager.h"

#define PAGE 4096

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double touch_all(volatile unsigned char *m, size_t pages, size_t step)
{
	unsigned sum = 0;
	double t0 = now();
	for (size_t p = 0; p < pages; p += step)
		sum += m[p * PAGE];
	(void)sum;
	return (now() - t0) / (double)((pages + step - 1) / step);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: roundtrip fault|touch|linux FILE\n");
		return 2;
	}
	int fd = open(argv[2], O_RDONLY);
	off_t len = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
	if (len < PAGE) {
		perror(argv[2]);
		return 1;
	}
	size_t pages = (size_t)len / PAGE;
	static char buf[1 << 16];
	for (off_t at = 0; pread(fd, buf, sizeof(buf), at) > 0; at += sizeof(buf))
		; /* into the page cache */
	unsigned char *m;
	double t;
	switch (argv[1][0]) {
	case 'f': /* every other page, so no prediction (none) and no fault-around */
		setenv("BOWER_PAGER_PREDICTOR", "none", 1);
		setenv("BOWER_PAGER_IO", "cached", 1);
		m = bp_map(NULL, pages * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		t = touch_all(m, pages, 2);
		break;
	case 't':
		setenv("BOWER_PAGER_PREDICTOR", "sequential", 1);
		setenv("BOWER_PAGER_BATCH", "64", 1);
		setenv("BOWER_PAGER_IO", "cached", 1);
		/* a batch at a time: its fault, a pause for the reads, then its pages */
		m = bp_map(NULL, pages * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		{
			double sum = 0;
			size_t n = 0;
			for (size_t p = 0; p + 64 <= pages; p += 64) {
				(void)((volatile unsigned char *)m)[p * PAGE];
				usleep(2000);
				sum += touch_all(m + (p + 1) * PAGE, 63, 1) * 63;
				n += 63;
			}
			t = sum / (double)n;
		}
		break;
	default:
		m = mmap(NULL, pages * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
		t = touch_all(m, pages, 1);
		break;
	}
	printf("%s %.2f us\n", argv[1], t * 1e6);
	return 0;
}
