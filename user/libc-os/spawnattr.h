/* spawnattr.h - what posix_spawn's attributes hold (spawnattr.c), which
 * posix_spawn (spawn.c) reads. */
#ifndef LIBOS_SPAWNATTR_H
#define LIBOS_SPAWNATTR_H

#include <signal.h>
#include <spawn.h>

struct __posix_spawnattr {
	short flags; /* POSIX_SPAWN_* */
	pid_t pgroup;
	sigset_t sigdefault, sigmask;
	int policy;
	int priority;
};

#endif
