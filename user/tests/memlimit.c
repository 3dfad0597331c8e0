/*
 * memlimit.c - the memory limits, RLIMIT_AS and RLIMIT_DATA: a mapping past
 * the address-space limit is ENOMEM and one within it is not, malloc past
 * the data limit returns NULL with ENOMEM, a limit below what is mapped
 * takes nothing away, a spawned program starts with its parent's limits,
 * and a soft limit above the hard one is EINVAL. On Bower also the system
 * call's own hostile cases. Builds for Bower and for Linux.
 *
 *	memlimit         the checks
 *	memlimit child   (spawned) exits 0 if its RLIMIT_AS is LIMIT's soft
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "posix_check.h"
#include "spawn_self.h"
#ifdef __bower__
#include <bower/syscall_nr.h>
#endif

#define MIB   (1024UL * 1024)
#define LIMIT (256 * MIB) /* far above what the program maps, far below what it asks */

static int map_ok(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	munmap(p, len);
	return 0;
}

static int set_soft(int resource, rlim_t soft)
{
	struct rlimit rl;
	getrlimit(resource, &rl);
	rl.rlim_cur = soft;
	return setrlimit(resource, &rl);
}

static void address_space(void)
{
	struct rlimit was;
	expect("getrlimit(RLIMIT_AS)", getrlimit(RLIMIT_AS, &was), 0);
	expect("its soft limit is within its hard", was.rlim_cur <= was.rlim_max, 1);
	expect("a soft limit", set_soft(RLIMIT_AS, LIMIT), 0);
	struct rlimit now;
	getrlimit(RLIMIT_AS, &now);
	expect("reads back", now.rlim_cur == LIMIT && now.rlim_max == was.rlim_max, 1);
	expect("a mapping within it", map_ok(4 * MIB), 0);
	expect("a mapping past it is ENOMEM", map_ok(2 * LIMIT), -ENOMEM);
	expect("and one larger than any address space", map_ok((size_t)-4096), -ENOMEM);
	char *a = mmap(NULL, 64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("a mapping", a != MAP_FAILED, 1);
	expect("MAP_FIXED over it, as long: it fits, what it replaces gone",
	       mmap(a, 64 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		   a,
	       1);
	a[0] = 7;
	errno = 0;
	expect("MAP_FIXED over it past the limit is ENOMEM",
	       mmap(a, 2 * LIMIT, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED &&
		   errno == ENOMEM,
	       1);
	expect("and leaves it as it was", a[0], 7);
	munmap(a, 64 * MIB);
	expect("two that together pass it: the second is ENOMEM", ({
		       void *a = mmap(NULL, LIMIT / 2, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		       int second = map_ok(LIMIT / 2 + 8 * MIB);
		       if (a != MAP_FAILED)
			       munmap(a, LIMIT / 2);
		       a != MAP_FAILED ? second : 1;
	       }),
	       -ENOMEM);
	/* The child inherits it. */
	char *argv[] = {"memlimit", "child", NULL};
	pid_t pid = spawn_self("memlimit", argv);
	int status = -1;
	expect("a spawned program", pid > 0 && waitpid(pid, &status, 0) == pid, 1);
	expect("starts with its parent's RLIMIT_AS", WIFEXITED(status) && WEXITSTATUS(status) == 0, 1);
	/* Below what is mapped: nothing goes, nothing new comes. */
	expect("a limit below what is mapped", set_soft(RLIMIT_AS, 4096), 0);
	expect("then a small mapping is ENOMEM", map_ok(4096), -ENOMEM);
	expect("the limit back", setrlimit(RLIMIT_AS, &was), 0);
	expect("a big mapping again", map_ok(2 * LIMIT), 0);
	struct rlimit bad = {2 * MIB, MIB};
	expect_err("a soft limit above the hard one", setrlimit(RLIMIT_AS, &bad), EINVAL);
	getrlimit(RLIMIT_AS, &now);
	expect("changes nothing", now.rlim_cur == was.rlim_cur && now.rlim_max == was.rlim_max, 1);
}

/* Larger than the address space, a file's mapping is ENOMEM too, with
 * MAP_FIXED or without (the Open POSIX Test Suite's mmap 24-2). */
static void beyond_the_address_space(void)
{
	static const char path[] = SCRATCH_DIR "/memlimit.tmp";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("a file", fd >= 0 && ftruncate(fd, 4096) == 0, 1);
	char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	expect("mapped", p != MAP_FAILED, 1);
	errno = 0;
	expect("a file mapping larger than the address space",
	       mmap(NULL, (size_t)-4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENOMEM,
	       1);
	errno = 0;
	expect("and with MAP_FIXED, over a mapping",
	       mmap(p, (size_t)-4096, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED &&
		   errno == ENOMEM,
	       1);
	expect("which is still there", p[0], 0);
	munmap(p, 4096);
	close(fd);
	unlink(path);
}

static void data_segment(void)
{
	struct rlimit was;
	expect("getrlimit(RLIMIT_DATA)", getrlimit(RLIMIT_DATA, &was), 0);
	expect("a data limit", set_soft(RLIMIT_DATA, 8 * MIB), 0);
	void *small = malloc(64 * 1024);
	expect("malloc within it", small != NULL, 1);
	errno = 0;
	void *big = malloc(16 * MIB);
	expect("malloc past it is NULL", big == NULL, 1);
	expect("with ENOMEM", errno, ENOMEM);
	free(big);
	free(small);
	expect("the limit back", setrlimit(RLIMIT_DATA, &was), 0);
	big = malloc(16 * MIB);
	expect("malloc of as much again", big != NULL, 1);
	free(big);
}

#ifdef __bower__
/* The system call under the library's: bad pointers and arguments. */
static void hostile(void)
{
	struct bower_vm_limit before, after, set = {LIMIT, BOWER_VM_UNLIMITED};
	bower_vm_limit(BOWER_VM_LIMIT_AS, NULL, &before);
	expect("vm_limit of no such resource", bower_vm_limit(2, NULL, &after), -BOWER_EINVAL);
	expect("nor of a negative one", bower_vm_limit(-1, NULL, &after), -BOWER_EINVAL);
	expect("a limit from a bad pointer", bower_vm_limit(BOWER_VM_LIMIT_AS, (void *)8, NULL),
	       -BOWER_EFAULT);
	expect("the old ones to a bad pointer",
	       bower_vm_limit(BOWER_VM_LIMIT_AS, &set, (void *)0xffff000000000000UL), -BOWER_EFAULT);
	bower_vm_limit(BOWER_VM_LIMIT_AS, NULL, &after);
	expect("change nothing", after.soft == before.soft && after.hard == before.hard, 1);
}
#endif

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		struct rlimit rl;
		return getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur == LIMIT ? 0 : 1;
	}
	check_prog = "memlimit";
	address_space();
	beyond_the_address_space();
	data_segment();
#ifdef __bower__
	hostile();
#endif
	return check_summary();
}
