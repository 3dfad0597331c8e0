/*
 * fs_client.c - the connection to the file server.
 *
 * Every program gets a capability to the file server's port in slot
 * FS_PORT_SLOT. The first file operation opens a connection (which gives
 * this process its own badge, and so its own descriptor table in the
 * server) and keeps it for the life of the process.
 */
#include <string.h>
#include <errno.h>
#include <bower/syscall_nr.h>
#include "fs_client.h"
#include "errno_ret.h"
#include "path.h"

static long conn = -1;
static char *buffer;

static int connect_once(void)
{
	if (conn >= 0)
		return 0;
	uintptr_t va;
	long c = bower_ipc_connect(FS_PORT_SLOT, &va);
	if (c < 0) {
		errno = ENOSYS; /* no file server given to this program */
		return -1;
	}
	conn = c;
	buffer = (char *)va;
	return 0;
}

struct fs_request *fs_begin(enum fs_op op)
{
	if (connect_once() < 0)
		return NULL;
	struct fs_request *req = (struct fs_request *)buffer;
	/* The head, and an empty path: what follows its NUL is never read. */
	memset(req, 0, FS_REQUEST_HEAD);
	req->path[0] = '\0';
	req->op = op;
	return req;
}

int fs_set_path(struct fs_request *req, const char *path)
{
	return path_absolute(path, req->path, sizeof(req->path));
}

long fs_call_cap(size_t extra, int *cap)
{
	/* A request with no path and no data after it is sent without the
	 * path's bytes (FS_REQUEST_HEAD): 32 bytes for the kernel to copy. */
	const struct fs_request *req = (const struct fs_request *)buffer;
	size_t len = extra == 0 && req->path[0] == '\0' ? FS_REQUEST_HEAD
							: sizeof(struct fs_request) + extra;
	struct bower_ipc_call msg = {.len = len, .cap = BOWER_NO_CAP};
	long err = bower_ipc_call((int)conn, &msg);
	if (err < 0)
		return errno_ret(err == -BOWER_EPIPE ? -EIO : err);
	if (cap)
		*cap = msg.cap;
	else if (msg.cap != BOWER_NO_CAP)
		bower_cap_delete(msg.cap);
	return errno_ret(msg.ret);
}

long fs_call_bulk(void *data, size_t len, unsigned rights)
{
	struct bower_ipc_call msg = {.len = FS_REQUEST_HEAD, .cap = BOWER_NO_CAP};
	struct bower_ipc_bulk bulk = {.addr = data, .len = len, .rights = rights};
	long err = bower_ipc_call_bulk((int)conn, &msg, &bulk);
	if (err < 0)
		return err == -BOWER_EPIPE ? -EIO : err;
	if (msg.cap != BOWER_NO_CAP)
		bower_cap_delete(msg.cap);
	return msg.ret;
}

long fs_call(size_t extra)
{
	return fs_call_cap(extra, NULL);
}

void *fs_reply_data(void)
{
	return buffer;
}
