/* sys/vfs.h - where Linux programs find statfs: sys/statfs.h. */
#ifndef BOWER_SYS_VFS_H
#define BOWER_SYS_VFS_H

#include <sys/statfs.h>

#endif
