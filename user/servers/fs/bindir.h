/* bindir.h - /bin, the ramdisk's programs as read-only files (bindir.c). */
#ifndef FS_BINDIR_H
#define FS_BINDIR_H

#include "tmpfs.h"

#define BINDIR "/bin"

/* Make /bin and a file in it for each file of the ramdisk. */
void bindir_init(void);
/* Before n is opened: if it is a /bin file, read the bytes it does not
 * hold yet from the ramdisk. 0, or -ENOSPC / -EIO. */
int bindir_load(struct tnode *n);

#endif
