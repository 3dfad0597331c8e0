/*
 * spawnattr.c - posix_spawn's attributes (posix_spawnattr_*), which
 * picolibc leaves to the system: kept here, acted on by posix_spawn
 * (spawn.c says what each does on Bower).
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include "spawnattr.h"

int posix_spawnattr_init(posix_spawnattr_t *attr)
{
	struct __posix_spawnattr *a = calloc(1, sizeof(*a));
	if (!a)
		return ENOMEM;
	a->policy = SCHED_OTHER;
	*attr = a;
	return 0;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
	free(*attr);
	*attr = NULL;
	return 0;
}

#define SPAWN_FLAGS                                                                        \
	(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSCHEDPARAM |          \
	 POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
	if (flags & ~SPAWN_FLAGS)
		return EINVAL;
	(*attr)->flags = flags;
	return 0;
}

/* The rest are a field each, set and read as POSIX names them: by value,
 * or (the signal sets) through a pointer. */
#define BY_VALUE(name, type, field)                                                          \
	int posix_spawnattr_set##name(posix_spawnattr_t *attr, type v)                           \
	{                                                                                        \
		(*attr)->field = v;                                                              \
		return 0;                                                                        \
	}
#define BY_POINTER(name, type, field)                                                        \
	int posix_spawnattr_set##name(posix_spawnattr_t *restrict attr, const type *restrict v)  \
	{                                                                                        \
		(*attr)->field = *v;                                                             \
		return 0;                                                                        \
	}
#define READ(name, type, field)                                                              \
	int posix_spawnattr_get##name(const posix_spawnattr_t *restrict attr, type *restrict v)  \
	{                                                                                        \
		*v = (*attr)->field;                                                             \
		return 0;                                                                        \
	}

READ(flags, short, flags)
BY_VALUE(pgroup, pid_t, pgroup)
READ(pgroup, pid_t, pgroup)
BY_POINTER(sigmask, sigset_t, sigmask)
READ(sigmask, sigset_t, sigmask)
BY_POINTER(sigdefault, sigset_t, sigdefault)
READ(sigdefault, sigset_t, sigdefault)
BY_VALUE(schedpolicy, int, policy)
READ(schedpolicy, int, policy)

int posix_spawnattr_setschedparam(posix_spawnattr_t *restrict attr,
				  const struct sched_param *restrict param)
{
	(*attr)->priority = param->sched_priority;
	return 0;
}

int posix_spawnattr_getschedparam(const posix_spawnattr_t *restrict attr,
				  struct sched_param *restrict param)
{
	param->sched_priority = (*attr)->priority;
	return 0;
}
