/*
 * ramdisk.c - programs come from a cpio "newc" archive built into the image.
 *
 * The build packs user/ programs into build/ramdisk.cpio and ramdisk.S
 * includes it in the .ramdisk section. The parser (lib/cpio) checks every
 * field against the archive's size, so a damaged archive is an error, not
 * a wild read.
 */
#include <ramdisk.h>
#include <cpio.h>
#include <bower/abi.h>

extern const char ramdisk_start[], ramdisk_end[];

int ramdisk_find(const char *path, const void **data, size_t *size)
{
	while (*path == '/')
		path++;
	if (cpio_find(ramdisk_start, (size_t)(ramdisk_end - ramdisk_start), path, data, size) < 0)
		return -BOWER_ENOENT;
	return 0;
}
