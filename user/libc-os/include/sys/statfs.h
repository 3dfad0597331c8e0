/* sys/statfs.h - Linux's statfs and fstatfs, with f_type a file system's
 * magic number (TMPFS_MAGIC, EXT2_SUPER_MAGIC as Linux's), for programs
 * written for Linux (statvfs.c). */
#ifndef BOWER_SYS_STATFS_H
#define BOWER_SYS_STATFS_H

#include <sys/types.h>

typedef struct {
	int __val[2];
} fsid_t;

/* Linux's layout on a 64-bit machine. */
struct statfs {
	long f_type;
	long f_bsize;
	unsigned long f_blocks, f_bfree, f_bavail;
	unsigned long f_files, f_ffree;
	fsid_t f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags; /* ST_RDONLY, as statvfs's */
	long f_spare[4];
};

#define TMPFS_MAGIC	 0x01021994
#define EXT2_SUPER_MAGIC 0xef53

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
