/*
 * diskfs.c - the disk's ext2 file system at /disk (diskfs.h), over the
 * page cache.
 *
 * ext2.c knows the format and nothing of where bytes come from; here its
 * two ways to the disk are the cache's: metadata (superblock, group
 * descriptors, inodes, block maps, directories) is read from cached pages
 * of the disk itself (file CACHE_DISK), and a file's data is cached by
 * (inode, page), each page filled by the device straight from the blocks
 * that hold it. So read(), readdir and the pager all take their bytes
 * from the same bounded set of pages. Writes go the same way back and at
 * once (write_meta, store_blocks). Only a writable shared mapping makes
 * pages dirty: every page lent to its object is taken to be written (the
 * kernel does not say which were), and is written back before the cache
 * reuses it, at fsync, msync and sync (the file server's FS_SYNC, which
 * init sends before the power-off), and when the last mapping goes.
 *
 * An open file or directory is a dnode (diskfs_node.h). A file once
 * mapped keeps its dnode (and its memory object) until it is removed,
 * since a mapping outlives the descriptor it was made from, as tmpfs's
 * files keep theirs. What its mappings need (the object, faults, write
 * back) is diskmap.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cache.h"
#include "disk.h"
#include "diskfs.h"
#include "diskfs_node.h"
#include "ext2.h"
#include "filepager.h"
#include "predict.h"
#include <bower/blk_proto.h>
#include <bower/syscall_nr.h>


/* readdir hands ext2's names on whole. */
_Static_assert(EXT2_NAME_MAX <= FS_NAME_MAX, "an ext2 name fits a directory entry");

struct ext2_fs disk_ext2;
static int mounted;
static uint64_t disk_bytes;
static struct dnode *dnodes;
static size_t cache_size; /* pages */

/* A page of the disk itself, for metadata: the sectors there are (a
 * disk's end need not fall on a page), zeros past them. */
static int fill_disk_page(void *ctx, uint64_t file, uint64_t index, void *page)
{
	(void)ctx;
	(void)file;
	uint64_t off = index * CACHE_PAGE;
	if (off >= disk_bytes)
		return -EIO;
	uint64_t len = disk_bytes - off < CACHE_PAGE ? disk_bytes - off : CACHE_PAGE;
	memset((char *)page + len, 0, CACHE_PAGE - len);
	unsigned buffer;
	uint64_t at;
	int err = cache_where(page, &buffer, &at);
	return err < 0 ? err : disk_read(buffer, at, off, len);
}

