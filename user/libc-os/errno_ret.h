/* errno_ret.h - turn a system call's -E... result into -1 and errno. */
#ifndef ERRNO_RET_H
#define ERRNO_RET_H

#include <errno.h>
#include <bower/abi.h>

/* The kernel's error numbers are picolibc's: check a few at build time. */
_Static_assert(BOWER_ENOENT == ENOENT && BOWER_EFAULT == EFAULT && BOWER_ENOSYS == ENOSYS &&
		   BOWER_EMFILE == EMFILE && BOWER_EPIPE == EPIPE &&
		   BOWER_ENAMETOOLONG == ENAMETOOLONG,
	       "kernel and picolibc disagree on errno values");

static inline long errno_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#endif
