/*
 * cwd.c - getcwd and chdir: the working directory is the C library's.
 *
 * Bower's kernel and file server know only absolute paths, so the working
 * directory lives here (path.c joins relative paths to it) and a spawned
 * program starts in its parent's (startinfo.c). chdir asks the file server
 * whether the path is a directory, resolving "." and ".." component by
 * component as it does for every path, and then keeps it normalised: with
 * no symbolic links, the names the server walked are the directory's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bower/fs_proto.h>
#include "path.h"
#include "fdtable.h"

int chdir(const char *path)
{
	char abs[FS_PATH_MAX];
	struct stat st;
	if (path_absolute(path, abs, sizeof(abs)) < 0 || stat(abs, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	path_normalise(abs);
	strcpy(libos_cwd, abs);
	return 0;
}

int fchdir(int fd)
{
	struct fd_entry *e = fd_get(fd);
	if (!e)
		return -1;
	if (!e->path) { /* the console, a pipe: not a directory */
		errno = ENOTDIR;
		return -1;
	}
	return chdir(e->path);
}

char *getcwd(char *buf, size_t size)
{
	size_t n = strlen(libos_cwd) + 1;
	if (!buf) { /* as glibc and picolibc do: a buffer of the size asked, or as needed */
		if (size == 0)
			size = n;
		if (!(buf = malloc(size)))
			return NULL;
		if (size < n) {
			free(buf);
			errno = ERANGE;
			return NULL;
		}
	} else if (size == 0) {
		errno = EINVAL;
		return NULL;
	} else if (size < n) {
		errno = ERANGE;
		return NULL;
	}
	memcpy(buf, libos_cwd, n);
	return buf;
}
