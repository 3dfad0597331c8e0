/*
 * limits.h - picolibc's, with the minimum values POSIX fixes for every
 * system (<limits.h>'s "Minimum Values"), which picolibc leaves out.
 * Bower's own limits are what sysconf and pathconf say.
 */
#ifndef BOWER_LIMITS_H
#define BOWER_LIMITS_H

#include_next <limits.h>

#ifndef _POSIX_ARG_MAX
#define _POSIX_ARG_MAX	      4096
#define _POSIX_CHILD_MAX      25
#define _POSIX_HOST_NAME_MAX  255
#define _POSIX_LINK_MAX	      8
#define _POSIX_LOGIN_NAME_MAX 9
#define _POSIX_MAX_CANON      255
#define _POSIX_MAX_INPUT      255
#define _POSIX_NAME_MAX	      14
#define _POSIX_NGROUPS_MAX    8
#define _POSIX_OPEN_MAX	      20
#define _POSIX_PATH_MAX	      256
#define _POSIX_PIPE_BUF	      512
#define _POSIX_RE_DUP_MAX     255
#define _POSIX_SSIZE_MAX      32767
#define _POSIX_STREAM_MAX     8
#define _POSIX_SYMLINK_MAX    255
#define _POSIX_SYMLOOP_MAX    8
#define _POSIX_TTY_NAME_MAX   9
#define _POSIX_TZNAME_MAX     6
#define _POSIX_THREAD_KEYS_MAX 128
#define _POSIX_THREAD_THREADS_MAX 64
#endif

/* Bower's own, where they are fixed: a path component (the file
 * server's FS_NAME_MAX) and a semaphore's value (semaphore.h). */
#ifndef NAME_MAX
#define NAME_MAX 255
#endif
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 0x7fffffff
#endif

#endif
