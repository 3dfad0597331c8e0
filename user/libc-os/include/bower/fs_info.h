/* fs_info.h - asking the file server about itself. */
#ifndef BOWER_FS_INFO_H
#define BOWER_FS_INFO_H

#include <bower/fs_proto.h>

/* What the file server holds now (its heap, file pages, files, models,
 * clients): 0, or -1 with errno. Leak tests compare two of these. */
int bower_fs_memstat(struct fs_memstat *st);

#endif
