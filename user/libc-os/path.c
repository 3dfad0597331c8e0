/*
 * path.c - the working directory and the paths made from it.
 *
 * The working directory is the C library's, not the kernel's or the file
 * server's: relative paths are joined to it here, before a request leaves
 * the process (fs_set_path, spawnv), and chdir changes it (cwd.c). A
 * spawned program starts in its parent's (startinfo.c).
 */
#include <errno.h>
#include <string.h>
#include <bower/fs_proto.h>
#include "path.h"

char libos_cwd[FS_PATH_MAX] = "/";

int path_absolute(const char *path, char *out, size_t size)
{
	size_t n = strlen(path);
	if (n == 0) { /* POSIX: the empty path names nothing (not the cwd) */
		errno = ENOENT;
		return -1;
	}
	size_t base = 0; /* bytes of the working directory before path, with a '/' */
	if (path[0] != '/') {
		base = strlen(libos_cwd);
		if (libos_cwd[base - 1] != '/') /* not the root */
			base++;
	}
	if (base + n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (base) {
		memcpy(out, libos_cwd, base - 1);
		out[base - 1] = '/';
	}
	memcpy(out + base, path, n + 1);
	return 0;
}

int path_normalise_checked(char *path, int (*dir_check)(const char *dir))
{
	char *out = path; /* path[0] is '/' */
	const char *s = path;
	while (*s) {
		while (*s == '/')
			s++;
		const char *end = s;
		while (*end && *end != '/')
			end++;
		size_t len = (size_t)(end - s);
		if (len == 0 || (len == 1 && s[0] == '.')) {
			/* nothing: "//" or "." */
		} else if (len == 2 && s[0] == '.' && s[1] == '.') {
			if (dir_check) { /* what is before it, ended for the look */
				char was = *out;
				*out = '\0';
				int err = dir_check(out == path ? "/" : path);
				*out = was;
				if (err < 0)
					return err;
			}
			while (out > path && *--out != '/') /* back over the last component */
				;
		} else {
			*out++ = '/';
			memmove(out, s, len);
			out += len;
		}
		s = end;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
	return 0;
}

void path_normalise(char *path)
{
	path_normalise_checked(path, NULL);
}
