/*
 * spawn.c - spawnv: start a program from /bin.
 *
 * The kernel starts programs only from its ramdisk, by name; the file
 * server shows the same files as /bin (user/servers/fs/bindir.c). So a
 * name without a '/' is a program's name, as a shell looks a command up
 * in PATH=/bin, and a path with one is made absolute (against the working
 * directory) and must name a file in /bin. The child gets this process's
 * file server capability (slot FS_PORT_SLOT) and block driver capability
 * (BLK_PORT_SLOT, when there is a port there), so programs started from
 * programs reach the same files and the same disk, and starts in this
 * process's working directory (startinfo.c).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>
#include <bower/fs_proto.h>
#include "errno_ret.h"
#include "path.h"
#include "startinfo.h"

#define BIN "/bin/"

/* The ramdisk name path stands for, into name: 0, or -1 with errno. */
static int program_name(const char *path, char name[BOWER_PATH_MAX])
{
	if (!strchr(path, '/')) {
		if (strlen(path) >= BOWER_PATH_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(name, path);
		return 0;
	}
	char abs[FS_PATH_MAX];
	if (path_absolute(path, abs, sizeof(abs)) < 0)
		return -1;
	path_normalise(abs);
	const char *base = abs + strlen(BIN);
	if (strncmp(abs, BIN, strlen(BIN)) != 0 || !*base || strchr(base, '/')) {
		/* A file outside /bin cannot be run: Linux says EACCES for
		 * a file that may not be executed. */
		struct stat st;
		errno = stat(abs, &st) == 0 ? EACCES : ENOENT;
		return -1;
	}
	strcpy(name, base);
	return 0;
}

pid_t spawnv(const char *path, char *const argv[])
{
	char name[BOWER_PATH_MAX];
	if (program_name(path, name) < 0)
		return -1;
	int caps[START_INFO_MAX_CAPS];
	int ncaps = startinfo_caps(caps, START_INFO_MAX_CAPS);
	if (ncaps < 0)
		return -1;
	long pid = bower_spawn(name, (const char *const *)argv, caps, ncaps);
	startinfo_done(caps, ncaps);
	return (pid_t)errno_ret(pid);
}
