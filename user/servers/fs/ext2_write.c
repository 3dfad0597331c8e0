/*
 * ext2_write.c - changing a file's contents: blocks for its holes, its
 * bytes written, its size cut or grown (ext2.h), and its inode written.
 *
 * Every change is written through at once, in an order that keeps the
 * disk consistent between calls: a block is taken (ext2_alloc.c) and
 * zeroed before anything points at it, and unlinked from the map before
 * it is given back. There is no journal, so a crash in the middle of one
 * call can leave an allocated block nothing points at (e2fsck's "block
 * bitmap differences"), never a block that two files share. An inode's
 * i_blocks counts 512-byte units, its map blocks included.
 */
#include <string.h>
#include "ext2_alloc.h"

int ext2_inode_put(const struct ext2_fs *fs, const struct ext2_inode *in)
{
	if (in->ino == 0 || in->ino > fs->inodes)
		return -EIO;
	int err;
	uint64_t off = inode_off(fs, in->ino, &err);
	uint8_t raw[128];
	if (err < 0 || (err = rd(fs, off, raw, sizeof(raw))) < 0)
		return err;
	uint32_t lo = (uint32_t)in->size, hi = (uint32_t)(in->size >> 32);
	memcpy(raw + 0, &in->mode, 2);
	memcpy(raw + 4, &lo, 4);
	memcpy(raw + 26, &in->links, 2);
	memcpy(raw + 28, &in->sectors, 4);
	memcpy(raw + 32, &in->flags, 4);
	memcpy(raw + 40, in->block, sizeof(in->block));
	memcpy(raw + 108, &hi, 4);
	memcpy(raw + 8, &in->atime, 4);
	memcpy(raw + 12, &in->ctime, 4);
	memcpy(raw + 16, &in->mtime, 4);
	return wr(fs, off, raw, sizeof(raw));
}

int ext2_touch(const struct ext2_fs *fs, struct ext2_inode *in, int data)
{
	uint32_t t = now(fs);
	if (in->ctime == t && (!data || in->mtime == t))
		return 0;
	in->ctime = t;
	if (data)
		in->mtime = t;
	return ext2_inode_put(fs, in);
}

/* The entry slot of file block `index`: where its block number lives
 * (in the inode's block[] or in a map block), made if `make`. *where is
 * a disk byte offset, or 0 with *in_inode the index into block[]. */
static int slot_of(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t index, int make,
		   uint64_t *where, int *in_inode)
{
	uint64_t per = fs->block_size / 4, span = 1;
	int depth, top;
	if (index < 12) {
		*where = 0;
		*in_inode = (int)index;
		return 0;
	}
	index -= 12;
	if (index < per) {
		depth = 1;
		top = 12;
	} else if ((index -= per) < per * per) {
		depth = 2;
		top = 13;
		span = per;
	} else if ((index -= per * per) < per * per * per) {
		depth = 3;
		top = 14;
		span = per * per;
	} else {
		return -EFBIG;
	}
	uint32_t b = in->block[top];
	if (!b) {
		if (!make)
			return -ENOENT;
		int err = block_alloc(fs, &b);
		if (err < 0)
			return err;
		in->block[top] = b;
		in->sectors += fs->block_size / 512;
	}
	for (int level = depth; level > 1; level--, span /= per) {
		uint64_t at = (uint64_t)b * fs->block_size + (index / span) * 4;
		uint32_t next;
		int err = rd(fs, at, &next, 4);
		if (err < 0)
			return err;
		if (!next) {
			if (!make)
				return -ENOENT;
			if ((err = block_alloc(fs, &next)) < 0 || (err = wr(fs, at, &next, 4)) < 0)
				return err;
			in->sectors += fs->block_size / 512;
		} else if (next < fs->first_data_block || next >= fs->blocks) {
			return -EIO;
		}
		b = next;
		index %= span;
	}
	*where = (uint64_t)b * fs->block_size + index * 4;
	*in_inode = -1;
	return 0;
}

static int free_past(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t size);

/* Blocks for file blocks first .. last, where the file has holes. */
static int alloc_blocks(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t first,
			uint64_t last)
{
	for (uint64_t i = first; i <= last; i++) {
		uint32_t b;
		int err = ext2_bmap(fs, in, i, &b);
		if (err < 0)
			return err;
		if (b)
			continue;
		uint64_t where;
		int in_inode;
		if ((err = slot_of(fs, in, i, 1, &where, &in_inode)) < 0 ||
		    (err = block_alloc(fs, &b)) < 0)
			return err;
		if (in_inode >= 0)
			in->block[in_inode] = b;
		else if ((err = wr(fs, where, &b, 4)) < 0)
			return err;
		in->sectors += fs->block_size / 512;
	}
	return 0;
}

