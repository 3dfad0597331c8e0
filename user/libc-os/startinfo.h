/*
 * startinfo.h - what a parent tells the program it spawns, besides argv.
 *
 * The kernel's spawn passes arguments and capabilities. A child gets the
 * servers' ports first, as init gives them: the file server's at
 * FS_PORT_SLOT, the block driver's at BLK_PORT_SLOT when there is a disk.
 * What the C library keeps itself (the working directory, what
 * descriptors 0-2 are, the environment, the signal mask posix_spawn's
 * attributes ask for) goes in a start block, a struct start_info the
 * parent writes into a pipe before the spawn and passes as the pipe's read
 * end in the next slot (1 or 2), the ends of the pipes the child's
 * descriptors are after it; the child finds the block there before main,
 * reads it without waiting, and deletes its end. So the child reads
 * nothing that could sleep on a pager, and a slot that is no such pipe, or
 * holds no such block, is left alone. A child without a block (spawned
 * from the root with the console for 0-2, or by init) starts at the root,
 * on the console.
 */
#ifndef LIBOS_STARTINFO_H
#define LIBOS_STARTINFO_H

#include <stdint.h>
#include <bower/fs_proto.h>

#define START_INFO_MAGIC 0x42535434u /* "BST4" */
#define START_FDS	 3	     /* descriptors 0, 1, 2 */
#define START_INFO_MAX_CAPS (3 + START_FDS) /* the ports, the block, the pipes */
#define START_ENV_MAX	    2048 /* bytes of environment: NAME=value strings, NUL after each */

enum start_fd_kind {
	START_CONSOLE, /* as a program starts anyway */
	START_PIPE,    /* a pipe's end, at the child's capability slot `slot` */
	START_FILE,    /* the child opens path with flags and mode */
	START_CLOSED,  /* not open */
	START_DUP,     /* (the parent only) what the parent's descriptor `slot` is */
};

struct start_fd {
	int32_t kind; /* enum start_fd_kind */
	int32_t slot;
	int32_t flags;
	uint32_t mode;
	char path[FS_PATH_MAX]; /* START_FILE: absolute */
};

struct start_info {
	uint32_t magic;
	uint32_t size; /* sizeof(struct start_info): a block of another layout is ignored */
	char cwd[FS_PATH_MAX];
	struct start_fd fd[START_FDS];
	uint32_t env_len; /* bytes of env used */
	uint32_t set_mask; /* 1: the program starts with signals `mask` blocked */
	uint64_t mask;	   /* (posix_spawnattr_setsigmask) */
	char env[START_ENV_MAX];
};

/* The parent: the capabilities to spawn a child with, whose descriptors
 * 0-2 are fds (START_DUP naming this process's descriptors) and whose
 * environment is envp (NULL-ended NAME=value strings), and whose signal
 * mask is *mask (NULL: none blocked, as a program starts anyway), at most
 * START_INFO_MAX_CAPS into caps: the servers' ports, then a start block's
 * read end if one is needed (its slot in *block, else -1), then the
 * pipes' ends. How many, or -1 with errno (ENOTSUP: a file's descriptor
 * cannot be handed on; E2BIG: more environment than START_ENV_MAX).
 * startinfo_done drops the block once spawn has given the child its own. */
int startinfo_caps(const struct start_fd fds[START_FDS], char *const envp[],
		   const uint64_t *mask, int caps[], int *block);
void startinfo_done(int block);
/* The child, before main: take what the parent's block says, if there is
 * one, and let it go. */
void startinfo_take(void);

#endif
