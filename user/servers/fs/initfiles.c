/*
 * initfiles.c - a host directory's files in the initial file system.
 *
 * `make run FILES=dir` packs dir's files into the kernel's ramdisk under
 * files/ (user/build.mk). At start the server copies each into tmpfs at
 * the same path below /, making the directories on the way: dir/a/b is
 * /a/b, an ordinary file from then on (it may be written, renamed or
 * removed; the ramdisk's copy stays as it was). The copy is made at once,
 * so a file costs its size in tmpfs pages (and again in the ramdisk):
 * big data belongs on a disk (make run DISK=dir, docs/storage.md).
 */
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "initfiles.h"
#include "tmpfs.h"

#define PREFIX "files/"

/* Make the directories of path (absolute) that are missing. */
static int make_parents(const char *path)
{
	char dir[FS_PATH_MAX];
	struct tnode *n;
	for (const char *slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		size_t len = (size_t)(slash - path);
		memcpy(dir, path, len);
		dir[len] = '\0';
		if (tmpfs_lookup(dir, &n) != 0 && tmpfs_create(dir, FS_TYPE_DIR, &n) != 0)
			return -1;
	}
	return 0;
}

static int copy_in(unsigned long entry, const char *path, unsigned long size)
{
	static char chunk[4096];
	struct tnode *n;
	if (make_parents(path) < 0 || tmpfs_create(path, FS_TYPE_FILE, &n) != 0)
		return -1;
	for (unsigned long off = 0; off < size; off += sizeof(chunk)) {
		long got = bower_ramdisk_read(entry, off, chunk, sizeof(chunk));
		if (got <= 0 || tmpfs_write(n, off, chunk, (size_t)got) != got)
			return -1;
	}
	return 0;
}

void initfiles_load(void)
{
	struct bower_ramdisk_entry e;
	unsigned copied = 0, failed = 0;
	for (unsigned long i = 0; bower_ramdisk_entry(i, &e) != -BOWER_ENOENT; i++) {
		char path[FS_PATH_MAX];
		if (strncmp(e.name, PREFIX, strlen(PREFIX)) != 0)
			continue;
		if (snprintf(path, sizeof(path), "/%s", e.name + strlen(PREFIX)) >=
			(int)sizeof(path) ||
		    copy_in(i, path, e.size) < 0) {
			printf("fs: %s not copied into the file system\n", e.name);
			failed++;
		} else {
			copied++;
		}
	}
	if (copied || failed)
		printf("fs: %u files from the ramdisk's files/ in the file system\n", copied);
}
