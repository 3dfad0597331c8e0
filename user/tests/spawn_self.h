/*
 * spawn_self.h - a POSIX test starts itself again with posix_spawn: by the
 * program's name on Bower (a program of /bin), as the running binary on
 * Linux.
 */
#ifndef SPAWN_SELF_H
#define SPAWN_SELF_H

#include <sys/types.h>

#include <spawn.h>

/* Start this program (named name on Bower) with argv, file actions and
 * attributes (or NULL): its pid, or -1. */
static inline pid_t spawn_self_attr(const char *name, char *const argv[],
				    const posix_spawn_file_actions_t *actions,
				    const posix_spawnattr_t *attr)
{
#ifdef __bower__
	const char *path = name;
#else
	const char *path = "/proc/self/exe";
	(void)name;
#endif
	pid_t pid;
	extern char **environ;
	return posix_spawn(&pid, path, actions, attr, argv, environ) == 0 ? pid : -1;
}

/* The same with file actions only. */
static inline pid_t spawn_self_with(const char *name, char *const argv[],
				    const posix_spawn_file_actions_t *actions)
{
	return spawn_self_attr(name, argv, actions, NULL);
}

static inline pid_t spawn_self(const char *name, char *const argv[])
{
	return spawn_self_with(name, argv, NULL);
}

#endif
