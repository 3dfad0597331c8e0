/*
 * ramdisk.c - programs come from a cpio "newc" archive built into the image.
 *
 * The build packs user/ programs into build/ramdisk.cpio and ramdisk.S
 * includes it in the .ramdisk section. The parser (lib/cpio) checks every
 * field against the archive's size, so a damaged archive is an error, not
 * a wild read. The archive is read once, at boot, into a table of its
 * files: reading the hexadecimal headers of every member again on each
 * spawn cost more than the rest of starting a small program.
 */
#include <ramdisk.h>
#include <cpio.h>
#include <printk.h>
#include <slab.h>
#include <string.h>
#include <bower/abi.h>

extern const char ramdisk_start[], ramdisk_end[];

static struct ramdisk_file *files;
static size_t nfiles;

void ramdisk_init(void)
{
	struct cpio_iter it;
	struct cpio_entry e;
	size_t room = 0;
	int r;
	cpio_iter_init(&it, ramdisk_start, (size_t)(ramdisk_end - ramdisk_start));
	while ((r = cpio_next(&it, &e)) == 1) {
		if (nfiles == room) {
			size_t more = room ? 2 * room : 64;
			struct ramdisk_file *bigger = kmalloc(more * sizeof(*bigger));
			if (!bigger) {
				r = -1;
				break;
			}
			if (nfiles)
				memcpy(bigger, files, nfiles * sizeof(*files));
			kfree(files);
			files = bigger;
			room = more;
		}
		files[nfiles++] = (struct ramdisk_file){cpio_plain_name(e.name), e.data, e.size};
	}
	if (r < 0) /* what came before the damage can still be run */
		printk("bower: ramdisk unreadable after %lu files: %s\n", (unsigned long)nfiles,
		       r == -1 ? "out of memory" : cpio_strerror(r));
}

int ramdisk_find(const char *path, const void **data, size_t *size)
{
	while (*path == '/')
		path++;
	path = cpio_plain_name(path);
	for (size_t i = 0; i < nfiles; i++)
		if (strcmp(files[i].name, path) == 0) {
			*data = files[i].data;
			*size = files[i].size;
			return 0;
		}
	return -BOWER_ENOENT;
}

const struct ramdisk_file *ramdisk_at(size_t index)
{
	return index < nfiles ? &files[index] : NULL;
}
