/* fs_info.c - the file server's report on its own memory (FS_MEMSTAT). */
#include <string.h>
#include <bower/fs_info.h>
#include "fs_client.h"

int bower_fs_memstat(struct fs_memstat *st)
{
	if (!fs_begin(FS_MEMSTAT) || fs_call(0) < 0)
		return -1;
	memcpy(st, fs_reply_data(), sizeof(*st));
	return 0;
}
