/*
 * identity.c - who a process is: Bower has one user, root (uid and gid
 * 0), for whom files' permission bits (kept, and shown by stat) permit
 * everything, so the user and group calls say so and a change to another
 * identity is refused; each process is the only member of its own
 * process group and session (its pid); umask is kept, and open and mkdir
 * take it off the modes they make files with (libos_umask). pathconf says the limits
 * of the file server's names and of pipes. docs/userspace.md lists it.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bower/abi.h>
#include <bower/fs_proto.h>
#include "identity.h"

uid_t getuid(void)
{
	return 0;
}

uid_t geteuid(void)
{
	return 0;
}

gid_t getgid(void)
{
	return 0;
}

gid_t getegid(void)
{
	return 0;
}

static int only_root(unsigned id)
{
	if (id == 0)
		return 0;
	errno = EPERM;
	return -1;
}

int setuid(uid_t uid)
{
	return only_root(uid);
}

int setgid(gid_t gid)
{
	return only_root(gid);
}

int seteuid(uid_t uid)
{
	return only_root(uid);
}

int setegid(gid_t gid)
{
	return only_root(gid);
}

static mode_t creation_mask = 022;

/* Root may read and write what exists (a read-only file system says so
 * when written: EROFS then), and search or run what has an execute bit
 * (stat's modes: directories, /bin's programs, files given one). */
int access(const char *path, int mode)
{
	struct stat st;
	if (mode & ~(R_OK | W_OK | X_OK)) {
		errno = EINVAL;
		return -1;
	}
	if (stat(path, &st) < 0)
		return -1;
	if ((mode & X_OK) && !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

mode_t umask(mode_t mask)
{
	mode_t old = creation_mask;
	creation_mask = mask & 0777;
	return old;
}

mode_t libos_umask(void)
{
	return creation_mask;
}

pid_t getpgrp(void)
{
	return getpid();
}

pid_t getpgid(pid_t pid)
{
	return pid == 0 ? getpid() : pid; /* every process is its own group */
}

int setpgid(pid_t pid, pid_t pgid)
{
	/* Only what is already so: a process leads its own group. */
	if ((pid == 0 || pid == getpid()) && (pgid == 0 || pgid == getpid()))
		return 0;
	errno = EPERM;
	return -1;
}

/* XSI's: make the caller a group's leader, which it already is. */
int setpgrp(void)
{
	return setpgid(0, 0);
}

pid_t getsid(pid_t pid)
{
	return pid == 0 ? getpid() : pid;
}

static long limit(int name)
{
	switch (name) {
	case _PC_LINK_MAX:
		return 1; /* no hard links */
	case _PC_NAME_MAX:
		return FS_NAME_MAX;
	case _PC_PATH_MAX:
		return FS_PATH_MAX;
	case _PC_PIPE_BUF:
		return BOWER_PIPE_ATOMIC;
	case _PC_NO_TRUNC:
		return 1; /* a name too long is ENAMETOOLONG, not cut */
	case _PC_CHOWN_RESTRICTED:
		return 1;
	case _PC_FILESIZEBITS:
		return 64;
	default:
		errno = EINVAL;
		return -1;
	}
}

long pathconf(const char *path, int name)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	return limit(name);
}

long fpathconf(int fd, int name)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -1;
	return limit(name);
}

/* The user database: root alone. */
static struct passwd root = {.pw_name = "root", .pw_passwd = "", .pw_uid = 0, .pw_gid = 0,
			     .pw_dir = "/", .pw_shell = "/bin/shell"};
static int next_entry;

struct passwd *getpwent(void)
{
	return next_entry++ == 0 ? &root : NULL;
}

void setpwent(void)
{
	next_entry = 0;
}

void endpwent(void)
{
	next_entry = 0;
}

struct passwd *getpwuid(uid_t uid)
{
	return uid == 0 ? &root : NULL;
}

struct passwd *getpwnam(const char *name)
{
	return name && strcmp(name, "root") == 0 ? &root : NULL;
}
