/*
 * start.c - the pager's start, its end at exit, and fork.
 *
 * Started at the first mapping it might serve, not at load: a program that
 * maps nothing big pays nothing. If userfaultfd cannot be had, one line on
 * stderr says why and every mapping is Linux's from then on.
 *
 * fork: a child's copy of a served mapping is not registered with any
 * userfaultfd (the pager does not ask for UFFD_FEATURE_EVENT_FORK), so its
 * pages not yet placed would read as zeros. Before the fork, written pages
 * reach the file (the child must see them); in the child, each served
 * mapping is replaced by Linux's own file mapping at the same address,
 * which reads the same, and the child starts a pager of its own at its
 * next mapping. The child's pager threads do not exist, so its state is
 * made anew rather than inherited.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "bower/pager.h"
#include "pager.h"
#include "start.h"

struct bp_state bp = {.lock = PTHREAD_MUTEX_INITIALIZER, .pagemap = -1};
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;

uint64_t bp_now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void say(const char *fmt, const char *what)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), fmt, what);
	if (n > 0)
		write(2, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

static void before_fork(void)
{
	pthread_mutex_lock(&bp.lock);
	for (struct bp_region *r = bp.regions; r; r = r->next)
		if (r->shared_write)
			bp_writeback(r, true);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&bp.lock);
}

static void after_fork_child(void)
{
	for (struct bp_region *r = bp.regions; r; r = r->next)
		syscall(SYS_mmap, r->base, r->len, r->prot, r->flags | MAP_FIXED, r->fd, r->offset);
	/* The rest belongs to the parent's threads, which the child lacks:
	 * forget it (its memory is the child's copy; leaking it is harmless). */
	if (bp.ready)
		close(bp.uffd.fd);
	if (bp.pagemap >= 0)
		close(bp.pagemap);
	memset(&bp, 0, sizeof(bp));
	bp.pagemap = -1;
	pthread_mutex_init(&bp.lock, NULL);
	pthread_mutex_init(&start_lock, NULL);
}

static void at_exit(void)
{
	bp_finish();
}

static bool start(void)
{
	char why[512];
	if (bp_settings_from_env(&bp.set, why, sizeof(why)) < 0) {
		say("bower-pager: %s; file mappings go to plain mmap\n", why);
		return false;
	}
	if (uffd_open(&bp.uffd, why, sizeof(why)) < 0) {
		say("bower-pager: userfaultfd is not available (%s); file mappings go to plain "
		    "mmap\n",
		    why);
		return false;
	}
	if (bp.uffd.user_mode_only)
		say("%s",
		    "bower-pager: userfaultfd for user-mode faults only: a system call given a "
		    "page not yet read fails with EFAULT (docs/linux.md)\n");
	bp.pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	/* Slots: enough for every held page and the reads of pages evicted
	 * while in flight, but no more than the budget needs. */
	uint32_t nslots = SLOTS_MAX;
	if (bp_budget_init(bp.set.mem) < 0) {
		say("%s",
		    "bower-pager: no memory for the budget; file mappings go to plain mmap\n");
		return false;
	}
	if (bp.capped && bp.budget + 64 < nslots)
		nslots = bp.budget + 64;
	if (bp_io_start(nslots, bp.set.readers) < 0 || bp_fault_start() < 0) {
		say("%s",
		    "bower-pager: cannot start its threads; file mappings go to plain mmap\n");
		return false;
	}
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
	atexit(at_exit);
	return true;
}

bool bp_start(void)
{
	if (bp.ready)
		return true;
	if (bp.failed)
		return false;
	pthread_mutex_lock(&start_lock);
	if (!bp.ready && !bp.failed) {
		if (start())
			bp.ready = true;
		else
			bp.failed = true;
	}
	pthread_mutex_unlock(&start_lock);
	return bp.ready;
}

void bp_finish(void)
{
	if (!bp.ready)
		return;
	/* Linux's own mappings from here on: an exit handler that runs after
	 * this one, or another thread, still reads (and writes) the files. */
	bp_unserve(NULL, SIZE_MAX);
	pthread_mutex_lock(&bp.lock);
	if (bp.set.stats && bp.runs > 0)
		bp_stats_print();
	bp.runs = 0;
	pthread_mutex_unlock(&bp.lock);
}
