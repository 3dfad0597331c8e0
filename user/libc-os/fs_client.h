/* fs_client.h - calls to the file server (see include/bower/fs_proto.h). */
#ifndef FS_CLIENT_H
#define FS_CLIENT_H

#include <stddef.h>
#include <bower/fs_proto.h>

/* Descriptors below this are the console; d >= it is the server's d - it. */
#define FIRST_FILE_FD 3

/* A request to fill: zeroed (its path empty), op set, in the connection's
 * buffer; NULL (and errno) if there is no file server. */
struct fs_request *fs_begin(enum fs_op op);
/* Copy path into the request, made absolute against the working
 * directory: 0, or -1 with ENOENT (an empty path) or ENAMETOOLONG. */
int fs_set_path(struct fs_request *req, const char *path);
/* Send the request (with extra bytes of data after it): the server's
 * result, or -1 with errno. The reply's data is at fs_reply_data(). */
long fs_call(size_t extra);
/* fs_call for a request whose reply carries a capability: its slot in *cap. */
long fs_call_cap(size_t extra, int *cap);
void *fs_reply_data(void);
/* FS_SYNC: everything written to disk files is on the disk (sync, msync):
 * 0, or -1 with errno. */
int libos_sync(void);
/* Send the request's head (FS_REQUEST_HEAD: a bulk request names no path)
 * with [data, data + len) as the call's bulk buffer,
 * BOWER_BULK_* rights for the server (FS_BULK, fs_proto.h): the server's
 * result or -errno, errno untouched (FS_BULK_REFUSED asks for the request
 * again by message). */
long fs_call_bulk(void *data, size_t len, unsigned rights);

#endif
