/*
 * bower/pager.h - Bower's prefetching pager for Linux programs.
 *
 * A program that links libbower-pager.a calls these itself; bower-pager
 * (the launcher) preloads the same code into an unmodified program, whose
 * mmap/munmap/mremap/mprotect/msync/madvise calls then come here. The
 * settings are read from the environment the launcher sets (BOWER_PAGER_*,
 * docs/linux.md), at the first call.
 *
 * A served mapping is anonymous memory registered with userfaultfd: its
 * pages are read from the file when touched, with the pages the prefetch
 * library predicts, under one resident budget for all served mappings.
 * Whatever cannot be served (userfaultfd refused, an unsupported protection
 * or flag, not a regular file) is mapped by Linux itself, so every call
 * here gives what mmap would.
 */
#ifndef BOWER_PAGER_H
#define BOWER_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* mmap's contract. Serves the mapping if it can (see above), otherwise
 * maps it with Linux's mmap. MAP_FAILED and errno as mmap. */
void *bp_map(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
/* munmap's contract; a served mapping's written pages reach the file
 * first and its run's learning is saved. */
int bp_unmap(void *addr, size_t length);
/* Written pages of served mappings in the range reach the file, then
 * Linux's msync (MS_SYNC: and fdatasync). */
int bp_msync(void *addr, size_t length, int flags);
/* Served mappings overlapping the range become Linux's own file mappings
 * (written pages first reach the file): what the pager does before a call
 * it does not serve (mprotect, mremap, a part of a munmap). 0 or -1. */
int bp_unserve(void *addr, size_t length);
/* Does the range overlap a served mapping? */
bool bp_serves(const void *addr, size_t length);
/* Is this mapping one bp_map would serve (by --files, or size)? */
bool bp_wants(int fd, int prot, int flags);
/* End every run: write back, learn, save profiles, print --stats. */
void bp_finish(void);

#endif
