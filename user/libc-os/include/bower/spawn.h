/* spawn.h - starting programs and waiting for them. */
#ifndef BOWER_SPAWN_H
#define BOWER_SPAWN_H

#include <sys/types.h>

/* Start the program `path` from the ramdisk with argv (NULL-terminated),
 * giving it this process's file server capability. Its pid, or -1 with
 * errno set. */
pid_t spawnv(const char *path, char *const argv[]);

#endif
