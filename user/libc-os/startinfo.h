/*
 * startinfo.h - what a parent tells the program it spawns, besides argv.
 *
 * The kernel's spawn passes arguments and capabilities. A child gets the
 * servers' ports first, as init gives them: the file server's at
 * FS_PORT_SLOT, the block driver's at BLK_PORT_SLOT when there is a disk.
 * What the C library keeps itself (the working directory) goes in a start
 * block, a struct start_info the parent writes into a pipe before the
 * spawn and passes as the pipe's read end in the next slot (1 or 2); the
 * child finds it there before main, reads it without waiting, and deletes
 * the end. So the child reads nothing that could sleep on a pager, and a
 * slot that is no such pipe, or holds no such block, is left alone. A child
 * without a block (spawned from the root, or by init) starts at the root.
 */
#ifndef LIBOS_STARTINFO_H
#define LIBOS_STARTINFO_H

#include <stdint.h>
#include <bower/fs_proto.h>

#define START_INFO_MAGIC  0x42535431u /* "BST1" */
#define START_INFO_MAX_CAPS 3	      /* the ports, the block */

struct start_info {
	uint32_t magic;
	uint32_t size; /* sizeof(struct start_info): a block of another layout is ignored */
	char cwd[FS_PATH_MAX];
};

/* The parent: the capabilities to spawn a child with, at most max: the
 * servers' ports, then a start block's read end if one is needed. How
 * many, or -1 with errno. startinfo_done drops the parent's copy of the
 * block once spawn has given the child its own. */
int startinfo_caps(int caps[], int max);
void startinfo_done(const int caps[], int ncaps);
/* The child, before main: take what the parent's block says, if there is
 * one, and let it go. */
void startinfo_take(void);

#endif
