/*
 * bindir.c - /bin: the ramdisk's programs as read-only files.
 *
 * The programs a user can run are the files of the kernel's initial
 * ramdisk (spawn starts nothing else). At start the server makes /bin and
 * one file in it per ramdisk file, with its name and size, from the
 * kernel's index of the ramdisk (ramdisk_entry), so `ls /bin` shows what
 * there is to run. A file's bytes are read from the kernel (ramdisk_read)
 * into the file's pages the first time it is opened, and kept: until then
 * a program costs the file server nothing but its node. /bin and its files
 * are read-only (EROFS for writing, creating, removing).
 *
 * Running a program by path is the C library's business: spawnv takes
 * /bin/NAME as the ramdisk's NAME (user/libc-os/spawn.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "bindir.h"

void bindir_init(void)
{
	struct tnode *bin, *n;
	if (tmpfs_create(BINDIR, FS_TYPE_DIR, &bin) < 0)
		return;
	struct bower_ramdisk_entry e;
	for (unsigned long i = 0; bower_ramdisk_entry(i, &e) != -BOWER_ENOENT; i++) {
		char path[sizeof(BINDIR) + FS_NAME_MAX + 1];
		if (strlen(e.name) > FS_NAME_MAX || strchr(e.name, '/'))
			continue; /* no name a directory entry can hold */
		snprintf(path, sizeof(path), BINDIR "/%s", e.name);
		if (tmpfs_create(path, FS_TYPE_FILE, &n) < 0)
			continue;
		n->size = e.size;
		n->mode = 0555; /* programs to run, not to change */
		n->readonly = 1;
		n->program = i + 1;
	}
	bin->mode = 0555;
	bin->readonly = 1;
}

int bindir_load(struct tnode *n)
{
	if (!n->program)
		return 0;
	for (size_t i = 0; (uint64_t)i * TMPFS_PAGE < n->size; i++) {
		if (i < n->npages && n->pages[i])
			continue; /* read on an earlier open */
		void *page = tmpfs_page(n, i);
		if (!page)
			return -ENOSPC;
		long got = bower_ramdisk_read(n->program - 1, (unsigned long)i * TMPFS_PAGE, page,
					      TMPFS_PAGE);
		if (got < 0)
			return -EIO;
	}
	return 0;
}
