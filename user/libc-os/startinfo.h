/*
 * startinfo.h - what a parent tells the program it spawns, besides argv.
 *
 * The kernel's spawn passes arguments and capabilities; what the C library
 * keeps itself (the working directory) goes in a start block: one page of
 * anonymous memory, written by the parent, passed as the memory object at
 * capability slot START_INFO_SLOT, read and let go by the child before
 * main. A child with no block (the common case: spawned from the root, or
 * by init) starts at the root.
 */
#ifndef LIBOS_STARTINFO_H
#define LIBOS_STARTINFO_H

#include <stdint.h>
#include <bower/fs_proto.h>

#define START_INFO_SLOT	 1
#define START_INFO_MAGIC 0x42535431u /* "BST1" */

struct start_info {
	uint32_t magic;
	uint32_t size; /* sizeof(struct start_info): a block of another layout is ignored */
	char cwd[FS_PATH_MAX];
};

/* The parent: the capabilities to spawn a child with (caps[0] the file
 * server, caps[START_INFO_SLOT] a new start block if one is needed): how
 * many, or -1 with errno. startinfo_done drops the parent's copy of the
 * block once spawn has given the child its own. */
int startinfo_caps(int caps[], int max);
void startinfo_done(const int caps[], int ncaps);
/* The child, before main: take what the parent's block says, if there is
 * one, and let it go. */
void startinfo_take(void);

#endif
