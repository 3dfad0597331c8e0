/*
 * diskfs.h - the disk's ext2 file system, mounted at /disk (tmpfs keeps
 * the rest of the tree). fs.c sends here every request whose path is in
 * /disk, and every request on a descriptor opened there.
 *
 * File data and metadata are read and written through the page cache
 * (cache.c), written through to the disk at once; a mapping of a disk
 * file is served with the cache's own pages. A disk the driver says is
 * read-only, or with features the writer does not keep, is mounted
 * read-only (EROFS). Functions return 0 (or a count) or -errno.
 */
#ifndef DISKFS_H
#define DISKFS_H

#include <stddef.h>
#include <stdint.h>
#include <bower/fs_proto.h>
#include "tmpfs.h"

#define DISKFS_MOUNT "/disk"
/* The pager's file ids of disk files: this bit and the inode number
 * (tmpfs's ids never have it). */
#define DISKFS_FILE_ID (1ull << 63)
/* The largest file written: as tmpfs's (1 TiB). */
#define EXT2_FILE_MAX (1ull << 40)

/* Mount the disk whose driver's port is in slot, with a cache of
 * cache_pages pages; says on the console what it found or why not. */
void diskfs_mount(int slot, size_t cache_pages);
/* Whether path lies in the mounted disk: then *rest is the path below
 * the mount point ("" for the mount point itself). */
int diskfs_path(const char *path, const char **rest);

struct dnode; /* an open file or directory of the disk */

int diskfs_open(const char *rest, int flags, struct dnode **out);
void diskfs_close(struct dnode *d);
long diskfs_read(struct dnode *d, uint64_t off, void *buf, size_t len);
/* The same with the data moved by `move` a page at a time, as
 * tmpfs_read_with and tmpfs_write_with do (bulk.c): a write that falls
 * short keeps what was moved, the size no further. */
ssize_t diskfs_read_with(struct dnode *d, uint64_t off, size_t len, tmpfs_move_fn move, void *arg);
ssize_t diskfs_write_with(struct dnode *d, uint64_t off, size_t len, tmpfs_move_fn move, void *arg);
/* Writing goes through at once: the blocks are allocated, the data goes
 * into the file's cache pages and from them to the disk. */
long diskfs_write(struct dnode *d, uint64_t off, const void *buf, size_t len);
int diskfs_truncate(struct dnode *d, uint64_t size);
int diskfs_mkdir(const char *rest);
/* unlink (rmdir 0) or rmdir: EBUSY while the file is open. */
int diskfs_remove(const char *rest, int rmdir);
/* What was written to d (NULL: to every file) is on the disk: the pages
 * its writable mappings dirtied written back, then the device's write
 * cache emptied (write() itself went through already). */
int diskfs_sync(const struct dnode *d);
/* The last mapping of a disk file's object went (BOWER_PAGER_MSG_UNUSED):
 * what its writable mappings wrote goes back to the disk. */
void diskfs_unused(uint64_t file_id);
/* rename within the disk: EBUSY if it would remove a file that is open. */
int diskfs_rename(const char *from, const char *to);
/* The index-th entry ("." and ".." left out): 1 and *e, 0 past the end. */
int diskfs_readdir(struct dnode *d, uint64_t index, struct fs_dirent *e);
void diskfs_stat(const struct dnode *d, struct fs_stat *st);
int diskfs_stat_path(const char *rest, struct fs_stat *st);
/* The disk's file system, as statvfs tells it, if rest (NULL: an open
 * file's, so no look) names something on it. */
int diskfs_statfs(const char *rest, struct fs_statfs *out);
uint64_t diskfs_size(const struct dnode *d);
int diskfs_is_dir(const struct dnode *d);
/* FS_MMAP of a disk file: a capability to its memory object (read-only:
 * a writable shared mapping is ENOTSUP). With llm, a MAP_LLM mapping: its
 * faults get predicted pages too, read from the disk into the cache. */
long diskfs_object_for(struct dnode *d, size_t len, int writable, int llm);
/* A fault on page index of the disk file with pager id file_id: the cache
 * page to map (lent to the file's object until the cache takes it back,
 * and held in the cache until diskfs_fault_done, so that the pages a
 * batch reads after it cannot take its place); -ENXIO past the end, -EIO
 * if it cannot be read. */
int diskfs_fault_page(uint64_t file_id, uint64_t index, void **page);
void diskfs_fault_done(void *page);
/* diskfs_fault_page for n pages at once: the pages not cached are read
 * together, several with the device at a time (disk_read_all); page[i]
 * and err[i] for each (a page with an error is not held). */
void diskfs_fault_pages(uint64_t file_id, const uint64_t *index, size_t n, void **page,
			int *err);
/* The disk file with pager id file_id: where its model hangs, and its
 * memory object's size in pages; NULL if there is no such file. */
struct file_model **diskfs_model(uint64_t file_id, size_t *pages);
/* Predicted pages one fault may read: a quarter of the cache, so that a
 * batch's pages, held until mapped, leave the cache room to work. */
size_t diskfs_prefetch_max(void);

#endif
