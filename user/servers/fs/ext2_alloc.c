/*
 * ext2_alloc.c - blocks and inodes taken and given back, with their
 * bitmaps and counts (ext2_alloc.h).
 *
 * A block or inode is marked in its bitmap, and the group descriptor's
 * and superblock's free counts changed, before anything points at it
 * (the callers see to that), and written through at once. What is counted
 * where (e2fsck checks each): the superblock's free blocks and inodes
 * (offsets 12, 16), each group descriptor's free blocks, free inodes and
 * directories (12, 14, 16). Blocks and inodes come from the first group
 * that has one free: simple, and good enough for the disks Bower boots.
 */
#include <string.h>
#include "ext2_alloc.h"

#define GROUP_DESC 32

/* Add delta to the little-endian counter of `bytes` bytes at off. */
int count_add(const struct ext2_fs *fs, uint64_t off, size_t bytes, int delta)
{
	uint32_t v = 0;
	int err = rd(fs, off, &v, bytes);
	if (err < 0)
		return err;
	v += (uint32_t)delta;
	return wr(fs, off, &v, bytes);
}

uint64_t gd_at(const struct ext2_fs *fs, uint32_t g)
{
	return (uint64_t)fs->gdt_block * fs->block_size + (uint64_t)g * GROUP_DESC;
}

/* Counts after one block (what = 0) or inode (what = 1) of group g is
 * taken (delta -1) or given back (+1). */
static int counts(const struct ext2_fs *fs, uint32_t g, int what, int delta)
{
	int err = count_add(fs, EXT2_SUPER_OFFSET + 12 + 4 * what, 4, delta);
	return err < 0 ? err : count_add(fs, gd_at(fs, g) + 12 + 2 * what, 2, delta);
}

/* Set (or clear) bit `bit` of the bitmap whose block number is at byte
 * `field` of group g's descriptor: -EEXIST if it already was. */
static int bitmap_set(const struct ext2_fs *fs, uint32_t g, int field, uint32_t bit, int set)
{
	uint32_t map;
	uint8_t byte;
	int err = rd(fs, gd_at(fs, g) + field, &map, 4);
	if (err < 0)
		return err;
	if (map < fs->first_data_block || map >= fs->blocks)
		return -EIO;
	uint64_t off = (uint64_t)map * fs->block_size + bit / 8;
	if ((err = rd(fs, off, &byte, 1)) < 0)
		return err;
	uint8_t mask = (uint8_t)(1u << (bit % 8));
	if (!!(byte & mask) == !!set)
		return -EEXIST;
	byte = set ? byte | mask : byte & ~mask;
	return wr(fs, off, &byte, 1);
}

/* A clear bit among the first n of group g's bitmap at `field`, set. */
static int bitmap_take(const struct ext2_fs *fs, uint32_t g, int field, uint32_t n, uint32_t *bit)
{
	uint32_t map;
	uint8_t buf[256];
	int err = rd(fs, gd_at(fs, g) + field, &map, 4);
	if (err < 0)
		return err;
	if (map < fs->first_data_block || map >= fs->blocks)
		return -EIO;
	for (uint32_t at = 0; at < n; at += 8 * sizeof(buf)) {
		size_t bytes = (n - at + 7) / 8 < sizeof(buf) ? (n - at + 7) / 8 : sizeof(buf);
		if ((err = rd(fs, (uint64_t)map * fs->block_size + at / 8, buf, bytes)) < 0)
			return err;
		for (uint32_t i = 0; i < 8 * sizeof(buf) && at + i < n; i++)
			if (!(buf[i / 8] & (1u << (i % 8)))) {
				*bit = at + i;
				return bitmap_set(fs, g, field, *bit, 1);
			}
	}
	return -ENOSPC;
}

static uint32_t blocks_in_group(const struct ext2_fs *fs, uint32_t g)
{
	uint32_t left = fs->blocks - fs->first_data_block - g * fs->blocks_per_group;
	return left < fs->blocks_per_group ? left : fs->blocks_per_group;
}

#define BLOCKS 0 /* what take() takes: a block (bitmap, counts at these */
#define INODES 1 /* offsets of the descriptor), or an inode */

/* A free block or inode, from the first group that has one: marked in
 * its bitmap, counted; its group and number in the group. */
