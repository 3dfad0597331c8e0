/*
 * rlimit.c - getrlimit and setrlimit: the descriptor limit, RLIMIT_NOFILE,
 * and RLIMIT_MEMLOCK, kept as set (sys/resource.h says why).
 *
 * The file server keeps the limit per process (FS_NOFILE) and enforces it
 * on files; the console's 0-2 are counted here, so the server's limits are
 * ours minus FIRST_FILE_FD. The descriptor table (fdtable.c) keeps every
 * descriptor, pipes too, below the soft limit as last learned here.
 */
#include <errno.h>
#include <sys/resource.h>
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

int getrlimit(int resource, struct rlimit *rl)
{
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
