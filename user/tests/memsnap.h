/*
 * memsnap.h - the system's memory, before and after a leak test's rounds.
 *
 * A snapshot is the kernel's free-page count and the file server's own
 * report (its heap, data pages, pool, files, models). Define TEST_NAME
 * before including: memsnap_report prints both snapshots on lines that
 * start with it and says whether anything was lost; 0 if nothing was.
 */
#ifndef USER_TESTS_MEMSNAP_H
#define USER_TESTS_MEMSNAP_H

#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/fs_info.h>
#include <bower/syscall_nr.h>

struct snapshot {
	long free_pages;
	struct fs_memstat fs;
};

static inline struct snapshot snapshot(void)
{
	struct snapshot s;
	struct bower_memstat st;
	memset(&s, 0, sizeof(s));
	bower_mem_stat(&st);
	s.free_pages = (long)st.free_pages;
	bower_fs_memstat(&s.fs);
	return s;
}

static inline int memsnap_report(const struct snapshot *before, const struct snapshot *after,
				 int rounds, const char *why)
{
	printf(TEST_NAME ": free pages before %ld, after %d rounds %ld\n", before->free_pages,
	       rounds, after->free_pages);
	printf(TEST_NAME ": file server heap %lu -> %lu bytes, data pages %lu -> %lu, pool %lu -> "
			 "%lu, files %lu -> %lu, models %lu -> %lu\n",
	       (unsigned long)before->fs.heap_bytes, (unsigned long)after->fs.heap_bytes,
	       (unsigned long)before->fs.data_pages, (unsigned long)after->fs.data_pages,
	       (unsigned long)before->fs.pool_pages, (unsigned long)after->fs.pool_pages,
	       (unsigned long)before->fs.nodes, (unsigned long)after->fs.nodes,
	       (unsigned long)before->fs.models, (unsigned long)after->fs.models);
	int same = memcmp(before, after, sizeof(*before)) == 0;
	printf(TEST_NAME ": %s\n", same && !why ? "nothing lost" : "SOMETHING LOST");
	return same && !why ? 0 : 1;
}

#endif
