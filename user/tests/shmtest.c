/*
 * shmtest.c - POSIX shared memory objects: made, sized, mapped by two
 * processes that see each other's stores, refused when they exist or do
 * not, removed while mapped (the pages stay until the mapping goes).
 * Builds for Bower and for Linux.
 *
 *	shmtest            the checks
 *	shmtest child NAME (spawned) maps NAME, checks the parent's words,
 *	                   leaves its own
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"

#define PAGE 4096

static int child(const char *name)
{
	int fd = shm_open(name, O_RDWR, 0);
	char *m = fd < 0 ? MAP_FAILED : mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return 2;
	int seen = strcmp(m, "from the parent") == 0 && strcmp(m + PAGE + 7, "second page") == 0;
	strcpy(m + 100, "from the child");
	return seen ? 0 : 3;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	check_prog = "shmtest";
	char name[64];
	snprintf(name, sizeof(name), "/shmtest-%d", (int)getpid());
	int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	expect("an object made", fd >= 0, 1);
	expect("two pages long", ftruncate(fd, 2 * PAGE), 0);
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	expect("mapped shared", m != MAP_FAILED, 1);
	if (m == MAP_FAILED)
		return check_summary();
	strcpy(m, "from the parent");
	strcpy(m + PAGE + 7, "second page");
	char *args[] = {"shmtest", "child", name, NULL};
	pid_t pid = spawn_self("shmtest", args);
	int status = -1;
	waitpid(pid, &status, 0);
	expect("another process saw both pages", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	expect("and this one sees what it stored", strcmp(m + 100, "from the child"), 0);
	expect_err("made again with O_EXCL", shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	expect("its descriptor is closed on exec (FD_CLOEXEC)", fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	int again = shm_open(name, O_RDONLY, 0);
	expect("opened again by name", again >= 0, 1);
	expect_err("read-only: no ftruncate", ftruncate(again, PAGE), EINVAL);
	close(again);
	expect("removed", shm_unlink(name), 0);
	expect_err("then it is not there", shm_open(name, O_RDWR, 0), ENOENT);
	expect_err("nor to remove", shm_unlink(name), ENOENT);
	expect("its mapping still holds the words", strcmp(m, "from the parent"), 0);
	expect_err("a name with a '/' inside", shm_open("/a/b", O_RDWR | O_CREAT, 0600), EINVAL);
	expect_err("a name that is only '/'", shm_open("/", O_RDWR | O_CREAT, 0600), EINVAL);
	expect_err("the name '..'", shm_open("..", O_RDWR | O_CREAT, 0600), EINVAL);
	expect_err("the name '/.'", shm_open("/.", O_RDWR | O_CREAT, 0600), EINVAL);
	/* Without its leading '/', a name is the same object (as on Linux;
	 * POSIX leaves it to the implementation). */
	int bare = shm_open("shmtest-bare", O_RDWR | O_CREAT | O_EXCL, 0600);
	expect("made by a name without its '/'", bare >= 0, 1);
	int slashed = shm_open("/shmtest-bare", O_RDWR, 0);
	expect("and opened with it", slashed >= 0, 1);
	expect("removed by either name", shm_unlink("/shmtest-bare"), 0);
	expect_err("gone for both", shm_open("shmtest-bare", O_RDWR, 0), ENOENT);
	close(bare);
	close(slashed);
	munmap(m, 2 * PAGE);
	close(fd);
	return check_summary();
}
