/* devdir.h - /dev: the null and zero devices (devdir.c). */
#ifndef FS_DEVDIR_H
#define FS_DEVDIR_H

#include <sys/types.h>
#include "tmpfs.h"

#define DEVDIR "/dev"

/* struct tnode.device */
#define DEV_NULL 1
#define DEV_ZERO 2

/* Make /dev, /dev/null and /dev/zero. */
void devdir_init(void);
/* A read of up to len bytes from device n into buf: what it gives. */
ssize_t devdir_read(const struct tnode *n, void *buf, size_t len);
/* A write of len bytes to device n: all of them taken. */
ssize_t devdir_write(const struct tnode *n, size_t len);

#endif
