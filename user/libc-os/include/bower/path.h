/* bower/path.h - normalising a path with a look at each "..", for the file
 * server (user/servers/fs/dotdot.c) and the C library (path.c). */
#ifndef BOWER_PATH_H
#define BOWER_PATH_H

/* path_normalise (path.c), but before each ".." takes out the component
 * before it, dir_check (if not NULL) is asked about the path so far ("/"
 * for the root): 0 lets it go on, a negative error stops it with that. */
int path_normalise_checked(char *path, int (*dir_check)(const char *dir));

#endif
