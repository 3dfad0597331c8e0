/*
 * ext2_alloc.h - what ext2_write.c and ext2_names.c share: the disk's
 * bytes, and blocks and inodes taken and given back (ext2_alloc.c). Not
 * an interface of its own: ext2.h is. Functions return 0 or -errno.
 */
#ifndef EXT2_ALLOC_H
#define EXT2_ALLOC_H

#include <errno.h>
#include "ext2.h"

#define EXT2_SUPER_OFFSET 1024

static inline int rd(const struct ext2_fs *fs, uint64_t off, void *p, size_t n)
{
	return fs->dev.read(fs->dev.ctx, off, p, n);
}

static inline int wr(const struct ext2_fs *fs, uint64_t off, const void *p, size_t n)
{
	return fs->dev.write ? fs->dev.write(fs->dev.ctx, off, p, n) : -EROFS;
}

static inline uint32_t now(const struct ext2_fs *fs)
{
	return fs->dev.now ? fs->dev.now(fs->dev.ctx) : 0;
}

/* Add delta to the little-endian counter of `bytes` bytes at off. */
int count_add(const struct ext2_fs *fs, uint64_t off, size_t bytes, int delta);
/* Where group g's descriptor is. */
uint64_t gd_at(const struct ext2_fs *fs, uint32_t g);
/* A free block (*b), zeroed on the disk, marked and counted. */
int block_alloc(const struct ext2_fs *fs, uint32_t *b);
int block_free(const struct ext2_fs *fs, uint32_t b);
/* Where inode ino's record is (*err: 0 or why not). */
uint64_t inode_off(const struct ext2_fs *fs, uint32_t ino, int *err);
/* A new inode of this mode, its record cleared, marked and counted (a
 * directory in its group's count of them too); and one given back. */
int inode_alloc(const struct ext2_fs *fs, uint16_t mode, struct ext2_inode *out);
int inode_free(const struct ext2_fs *fs, const struct ext2_inode *in);

#endif
