/* dotdot.h - ".." in request paths, across tmpfs and the disk (dotdot.c). */
#ifndef FS_DOTDOT_H
#define FS_DOTDOT_H

/* Take the ".." components out of an absolute path (at most FS_PATH_MAX
 * bytes with its NUL), in place, each checked to follow a directory that
 * exists: 0, or -ENOENT / -ENOTDIR. Other paths are left alone. */
int dotdot_resolve(char *path);

#endif
