/*
 * spawn_self.h - a POSIX test starts itself again, as each system does it:
 * Bower's spawnv by the program's name, Linux's posix_spawn of the running
 * binary.
 */
#ifndef SPAWN_SELF_H
#define SPAWN_SELF_H

#include <sys/types.h>
#ifdef __bower__
#include <bower/spawn.h>
#else
#include <spawn.h>
#endif

/* Start this program (named name on Bower) with argv: its pid, or -1. */
static pid_t spawn_self(const char *name, char *const argv[])
{
#ifdef __bower__
	return spawnv(name, argv);
#else
	(void)name;
	pid_t pid;
	extern char **environ;
	return posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ) == 0 ? pid : -1;
#endif
}

#endif