int ext2_alloc_range(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t off, uint64_t len)
{
	if (!fs->writable)
		return -EROFS;
	if (off + len < off)
		return -EFBIG;
	int err =
	    len ? alloc_blocks(fs, in, off / fs->block_size, (off + len - 1) / fs->block_size) : 0;
	if (err < 0) { /* out of room: what was taken past the end goes back */
		int undo = free_past(fs, in, in->size);
		return undo < 0 ? undo : (ext2_inode_put(fs, in), err);
	}
	if (off + len > in->size)
		in->size = off + len;
	return ext2_inode_put(fs, in);
}

long ext2_write(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t off, const void *buf,
		size_t len)
{
	int err = ext2_alloc_range(fs, in, off, len);
	uint32_t bs = fs->block_size;
	for (size_t done = 0; err == 0 && done < len;) {
		uint64_t pos = off + done;
		size_t chunk = bs - pos % bs < len - done ? bs - pos % bs : len - done;
		uint32_t b;
		if ((err = ext2_bmap(fs, in, pos / bs, &b)) == 0)
			err =
			    wr(fs, (uint64_t)b * bs + pos % bs, (const uint8_t *)buf + done, chunk);
		done += chunk;
	}
	if (err == 0 && len)
		err = ext2_touch(fs, in, 1);
	return err < 0 ? err : (long)len;
}

/* Free what the map tree under *ptr (depth levels; file blocks from base)
 * maps at or past file block keep, and *ptr itself if nothing is left. */
static int trim(const struct ext2_fs *fs, struct ext2_inode *in, uint32_t *ptr, int depth,
		uint64_t base, uint64_t keep)
{
	uint64_t per = fs->block_size / 4, cover = 1;
	for (int i = 0; i < depth; i++)
		cover *= per;
	if (!*ptr || base + cover <= keep)
		return 0;
	if (*ptr < fs->first_data_block || *ptr >= fs->blocks)
		return -EIO;
	int err, any = 0;
	for (uint64_t i = 0; depth > 0 && i < per; i++) {
		uint64_t at = (uint64_t)*ptr * fs->block_size + i * 4;
		uint32_t e, was;
		if ((err = rd(fs, at, &e, 4)) < 0)
			return err;
		was = e;
		if ((err = trim(fs, in, &e, depth - 1, base + i * (cover / per), keep)) < 0)
			return err;
		if (e != was && (err = wr(fs, at, &e, 4)) < 0)
			return err;
		any |= e != 0;
	}
	if (any)
		return 0;
	if ((err = block_free(fs, *ptr)) < 0)
		return err;
	*ptr = 0;
	in->sectors -= fs->block_size / 512;
	return 0;
}

/* Free every block holding bytes at or past size (in memory only: the
 * caller writes the inode). */
static int free_past(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t size)
{
	uint64_t per = fs->block_size / 4, keep = (size + fs->block_size - 1) / fs->block_size;
	int err = 0;
	for (int i = 0; i < 12 && err == 0; i++)
		err = trim(fs, in, &in->block[i], 0, (uint64_t)i, keep);
	if (err == 0)
		err = trim(fs, in, &in->block[12], 1, 12, keep);
	if (err == 0)
		err = trim(fs, in, &in->block[13], 2, 12 + per, keep);
	if (err == 0)
		err = trim(fs, in, &in->block[14], 3, 12 + per + per * per, keep);
	return err;
}

int ext2_truncate(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t size)
{
	if (!fs->writable)
		return -EROFS;
	int err = free_past(fs, in, size);
	if (err < 0)
		return err;
	/* The kept last block must read as zeros past the new end. */
	uint32_t b, tail = (uint32_t)(size % fs->block_size);
	static const uint8_t zeros[4096];
	if (size < in->size && tail && ext2_bmap(fs, in, size / fs->block_size, &b) == 0 && b &&
	    (err = wr(fs, (uint64_t)b * fs->block_size + tail, zeros, fs->block_size - tail)) < 0)
		return err;
	in->size = size;
	in->ctime = in->mtime = now(fs);
	return ext2_inode_put(fs, in);
}
