/* ramdisk.h - the initial ramdisk (a cpio archive linked into the kernel). */
#ifndef KERNEL_RAMDISK_H
#define KERNEL_RAMDISK_H

#include <types.h>

struct ramdisk_file {
	const char *name; /* in the archive, "./" taken off */
	const void *data;
	size_t size;
};

/* Read the archive's table of files (once, at boot). */
void ramdisk_init(void);
/* Find a file by path ("/name", "./name" and "name" are the same): 0 and
 * its bytes, or -ENOENT. */
int ramdisk_find(const char *path, const void **data, size_t *size);
/* The index-th file of the archive, in archive order (the file server
 * lists them as /bin), or NULL past the end. */
const struct ramdisk_file *ramdisk_at(size_t index);

#endif
