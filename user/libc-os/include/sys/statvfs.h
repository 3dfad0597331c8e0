/* sys/statvfs.h - a file system's size and free space (POSIX), which
 * picolibc does not have (statvfs.c). */
#ifndef BOWER_SYS_STATVFS_H
#define BOWER_SYS_STATVFS_H

#include <sys/types.h> /* picolibc's fsblkcnt_t and fsfilcnt_t */

struct statvfs {
	unsigned long f_bsize;	/* block size */
	unsigned long f_frsize; /* fundamental block size: the unit of the counts */
	fsblkcnt_t f_blocks;	/* blocks in all */
	fsblkcnt_t f_bfree;	/* free */
	fsblkcnt_t f_bavail;	/* free to any process (root's reserve left out) */
	fsfilcnt_t f_files;	/* files (inodes) in all */
	fsfilcnt_t f_ffree;	/* free */
	fsfilcnt_t f_favail;	/* free to any process */
	unsigned long f_fsid;
	unsigned long f_flag; /* ST_RDONLY, ST_NOSUID */
	unsigned long f_namemax;
};

#define ST_RDONLY 0x1
#define ST_NOSUID 0x2

int statvfs(const char *restrict path, struct statvfs *restrict buf);
int fstatvfs(int fd, struct statvfs *buf);

#endif
