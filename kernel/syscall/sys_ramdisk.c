/*
 * sys_ramdisk.c - the initial ramdisk's files, for anyone to list and read.
 *
 * The ramdisk holds the programs spawn can start, and any program may
 * start any of them, so listing and reading it needs no capability. The
 * file server presents it as the read-only directory /bin
 * (user/servers/fs/bindir.c). Both calls copy out of the kernel image and
 * use nothing after the copy.
 */
#include <syscall.h>
#include <ramdisk.h>
#include <string.h>

long sys_ramdisk_entry(unsigned long index, struct bower_ramdisk_entry *uout)
{
	const struct ramdisk_file *f = ramdisk_at(index);
	if (!f)
		return -BOWER_ENOENT;
	struct bower_ramdisk_entry e;
	memset(&e, 0, sizeof(e));
	size_t n = strnlen(f->name, sizeof(e.name));
	if (n == sizeof(e.name))
		return -BOWER_ENAMETOOLONG; /* longer than spawn takes */
	memcpy(e.name, f->name, n);
	e.size = f->size;
	return copy_to_user(uout, &e, sizeof(e)) ? -BOWER_EFAULT : 0;
}

long sys_ramdisk_read(unsigned long index, unsigned long offset, void *ubuf, size_t len)
{
	const struct ramdisk_file *f = ramdisk_at(index);
	if (!f)
		return -BOWER_ENOENT;
	if (!user_range_ok(ubuf, len))
		return -BOWER_EFAULT;
	if (offset >= f->size)
		return 0;
	size_t n = MIN(len, f->size - offset);
	return copy_to_user(ubuf, (const char *)f->data + offset, n) ? -BOWER_EFAULT : (long)n;
}
