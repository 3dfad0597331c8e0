/*
 * statfstest.c - statvfs and fstatvfs (POSIX), statfs and fstatfs (Linux):
 * the counts are consistent, a path and a descriptor on one file system
 * agree, the two interfaces agree, and bad names and descriptors get
 * their errors. On Bower also that tmpfs is memory: writing a file there
 * takes free blocks and removing it gives them back. Builds for Bower and
 * for Linux.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include "posix_check.h"

static const char path[] = SCRATCH_DIR "/statfstest.tmp";
static const char dir_path[] = SCRATCH_DIR "/"; /* the root on Bower */

static int sane(const struct statvfs *v)
{
	return v->f_bsize > 0 && v->f_frsize > 0 && v->f_blocks > 0 && v->f_bfree <= v->f_blocks &&
	       v->f_bavail <= v->f_bfree && v->f_ffree <= v->f_files && v->f_favail <= v->f_ffree &&
	       v->f_namemax >= 14;
}

int main(void)
{
	check_prog = "statfstest";
	struct statvfs root, dir, file;
	expect("statvfs of /", statvfs("/", &root), 0);
	expect("its counts are consistent", sane(&root), 1);
	expect("statvfs of the scratch directory", statvfs(dir_path, &dir), 0);
	expect("names of 255 bytes there", (long)dir.f_namemax, 255);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	expect("a file there", fd >= 0, 1);
	expect("fstatvfs of it", fstatvfs(fd, &file), 0);
	expect("is the directory's file system",
	       file.f_fsid == dir.f_fsid && file.f_blocks == dir.f_blocks &&
		   file.f_frsize == dir.f_frsize,
	       1);
	struct statfs fs;
	expect("statfs of it", statfs(dir_path, &fs), 0);
	expect("agrees with statvfs",
	       fs.f_blocks == dir.f_blocks && (unsigned long)fs.f_bsize == dir.f_bsize &&
		   fs.f_files == dir.f_files && fs.f_namelen == 255 && fs.f_type != 0,
	       1);
	struct statfs ffs;
	expect("fstatfs agrees", fstatfs(fd, &ffs) == 0 && ffs.f_type == fs.f_type, 1);
	expect_err("statvfs of nothing there", statvfs(SCRATCH_DIR "/no/such", &file), ENOENT);
	expect_err("of the empty path", statvfs("", &file), ENOENT);
	expect_err("fstatvfs of no descriptor", fstatvfs(-1, &file), EBADF);
	expect_err("nor of a closed one", fstatvfs(1000, &file), EBADF);
	expect_err("statfs of nothing there", statfs(SCRATCH_DIR "/no/such", &fs), ENOENT);
#ifdef __bower__
	expect("tmpfs says so", fs.f_type, TMPFS_MAGIC);
	/* tmpfs is memory: 4 MiB written take at least 3 MiB of free blocks
	 * (the file server's pool may hold a free chunk of 1 MiB already). */
	static char buf[64 * 1024];
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 64; i++)
		write(fd, buf, sizeof(buf));
	struct statvfs full, after;
	statvfs(dir_path, &full);
	expect("4 MiB written take free blocks",
	       dir.f_bfree - full.f_bfree >= 3 * 1024 * 1024 / full.f_frsize, 1);
	close(fd);
	unlink(path);
	statvfs(dir_path, &after);
	expect("removed, they come back", after.f_bfree - full.f_bfree >= 3 * 1024 * 1024 / after.f_frsize,
	       1);
#else
	close(fd);
	unlink(path);
#endif
	return check_summary();
}
