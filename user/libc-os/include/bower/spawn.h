/* spawn.h - starting programs and waiting for them. */
#ifndef BOWER_SPAWN_H
#define BOWER_SPAWN_H

#include <sys/types.h>

/* Start a program with argv (NULL-terminated), giving it this process's
 * file server capability: path is a program's name ("hello") or a path
 * to it in /bin ("/bin/hello", or "hello" from /bin). Its pid, or -1 with
 * errno set: ENOENT if there is no such program, EACCES for a file outside
 * /bin (only the ramdisk's programs can be run). */
pid_t spawnv(const char *path, char *const argv[]);

#endif
