/*
 * dir.c - directory streams: a descriptor on the directory and an index;
 * each readdir asks the server for the entry at the index.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "fs_client.h"
#include "fdtable.h"

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return NULL;
	DIR *d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		return NULL;
	}
	d->fd = fd;
	return d;
}

struct dirent *readdir(DIR *d)
{
	int sfd = fd_server(d->fd, ENOTDIR);
	struct fs_request *req = sfd < 0 ? NULL : fs_begin(FS_READDIR);
	if (!req)
		return NULL;
	req->fd = sfd;
	req->offset = d->index;
	if (fs_call(0) <= 0)
		return NULL; /* the end, or an error with errno set */
	const struct fs_dirent *e = fs_reply_data();
	d->entry.d_ino = (ino_t)e->ino;
	d->entry.d_type = e->type == FS_TYPE_DIR ? DT_DIR : e->type == FS_TYPE_CHAR ? DT_CHR : DT_REG;
	memcpy(d->entry.d_name, e->name, sizeof(d->entry.d_name));
	d->entry.d_name[sizeof(d->entry.d_name) - 1] = '\0';
	d->index++;
	return &d->entry;
}

int closedir(DIR *d)
{
	int r = close(d->fd);
	free(d);
	return r;
}
