/*
 * rlimit.c - getrlimit and setrlimit: the descriptor limit, RLIMIT_NOFILE,
 * the memory limits RLIMIT_AS and RLIMIT_DATA (the kernel's, vm_limit),
 * and RLIMIT_MEMLOCK, kept as set (sys/resource.h says why).
 *
 * The file server keeps the limit per process (FS_NOFILE) and enforces it
 * on files; the console's 0-2 are counted here, so the server's limits are
 * ours minus FIRST_FILE_FD. The descriptor table (fdtable.c) keeps every
 * descriptor, pipes too, below the soft limit as last learned here.
 */
#include <errno.h>
#include <sys/resource.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "fs_client.h"
#include "fdtable.h"

/* Ask the server for the limits, changing them first if set is given. */
static int nofile(struct rlimit *rl, const struct rlimit *set)
{
	struct fs_request *req = fs_begin(FS_NOFILE);
	if (!req)
		return -1;
	if (set) {
		if (set->rlim_cur < FIRST_FILE_FD || set->rlim_max < FIRST_FILE_FD ||
		    set->rlim_cur > set->rlim_max) {
			errno = EINVAL;
			return -1;
		}
		req->flags = FS_NOFILE_SET;
		/* RLIM_INFINITY asks for more than the hard limit: EPERM. */
		req->offset = set->rlim_cur == RLIM_INFINITY
				  ? INT64_MAX
				  : (int64_t)(set->rlim_cur - FIRST_FILE_FD);
		req->len =
		    set->rlim_max == RLIM_INFINITY ? UINT64_MAX : set->rlim_max - FIRST_FILE_FD;
	}
	if (fs_call(0) < 0)
		return -1;
	const struct fs_nofile *now = fs_reply_data();
	libos_nofile = (unsigned long)now->soft + FIRST_FILE_FD; /* fdtable.c keeps to it */
	if (rl) {
		rl->rlim_cur = (rlim_t)now->soft + FIRST_FILE_FD;
		rl->rlim_max = (rlim_t)now->hard + FIRST_FILE_FD;
	}
	return 0;
}

/* RLIMIT_MEMLOCK, as set (sys/resource.h: root's locks are not bound by it). */
static struct rlimit memlock = {RLIM_INFINITY, RLIM_INFINITY};

/* The kernel's resource for RLIMIT_AS or RLIMIT_DATA, or -1. */
static int vm_resource(int resource)
{
	return resource == RLIMIT_AS ? BOWER_VM_LIMIT_AS
	       : resource == RLIMIT_DATA ? BOWER_VM_LIMIT_DATA
					 : -1;
}

int getrlimit(int resource, struct rlimit *rl)
{
	int vm = vm_resource(resource);
	if (vm >= 0) {
		struct bower_vm_limit now;
		if (errno_ret(bower_vm_limit(vm, NULL, &now)) < 0)
			return -1;
		rl->rlim_cur = now.soft; /* RLIM_INFINITY is BOWER_VM_UNLIMITED */
		rl->rlim_max = now.hard;
		return 0;
	}
	if (resource == RLIMIT_MEMLOCK) {
		*rl = memlock;
		return 0;
	}
	if (resource != RLIMIT_NOFILE) {
		errno = EINVAL;
		return -1;
	}
	return nofile(rl, NULL);
}

int setrlimit(int resource, const struct rlimit *rl)
{
	int vm = vm_resource(resource);
	if (vm >= 0) {
		struct bower_vm_limit set = {rl->rlim_cur, rl->rlim_max};
		return (int)errno_ret(bower_vm_limit(vm, &set, NULL));
	}
	if (resource == RLIMIT_MEMLOCK) {
		if (rl->rlim_cur > rl->rlim_max) {
			errno = EINVAL;
			return -1;
		}
		memlock = *rl;
		return 0;
	}
	if (resource != RLIMIT_NOFILE) {
		errno = EINVAL;
		return -1;
	}
	return nofile(NULL, rl);
}
