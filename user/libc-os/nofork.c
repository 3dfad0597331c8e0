/*
 * nofork.c - fork and exec, which Bower does not have, as calls that say
 * so (ENOSYS) rather than names the link cannot find.
 *
 * Bower makes processes by spawning, as Zircon and seL4 do: posix_spawn
 * (spawn.c) names the program and says what the child gets, with nothing
 * copied from the parent's address space. fork would have to copy or share
 * every mapping, the pager's included, and exec to replace a running
 * program's image; Baumann et al., "A fork() in the road" (HotOS 2019),
 * argue that a new system is better without them. A program written for
 * Linux that forks and then execs can use posix_spawn instead.
 */
#include <errno.h>
#include <unistd.h>

pid_t fork(void)
{
	errno = ENOSYS;
	return -1;
}

pid_t vfork(void)
{
	errno = ENOSYS;
	return -1;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	errno = ENOSYS;
	return -1;
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, NULL);
}

int execvp(const char *file, char *const argv[])
{
	return execve(file, argv, NULL);
}