static int take(const struct ext2_fs *fs, int what, uint32_t *group, uint32_t *bit)
{
	for (uint32_t g = 0; g < fs->groups; g++) {
		uint16_t free;
		int err = rd(fs, gd_at(fs, g) + 12 + 2 * what, &free, 2);
		if (err < 0)
			return err;
		uint32_t n = what == INODES ? fs->inodes_per_group : blocks_in_group(fs, g);
		if (free == 0 || bitmap_take(fs, g, 4 * what, n, bit) < 0)
			continue;
		*group = g;
		return counts(fs, g, what, -1);
	}
	return -ENOSPC;
}

/* A free block, zeroed on the disk (a map block must read as holes). */
int block_alloc(const struct ext2_fs *fs, uint32_t *b)
{
	static const uint8_t zeros[1024];
	uint32_t g, bit;
	int err = take(fs, BLOCKS, &g, &bit);
	if (err < 0)
		return err;
	*b = fs->first_data_block + g * fs->blocks_per_group + bit;
	for (uint32_t at = 0; at < fs->block_size && err == 0; at += sizeof(zeros))
		err = wr(fs, (uint64_t)*b * fs->block_size + at, zeros, sizeof(zeros));
	return err;
}

int block_free(const struct ext2_fs *fs, uint32_t b)
{
	if (b < fs->first_data_block || b >= fs->blocks)
		return -EIO;
	uint32_t rel = b - fs->first_data_block, g = rel / fs->blocks_per_group;
	int err = bitmap_set(fs, g, 0, rel % fs->blocks_per_group, 0);
	return err < 0 ? err : counts(fs, g, BLOCKS, +1);
}

uint64_t inode_off(const struct ext2_fs *fs, uint32_t ino, int *err)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group, table;
	*err = rd(fs, gd_at(fs, g) + 8, &table, 4);
	return (uint64_t)table * fs->block_size +
	       (uint64_t)((ino - 1) % fs->inodes_per_group) * fs->inode_size;
}

/* A new inode (in the first group with one free), its record cleared. */
int inode_alloc(const struct ext2_fs *fs, uint16_t mode, struct ext2_inode *out)
{
	uint32_t g, bit;
	int err = take(fs, INODES, &g, &bit);
	if (err < 0)
		return err;
	uint32_t ino = g * fs->inodes_per_group + bit + 1;
	if (ino > fs->inodes)
		return -EIO; /* the last group's bitmap must mark what is past the count */
	if ((mode & EXT2_S_IFMT) == EXT2_S_IFDIR &&
	    (err = count_add(fs, gd_at(fs, g) + 16, 2, +1)) < 0)
		return err;
	uint64_t off = inode_off(fs, ino, &err);
	static const uint8_t zero[128];
	for (uint32_t at = 0; at < fs->inode_size && err == 0; at += sizeof(zero))
		err = wr(fs, off + at, zero, sizeof(zero));
	if (err == 0 && fs->inode_size > 128) /* the extra space mke2fs's inodes have */
		err = wr(fs, off + 128, &fs->extra_isize, 2);
	memset(out, 0, sizeof(*out));
	out->ino = ino;
	out->mode = mode;
	return err;
}

int inode_free(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	uint32_t g = (in->ino - 1) / fs->inodes_per_group;
	int err, dir = (in->mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	uint64_t off = inode_off(fs, in->ino, &err);
	/* The deletion time: now, or with no clock the file system's last
	 * write time. It must not look like an inode number, which e2fsck
	 * would take for a link in ext3's list of orphans. */
	uint32_t dtime = now(fs);
	uint16_t zero = 0;
	if (err == 0 && dtime <= fs->inodes)
		err = rd(fs, EXT2_SUPER_OFFSET + 48, &dtime, 4);
	if (dtime <= fs->inodes)
		dtime = fs->inodes + 1;
	if (err < 0 || (err = wr(fs, off + 20, &dtime, 4)) < 0 ||
	    (err = wr(fs, off + 26, &zero, 2)) < 0)
		return err;
	if ((err = bitmap_set(fs, g, 4, (in->ino - 1) % fs->inodes_per_group, 0)) < 0)
		return err;
	if ((err = counts(fs, g, INODES, +1)) < 0)
		return err;
	return dir ? count_add(fs, gd_at(fs, g) + 16, 2, -1) : 0;
}
