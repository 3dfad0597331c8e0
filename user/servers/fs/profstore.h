/*
 * profstore.h - where the file server keeps the profiles it saves.
 *
 * After a run, a model's profile (lib/prefetch/PROFILE.md) is saved as
 * DIR/NAME, where DIR is the file's side of the tree: /.profiles for a
 * tmpfs file (in memory, where `make profile` collects it) and
 * /disk/.profiles for a file on the disk, so that what was learned
 * outlives a power-off and is loaded when the file is next mapped with
 * MAP_LLM. Callers hold fs_lock.
 */
#ifndef FS_PROFSTORE_H
#define FS_PROFSTORE_H

#include <stddef.h>

#define PROFSTORE_MEMORY "/.profiles"
#define PROFSTORE_DISK	 "/disk/.profiles"

/* Write buf as DIR/NAME (DIR made if missing): 0 or -errno. */
int profstore_save(const char *dir, const char *name, const void *buf, size_t len);
/* DIR/NAME's bytes in a buffer to free, and *len; NULL if there is none
 * (or it is larger than max). */
void *profstore_load(const char *dir, const char *name, size_t max, size_t *len);
/* DIR/NAME goes, if it is there. */
void profstore_remove(const char *dir, const char *name);

#endif