/* ext2's dev->read: metadata bytes, copied out of cached disk pages. */
static int read_meta(void *ctx, uint64_t off, void *dst, size_t len)
{
	while (len > 0) {
		int err;
		const char *page =
		    cache_get(CACHE_DISK, off / CACHE_PAGE, fill_disk_page, ctx, &err);
		if (!page)
			return err;
		size_t in_page = (size_t)(off % CACHE_PAGE);
		size_t chunk = CACHE_PAGE - in_page < len ? CACHE_PAGE - in_page : len;
		memcpy(dst, page + in_page, chunk);
		dst = (char *)dst + chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}

/* File blocks between the disk and their cache page, by the device. */
static int blocks_io(int writing, uint64_t off, const void *page, size_t len)
{
	unsigned buffer;
	uint64_t at;
	if (off > disk_bytes || len > disk_bytes - off)
		return -EIO;
	int err = cache_where(page, &buffer, &at);
	if (err < 0)
		return err;
	return writing ? disk_write(buffer, at, off, len) : disk_read(buffer, at, off, len);
}

/* ext2's dev->fill: file blocks, by the device, into the cache page; while
 * a fault's batch is filled, kept to be read with the rest (diskmap.c). */
static int fill_blocks(void *ctx, uint64_t off, void *dst, size_t len)
{
	(void)ctx;
	if (off > disk_bytes || len > disk_bytes - off)
		return -EIO;
	int kept = diskmap_keep_read(off, dst, len);
	return kept ? (kept < 0 ? kept : 0) : blocks_io(0, off, dst, len);
}

/* ext2's dev->write: metadata bytes, into the cached disk page and
 * through it to the disk at once (the sectors they touch). */
static int write_meta(void *ctx, uint64_t off, const void *src, size_t len)
{
	while (len > 0) {
		int err;
		char *page = cache_get(CACHE_DISK, off / CACHE_PAGE, fill_disk_page, ctx, &err);
		if (!page)
			return err;
		size_t in_page = (size_t)(off % CACHE_PAGE);
		size_t chunk = CACHE_PAGE - in_page < len ? CACHE_PAGE - in_page : len;
		memcpy(page + in_page, src, chunk);
		uint64_t first = in_page & ~(uint64_t)(BLK_SECTOR - 1);
		uint64_t end = (in_page + chunk + BLK_SECTOR - 1) & ~(uint64_t)(BLK_SECTOR - 1);
		unsigned buffer;
		uint64_t at;
		if ((err = cache_where(page, &buffer, &at)) < 0 ||
		    (err = disk_write(buffer, at + first, off - in_page + first, end - first)) < 0)
			return err;
		src = (const char *)src + chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}

/* ext2's dev->store: file blocks from their cache page to the disk. The
 * disk's own cached pages over them (file CACHE_DISK) are now stale, and
 * go: they would be read if the blocks were ever metadata again. */
static int store_blocks(void *ctx, uint64_t off, const void *src, size_t len)
{
	(void)ctx;
	int err = blocks_io(1, off, src, len);
	for (uint64_t p = off / CACHE_PAGE; p <= (off + len - 1) / CACHE_PAGE; p++)
		cache_drop_one(CACHE_DISK, p);
	return err;
}

static int fill_file_page(void *ctx, uint64_t file, uint64_t index, void *page)
{
	(void)file;
	return ext2_fill_page(&disk_ext2, ctx, index, page);
}

const char *dnode_page(struct dnode *d, uint64_t index, int *err)
{
	return cache_get(d->in.ino, index, fill_file_page, &d->in, err);
}

/* ext2's clock for the inodes it changes. */
static uint32_t seconds_now(void *ctx)
{
	(void)ctx;
	return (uint32_t)time(NULL);
}

void diskfs_mount(int slot, size_t cache_pages)
{
	int read_only = 0, err = disk_open(slot, &disk_bytes, &read_only);
	if (err == -ENODEV)
		return; /* no disk: nothing to say */
	const char *why = "the block driver does not answer";
	if (err == 0 && (err = cache_init(cache_pages)) < 0)
		why = "no memory for the page cache";
	cache_size = cache_pages;
	struct ext2_dev dev = {.read = read_meta,
			       .fill = fill_blocks,
			       .write = write_meta,
			       .store = store_blocks,
			       .now = seconds_now};
	if (err == 0)
		err = ext2_mount(&disk_ext2, &dev, disk_bytes, &why);
	if (err == 0) {
		struct tnode *mount_point;
		tmpfs_create(DISKFS_MOUNT, FS_TYPE_DIR, &mount_point); /* so that ls / shows it */
		mounted = 1;
		disk_ext2.writable = disk_ext2.writable && !read_only;
		printf("fs: %s: ext2, %u blocks of %u bytes, %u inodes, %s; cache of %zu pages\n",
		       DISKFS_MOUNT, disk_ext2.blocks, disk_ext2.block_size, disk_ext2.inodes,
		       disk_ext2.writable ? "read-write" : "read-only", cache_pages);
		return;
	}
	printf("fs: %s not mounted: %s (error %d)\n", DISKFS_MOUNT, why ? why : "read error", -err);
	cache_fini();
	disk_close();
}

int diskfs_path(const char *path, const char **rest)
{
	if (!mounted)
		return 0;
	/* Past the root's own names for itself: "/", "//", "/./", "/../". */
	for (;;) {
		while (*path == '/')
			path++;
		if (path[0] == '.' && (path[1] == '/' || path[1] == '\0'))
			path += 1;
		else if (path[0] == '.' && path[1] == '.' && (path[2] == '/' || path[2] == '\0'))
			path += 2;
		else
			break;
	}
	size_t n = strlen(DISKFS_MOUNT) - 1;
	if (strncmp(path, DISKFS_MOUNT + 1, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return 0;
	*rest = path + n;
	return 1;
}

struct dnode *dnode_of(uint32_t ino)
{
	for (struct dnode *d = dnodes; d; d = d->next)
		if (d->in.ino == ino)
			return d;
	return NULL;
}

/* The directory rest's last name is in, and that name (*name, *len). */
static int parent_of(const char *rest, struct ext2_inode *dir, const char **name, size_t *len)
{
	char path[FS_PATH_MAX];
	size_t n = strlen(rest);
	while (n > 0 && rest[n - 1] == '/')
		n--;
	size_t cut = n;
	while (cut > 0 && rest[cut - 1] != '/')
		cut--;
	if (n == 0 || n >= sizeof(path))
		return n ? -ENAMETOOLONG : -EBUSY; /* the disk's root itself */
	memcpy(path, rest, cut);
	path[cut] = '\0';
	*name = rest + cut;
	*len = n - cut;
	return ext2_walk(&disk_ext2, path, dir);
}

/* What the server keeps about a directory or file is read again after
 * the disk changed it. */
static void refresh(const struct ext2_inode *in)
{
	struct dnode *d = dnode_of(in->ino);
	if (d)
		d->in = *in;
}

static int create(const char *rest, uint16_t mode, struct ext2_inode *out)
{
	struct ext2_inode dir;
	const char *name;
	size_t len;
	int err = parent_of(rest, &dir, &name, &len);
	if (err == 0 && !disk_ext2.writable)
		err = -EROFS;
	if (err == 0)
		err = ext2_create(&disk_ext2, &dir, name, len, mode, out);
	refresh(&dir);
	return err;
}

int diskfs_open(const char *rest, int flags, struct dnode **out)
{
	struct ext2_inode in;
	int err = ext2_walk(&disk_ext2, rest, &in), writing = (flags & O_ACCMODE) != O_RDONLY;
	if (err == -ENOENT && (flags & O_CREAT))
		err = create(rest, EXT2_S_IFREG | 0644, &in);
	else if (err == 0 && (flags & O_CREAT) && (flags & O_EXCL))
		err = -EEXIST;
	if (err == 0 && writing && !disk_ext2.writable)
		err = -EROFS;
	if (err < 0)
		return err;
	uint16_t type = in.mode & EXT2_S_IFMT;
	if (type != EXT2_S_IFREG && type != EXT2_S_IFDIR)
		return -ENXIO; /* symbolic links, devices: not served */
	if (type != EXT2_S_IFDIR && (flags & O_DIRECTORY))
		return -ENOTDIR;
	if (type == EXT2_S_IFDIR && writing)
		return -EISDIR;
	struct dnode *d = dnode_of(in.ino);
	if (!d) {
		d = calloc(1, sizeof(*d));
		if (!d)
			return -ENOMEM;
		d->in = in;
		d->pmo = -1;
		snprintf(d->path, sizeof(d->path), "%s%s", DISKFS_MOUNT, rest);
		d->next = dnodes;
		dnodes = d;
	}
	d->opens++;
	*out = d;
	if ((flags & O_TRUNC) && writing && (err = diskfs_truncate(d, 0)) < 0) {
		diskfs_close(d);
		return err;
	}
	return 0;
}

ssize_t diskfs_write_with(struct dnode *d, uint64_t off, size_t len, tmpfs_move_fn move, void *arg)
{
	if (off > EXT2_FILE_MAX || len > EXT2_FILE_MAX - off)
		return -EFBIG;
	uint64_t was = d->in.size;
	int err = len ? ext2_alloc_range(&disk_ext2, &d->in, off, len) : 0;
	size_t done = 0;
	while (err == 0 && done < len) {
		uint64_t pos = off + done, index = pos / CACHE_PAGE;
		size_t in_page = (size_t)(pos % CACHE_PAGE);
		size_t chunk =
		    CACHE_PAGE - in_page < len - done ? CACHE_PAGE - in_page : len - done;
		char *page = (char *)dnode_page(d, index, &err);
		if (!page)
			break;
		ssize_t got = move(arg, done, page + in_page, chunk);
		cache_hold(page); /* storing reads the block map through the cache */
		err = ext2_store_page(&disk_ext2, &d->in, index, page); /* what was moved, if any */
		cache_release(page);
		if (got < 0 && err == 0)
			err = (int)got;
		done += got > 0 ? (size_t)got : 0;
		if (got < (ssize_t)chunk)
			break;
	}
	/* Short: the size covers what was written, and no more. */
	uint64_t end = off + done > was ? off + done : was;
	if (done < len && d->in.size > end)
		ext2_truncate(&disk_ext2, &d->in, end);
	if (done && err == 0)
		err = ext2_touch(&disk_ext2, &d->in, 1);
	return done ? (ssize_t)done : err < 0 ? err : 0;
}

static ssize_t copy_in(void *buf, size_t done, void *file, size_t n)
{
	memcpy(file, (const char *)buf + done, n);
	return (ssize_t)n;
}

long diskfs_write(struct dnode *d, uint64_t off, const void *buf, size_t len)
{
	return diskfs_write_with(d, off, len, copy_in, (void *)buf);
}

int diskfs_truncate(struct dnode *d, uint64_t size)
{
	if (size > EXT2_FILE_MAX)
		return -EFBIG;
	if (diskfs_is_dir(d))
		return -EISDIR;
	uint64_t keep = (size + CACHE_PAGE - 1) / CACHE_PAGE;
	if (size < d->in.size) { /* pages past the end leave mappings and the cache */
		if (d->pmo >= 0)
			filepager_take_back(d->pmo, keep, SIZE_MAX);
		cache_returned(d->in.ino, keep, UINT64_MAX);
		cache_drop(d->in.ino, keep);
		char *last = size % CACHE_PAGE ? cache_find(d->in.ino, size / CACHE_PAGE) : NULL;
		if (last) /* the kept last page reads as zeros past the new end */
			memset(last + size % CACHE_PAGE, 0, CACHE_PAGE - size % CACHE_PAGE);
	}
	return ext2_truncate(&disk_ext2, &d->in, size);
}

int diskfs_mkdir(const char *rest)
{
	struct ext2_inode in;
	return create(rest, EXT2_S_IFDIR | 0755, &in);
}

/* Before inode ino's last name goes: nothing may have it open (its
 * blocks are freed at once); a file only mapped lets its mappings go
 * (their next touch is a bus error, as with tmpfs). */
static int let_go(uint32_t ino)
{
	struct dnode *d = dnode_of(ino);
	if (!d)
		return 0;
	if (d->opens)
		return -EBUSY;
	filepager_take_back(d->pmo, 0, SIZE_MAX);
	cache_returned(ino, 0, UINT64_MAX);
	bower_cap_delete(d->pmo);
	d->pmo = -1;
	d->opens = 1;
	diskfs_close(d);
	return 0;
}

int diskfs_sync(const struct dnode *d)
{
	if (!mounted || !disk_ext2.writable)
		return 0; /* nothing can have been written */
	int err = cache_flush(d ? d->in.ino : CACHE_ALL_FILES);
	int flushed = disk_flush();
	return err ? err : flushed;
}

int diskfs_rename(const char *from, const char *to)
{
	struct ext2_inode odir, ndir;
	const char *oname, *nname;
	size_t olen, nlen;
	uint32_t target;
	int err = parent_of(from, &odir, &oname, &olen);
	if (err == 0)
		err = parent_of(to, &ndir, &nname, &nlen);
	if (err == 0 && !disk_ext2.writable)
		err = -EROFS;
	if (err < 0)
		return err;
	int replacing = ext2_lookup(&disk_ext2, &ndir, nname, nlen, &target) == 0;
	uint32_t moving;
	if (replacing && ext2_lookup(&disk_ext2, &odir, oname, olen, &moving) == 0 && moving == target)
		return 0; /* the same file: nothing to do */
	if (replacing && (err = let_go(target)) < 0)
		return err;
	err = ext2_rename(&disk_ext2, &odir, oname, olen, &ndir, nname, nlen);
	if (err == 0 && replacing)
		cache_drop(target, 0); /* gone: its number may name another file next */
	refresh(&odir);
	refresh(&ndir);
	return err;
}

int diskfs_remove(const char *rest, int rmdir)
{
	struct ext2_inode dir;
	const char *name;
	size_t len;
	uint32_t ino;
	int err = parent_of(rest, &dir, &name, &len);
	if (err == 0 && !disk_ext2.writable)
		err = -EROFS;
	if (err < 0)
		return err;
	if ((err = ext2_lookup(&disk_ext2, &dir, name, len, &ino)) < 0 || (err = let_go(ino)) < 0)
		return err;
	if ((err = ext2_unlink(&disk_ext2, &dir, name, len, rmdir)) == 0)
		cache_drop(ino, 0); /* the inode number may name another file next */
	refresh(&dir);
	return err;
}

void diskfs_close(struct dnode *d)
{
	if (--d->opens > 0 || d->pmo >= 0)
		return;
	struct dnode **p = &dnodes;
	while (*p != d)
		p = &(*p)->next;
	*p = d->next;
	predict_forget(&d->model); /* kept for a file of the same path, size and contents */
	free(d);
}

ssize_t diskfs_read_with(struct dnode *d, uint64_t off, size_t len, tmpfs_move_fn move, void *arg)
{
	if (diskfs_is_dir(d))
		return -EISDIR;
	if (off >= d->in.size)
		return 0;
	if (len > d->in.size - off)
		len = (size_t)(d->in.size - off);
	size_t done = 0;
	while (done < len) {
		uint64_t pos = off + done;
		size_t in_page = (size_t)(pos % CACHE_PAGE);
		size_t chunk =
		    CACHE_PAGE - in_page < len - done ? CACHE_PAGE - in_page : len - done;
		int err;
		char *page = (char *)dnode_page(d, pos / CACHE_PAGE, &err);
		ssize_t got = page ? move(arg, done, page + in_page, chunk) : err;
		if (got < 0)
			return done ? (ssize_t)done : got;
		done += (size_t)got;
		if ((size_t)got < chunk)
			break;
	}
	return (ssize_t)done;
}

static ssize_t copy_out(void *buf, size_t done, void *file, size_t n)
{
	memcpy((char *)buf + done, file, n);
	return (ssize_t)n;
}

long diskfs_read(struct dnode *d, uint64_t off, void *buf, size_t len)
{
	return diskfs_read_with(d, off, len, copy_out, buf);
}

int diskfs_readdir(struct dnode *d, uint64_t index, struct fs_dirent *e)
{
	if (!diskfs_is_dir(d))
		return -ENOTDIR;
	if (index < d->dir_index) { /* back to the start */
		d->dir_index = 0;
		d->dir_pos = 0;
	}
	struct ext2_dirent de;
	int r;
	while ((r = ext2_dir_next(&disk_ext2, &d->in, &d->dir_pos, &de)) > 0) {
		/* Left out: the directory's own names (ext2's longest name is
		 * the protocol's, FS_NAME_MAX). */
		if (strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0)
			continue;
		if (d->dir_index++ < index)
			continue;
		memset(e, 0, sizeof(*e));
		e->ino = de.ino;
		e->type = de.type == EXT2_FT_DIR ? FS_TYPE_DIR : FS_TYPE_FILE;
		strcpy(e->name, de.name);
		return 1;
	}
	return r;
}

static void stat_of(const struct ext2_inode *in, struct fs_stat *st)
{
	int dir = (in->mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	st->size = dir ? 0 : in->size;
	st->ino = in->ino;
	st->type = dir ? FS_TYPE_DIR : FS_TYPE_FILE;
	st->nlink = in->links;
	st->mode = in->mode & 07777;
	st->atime = in->atime;
	st->mtime = in->mtime;
	st->ctime = in->ctime;
}

void diskfs_stat(const struct dnode *d, struct fs_stat *st)
{
	stat_of(&d->in, st);
}

int diskfs_stat_path(const char *rest, struct fs_stat *st)
{
	struct ext2_inode in;
	int err = ext2_walk(&disk_ext2, rest, &in);
	if (err == 0)
		stat_of(&in, st);
	return err;
}

int diskfs_statfs(const char *rest, struct fs_statfs *out)
{
	struct ext2_inode in;
	struct ext2_space sp;
	int err = rest ? ext2_walk(&disk_ext2, rest, &in) : 0; /* the path must be there */
	if (err == 0)
		err = ext2_space(&disk_ext2, &sp);
	if (err)
		return err;
	*out = (struct fs_statfs){
	    .block_size = disk_ext2.block_size,
	    .blocks = sp.blocks,
	    .free_blocks = sp.free_blocks,
	    .avail_blocks = sp.free_blocks > sp.reserved_blocks ? sp.free_blocks - sp.reserved_blocks : 0,
	    .files = sp.inodes,
	    .free_files = sp.free_inodes,
	    .fsid = 2, /* tmpfs is 1 */
	    .type = FS_STATFS_EXT2,
	    .flags = disk_ext2.writable ? 0 : FS_STATFS_RDONLY,
	    .name_max = EXT2_NAME_MAX,
	};
	return 0;
}

uint64_t diskfs_size(const struct dnode *d)
{
	return d->in.size;
}

int diskfs_is_dir(const struct dnode *d)
{
	return (d->in.mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

/* The open or mapped file a pager file id names (DISKFS_FILE_ID | its
 * inode), or NULL. */
struct dnode *dnode_of_file(uint64_t file_id)
{
	bool ours = (file_id & DISKFS_FILE_ID) && file_id <= UINT32_MAX + DISKFS_FILE_ID;
	return mounted && ours ? dnode_of((uint32_t)file_id) : NULL;
}

size_t diskfs_prefetch_max(void)
{
	size_t most = cache_size / 4 ? cache_size / 4 : 1;
	return most < BOWER_PAGER_MAX_BATCH - 1 ? most : BOWER_PAGER_MAX_BATCH - 1;
}
