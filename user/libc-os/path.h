/* path.h - paths as the file server and spawn see them (path.c). */
#ifndef LIBOS_PATH_H
#define LIBOS_PATH_H

#include <stddef.h>

/* The working directory: absolute, normalised, no trailing '/' but for
 * the root itself. */
extern char libos_cwd[];

/* path made absolute against the working directory, into out (size
 * bytes): 0, or -1 with ENOENT (the empty path) or ENAMETOOLONG. Its "."
 * and ".." are left for the file server, which resolves them component
 * by component (so "nosuch/.." is ENOENT there, as POSIX says). */
int path_absolute(const char *path, char *out, size_t size);
/* Take the "." and ".." components and repeated '/' out of an absolute
 * path, in place, as if every component were a directory. */
void path_normalise(char *path);
#include <bower/path.h> /* and the same with a look before each "..": */

#endif
