/*
 * shm.c - POSIX shared memory objects. An object is a file of /dev/shm in
 * the file server's tmpfs, so it lives in memory, is mapped shared as any
 * tmpfs file is (every process that maps it sees the same pages), and goes
 * with its last name, descriptor and mapping. The file server makes
 * /dev/shm at start (devdir.c); it is in no other way special.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define SHM_DIR "/dev/shm"

/* POSIX: "/NAME", with no other '/' (nor "." or "..", which name no
 * object but the directory); its path in SHM_DIR, or -1 EINVAL
 * (ENAMETOOLONG if it cannot fit). A name without the leading '/' is left
 * to the implementation by POSIX; as on Linux, "NAME" is "/NAME". */
static int shm_path(const char *name, char *out, size_t size)
{
	if (name && name[0] == '/')
		name++;
	if (!name || name[0] == '\0' || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)snprintf(out, size, "%s/%s", SHM_DIR, name) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int shm_open(const char *name, int oflag, mode_t mode)
{
	char path[256];
	if (shm_path(name, path, sizeof(path)) < 0)
		return -1;
	if ((oflag & O_ACCMODE) == O_WRONLY) {
		errno = EINVAL; /* POSIX: O_RDONLY or O_RDWR */
		return -1;
	}
	/* POSIX: the new descriptor has FD_CLOEXEC set. */
	return open(path, oflag | O_CLOEXEC, mode);
}

int shm_unlink(const char *name)
{
	char path[256];
	if (shm_path(name, path, sizeof(path)) < 0)
		return -1;
	return unlink(path);
}
