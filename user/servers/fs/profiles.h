/* profiles.h - prefetch profiles built into the file server (make profile). */
#ifndef FS_PROFILES_H
#define FS_PROFILES_H

#include <stddef.h>

struct embedded_profile {
	const char *file; /* the file it was learned on (its name) */
	const unsigned char *data;
	size_t len;
};

/* Ends with an entry whose file is NULL. Generated: build/gen/fs_profiles.c
 * (always empty) and build/profiled/gen/fs_profiles.c (the profiled image). */
extern const struct embedded_profile fs_profiles[];

#endif
