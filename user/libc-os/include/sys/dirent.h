/* sys/dirent.h - directory streams on Bower (read from the file server). */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>
#include <bower/fs_proto.h>

#define DT_UNKNOWN 0
#define DT_CHR	   2
#define DT_DIR	   4
#define DT_REG	   8

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[FS_NAME_MAX + 1];
};

typedef struct {
	int fd;
	long index;
	struct dirent entry;
} DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif
