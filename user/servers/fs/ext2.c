/*
 * ext2.c - reading ext2: the superblock, group descriptors, inodes, the
 * block map (direct, indirect, double and triple indirect) and
 * directories. See ext2.h for the contract.
 *
 * The on-disk structures are little-endian; so are both machines this is
 * built for (AArch64 guests, x86-64 or AArch64 hosts), and fields are read
 * with memcpy from byte offsets, so nothing depends on the compiler's
 * struct layout. Offsets are those of the ext2 specification ("The Second
 * Extended File System", Dave Poirier) and of e2fsprogs' ext2_fs.h.
 *
 * What the disk says is checked where it is first used: the superblock and
 * every group descriptor at mount, an inode number before its inode is
 * read, a block number before its block is, a directory entry before its
 * name is. Metadata is read through dev->read (the caller caches it);
 * ext2_fill_page hands file blocks to dev->fill with the page they go to.
 */
#include <errno.h>
#include <string.h>
#include "ext2.h"

#define SUPER_OFFSET 1024
#define SUPER_MAGIC  0xef53
#define GROUP_DESC   32 /* bytes of a group descriptor (no 64bit feature) */
#define NDIRECT	     12

/* Features this reader understands; any other incompatible one refuses
 * the mount (a feature that changes the format makes every read wrong). */
#define INCOMPAT_FILETYPE  0x0002
#define COMPAT_HAS_JOURNAL 0x0004
#define RO_COMPAT_KNOWN	   0x0003 /* sparse_super, large_file */

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint16_t le16(const uint8_t *p)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return v;
}

/* A block number the file system has (0 is never one: it means a hole). */
static int block_ok(const struct ext2_fs *fs, uint32_t b)
{
	return b >= fs->first_data_block && b < fs->blocks;
}

static int check_super(struct ext2_fs *fs, const uint8_t *s, uint64_t disk_bytes, const char **why)
{
	if (le16(s + 56) != SUPER_MAGIC)
		return *why = "bad superblock magic (not an ext2 file system)", -EINVAL;
	if (le32(s + 76) != 1)
		return *why = "superblock revision is not 1", -EINVAL;
	uint32_t log = le32(s + 24);
	if (log > 2)
		return *why = "block size is not 1, 2 or 4 KiB", -EINVAL;
	fs->block_size = 1024u << log;
	fs->inodes = le32(s + 0);
	fs->blocks = le32(s + 4);
	fs->first_data_block = le32(s + 20);
	fs->blocks_per_group = le32(s + 32);
	fs->inodes_per_group = le32(s + 40);
	fs->inode_size = le16(s + 88);
	uint32_t incompat = le32(s + 96);
	fs->filetype = !!(incompat & INCOMPAT_FILETYPE);
	if (incompat & ~INCOMPAT_FILETYPE)
		return *why = "the file system uses features this reader lacks", -EINVAL;
	/* Written only if nothing needs keeping that the writer does not
	 * keep: a journal (compat), and read-only-compatible features other
	 * than sparse superblocks and large files. */
	fs->writable = !(le32(s + 92) & COMPAT_HAS_JOURNAL) && !(le32(s + 100) & ~RO_COMPAT_KNOWN);
	fs->extra_isize = le16(s + 0x15e);
	if (fs->first_data_block != (fs->block_size == 1024 ? 1u : 0u))
		return *why = "first data block does not match the block size", -EINVAL;
	if (fs->blocks <= fs->first_data_block + 1 || fs->inodes == 0)
		return *why = "no blocks or no inodes", -EINVAL;
	if ((uint64_t)fs->blocks * fs->block_size > disk_bytes)
		return *why = "the file system is larger than the disk", -EINVAL;
	uint32_t bits = fs->block_size * 8; /* what one bitmap block covers */
	if (fs->blocks_per_group == 0 || fs->blocks_per_group > bits || fs->inodes_per_group == 0 ||
	    fs->inodes_per_group > bits)
		return *why = "blocks or inodes per group out of range", -EINVAL;
	if (fs->inode_size < 128 || fs->inode_size > fs->block_size ||
	    (fs->inode_size & (fs->inode_size - 1)))
		return *why = "inode size out of range", -EINVAL;
	fs->groups =
	    (fs->blocks - fs->first_data_block + fs->blocks_per_group - 1) / fs->blocks_per_group;
	if ((uint64_t)fs->groups * fs->inodes_per_group < fs->inodes)
		return *why = "more inodes than the groups hold", -EINVAL;
	fs->gdt_block = fs->first_data_block + 1;
	uint64_t gdt_blocks =
	    ((uint64_t)fs->groups * GROUP_DESC + fs->block_size - 1) / fs->block_size;
	if (fs->gdt_block + gdt_blocks > fs->blocks)
		return *why = "group descriptors past the end", -EINVAL;
	return 0;
}

static uint64_t gd_offset(const struct ext2_fs *fs, uint32_t group)
{
	return (uint64_t)fs->gdt_block * fs->block_size + (uint64_t)group * GROUP_DESC;
}

/* Group g's inode table, checked to lie inside the file system. */
static int inode_table(const struct ext2_fs *fs, uint32_t g, uint32_t *table)
{
	uint8_t gd[GROUP_DESC];
	int err = fs->dev.read(fs->dev.ctx, gd_offset(fs, g), gd, sizeof(gd));
	if (err < 0)
		return err;
	uint64_t table_blocks =
	    ((uint64_t)fs->inodes_per_group * fs->inode_size + fs->block_size - 1) / fs->block_size;
	*table = le32(gd + 8);
	if (!block_ok(fs, *table) || *table + table_blocks > fs->blocks ||
	    !block_ok(fs, le32(gd + 0)) || !block_ok(fs, le32(gd + 4)))
		return -EIO;
	return 0;
}

int ext2_space(const struct ext2_fs *fs, struct ext2_space *out)
{
	uint8_t s[24];
	int err = fs->dev.read(fs->dev.ctx, SUPER_OFFSET, s, sizeof(s));
	if (err)
		return err;
	*out = (struct ext2_space){.blocks = le32(s + 4),
				   .reserved_blocks = le32(s + 8),
				   .free_blocks = le32(s + 12),
				   .inodes = le32(s + 0),
				   .free_inodes = le32(s + 16)};
	return 0;
}

int ext2_mount(struct ext2_fs *fs, const struct ext2_dev *dev, uint64_t disk_bytes,
	       const char **why)
{
	uint8_t s[1024];
	memset(fs, 0, sizeof(*fs));
	fs->dev = *dev;
	*why = "the superblock cannot be read";
	if (disk_bytes < SUPER_OFFSET + sizeof(s))
		return *why = "the disk is too small for a superblock", -EINVAL;
	int err = dev->read(dev->ctx, SUPER_OFFSET, s, sizeof(s));
	if (err < 0)
		return err;
	err = check_super(fs, s, disk_bytes, why);
	if (err < 0)
		return err;
	for (uint32_t g = 0; g < fs->groups; g++) {
		uint32_t table;
		err = inode_table(fs, g, &table);
		if (err == -EIO)
			return *why = "a group descriptor points past the end", -EINVAL;
		if (err < 0)
			return *why = "the group descriptors cannot be read", err;
	}
	struct ext2_inode root;
	err = ext2_inode_get(fs, EXT2_ROOT_INO, &root);
	if (err < 0 || (root.mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
		return *why = "the root inode is not a directory", -EINVAL;
	*why = NULL;
	return 0;
}

int ext2_inode_get(const struct ext2_fs *fs, uint32_t ino, struct ext2_inode *out)
{
	if (ino == 0 || ino > fs->inodes)
		return -EIO; /* a directory entry naming an inode that cannot be */
	uint32_t g = (ino - 1) / fs->inodes_per_group, table;
	int err = inode_table(fs, g, &table);
	if (err < 0)
		return err;
	uint8_t raw[128];
	uint64_t off = (uint64_t)table * fs->block_size +
		       (uint64_t)((ino - 1) % fs->inodes_per_group) * fs->inode_size;
	err = fs->dev.read(fs->dev.ctx, off, raw, sizeof(raw));
	if (err < 0)
		return err;
	memset(out, 0, sizeof(*out));
	out->ino = ino;
	out->mode = le16(raw + 0);
	out->links = le16(raw + 26);
	out->size = le32(raw + 4);
	out->sectors = le32(raw + 28);
	out->flags = le32(raw + 32);
	out->file_acl = le32(raw + 104);
	out->atime = le32(raw + 8);
	out->ctime = le32(raw + 12);
	out->mtime = le32(raw + 16);
	if ((out->mode & EXT2_S_IFMT) == EXT2_S_IFREG)
		out->size |= (uint64_t)le32(raw + 108) << 32; /* large_file's high half */
	for (int i = 0; i < 15; i++)
		out->block[i] = le32(raw + 40 + 4 * i);
	return 0;
}

/* Entry idx of the block-map block b. */
static int map_entry(const struct ext2_fs *fs, uint32_t b, uint64_t idx, uint32_t *out)
{
	if (!block_ok(fs, b))
		return -EIO;
	uint8_t raw[4];
	int err = fs->dev.read(fs->dev.ctx, (uint64_t)b * fs->block_size + idx * 4, raw, 4);
	if (err < 0)
		return err;
	*out = le32(raw);
	return 0;
}

int ext2_bmap(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
	      uint32_t *block)
{
	uint64_t per = fs->block_size / 4; /* entries in a map block */
	uint32_t b;
	int depth;
	if (index < NDIRECT) {
		b = in->block[index];
		depth = 0;
	} else if ((index -= NDIRECT) < per) {
		b = in->block[12];
		depth = 1;
	} else if ((index -= per) < per * per) {
		b = in->block[13];
		depth = 2;
	} else if ((index -= per * per) < per * per * per) {
		b = in->block[14];
		depth = 3;
	} else {
		return -EFBIG;
	}
	/* Down the tree: at each level the entry index picks the next block. */
	for (int level = depth; level > 0 && b; level--) {
		uint64_t span = 1;
		for (int i = 1; i < level; i++)
			span *= per;
		int err = map_entry(fs, b, index / span, &b);
		if (err < 0)
			return err;
		index %= span;
	}
	if (b && !block_ok(fs, b))
		return -EIO;
	*block = b;
	return 0;
}

/* Fill (or store, if writing) each run of the page's blocks that follow
 * each other on the disk, one request each, inside the file's size;
 * holes are left alone. */
static int page_runs(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
		     uint8_t *p, int writing)
{
	uint32_t bs = fs->block_size, per_page = EXT2_PAGE / bs;
	uint64_t start = index * EXT2_PAGE;
	if (index > UINT64_MAX / EXT2_PAGE || start >= in->size)
		return 0;
	/* Blocks that follow each other on the disk go in one request. */
	uint32_t run_first = 0, run_len = 0, run_at = 0;
	for (uint32_t j = 0; j <= per_page; j++) {
		uint32_t b = 0;
		if (j < per_page && start + (uint64_t)j * bs < in->size) {
			int err = ext2_bmap(fs, in, index * per_page + j, &b);
			if (err < 0)
				return err;
		}
		if (run_len && b == run_first + run_len && b) {
			run_len++;
			continue;
		}
		if (run_len) {
			uint64_t off = (uint64_t)run_first * bs;
			size_t at = (size_t)run_at * bs, len = (size_t)run_len * bs;
			int err = writing ? fs->dev.store(fs->dev.ctx, off, p + at, len)
					  : fs->dev.fill(fs->dev.ctx, off, p + at, len);
			if (err < 0)
				return err;
		}
		run_first = b;
		run_len = b ? 1 : 0;
		run_at = j;
	}
	return 0;
}

int ext2_fill_page(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
		   void *page)
{
	uint8_t *p = page;
	uint64_t start = index * EXT2_PAGE;
	memset(p, 0, EXT2_PAGE);
	int err = page_runs(fs, in, index, p, 0);
	if (err < 0 || index > UINT64_MAX / EXT2_PAGE || start >= in->size)
		return err;
	if (in->size - start < EXT2_PAGE) /* past the end reads as zeros */
		memset(p + (in->size - start), 0, EXT2_PAGE - (size_t)(in->size - start));
	return 0;
}

int ext2_store_page(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
		    const void *page)
{
	if (!fs->dev.store)
		return -EROFS;
	return page_runs(fs, in, index, (uint8_t *)page, 1);
}

long ext2_read(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t off, void *buf,
	       size_t len)
{
	if (off >= in->size)
		return 0;
	if (len > in->size - off)
		len = (size_t)(in->size - off);
	uint32_t bs = fs->block_size;
	for (size_t done = 0; done < len;) {
		uint64_t pos = off + done;
		size_t in_block = (size_t)(pos % bs);
		size_t chunk = bs - in_block < len - done ? bs - in_block : len - done;
		uint32_t b;
		int err = ext2_bmap(fs, in, pos / bs, &b);
		if (err < 0)
			return err;
		if (b)
			err = fs->dev.read(fs->dev.ctx, (uint64_t)b * bs + in_block,
					   (uint8_t *)buf + done, chunk);
		else
			memset((uint8_t *)buf + done, 0, chunk);
		if (err < 0)
			return err;
		done += chunk;
	}
	return (long)len;
}

int ext2_dir_next(const struct ext2_fs *fs, const struct ext2_inode *dir, uint64_t *pos,
		  struct ext2_dirent *e)
{
	uint32_t bs = fs->block_size;
	while (*pos < dir->size) {
		uint8_t h[8];
		uint64_t in_block = *pos % bs;
		if (in_block + sizeof(h) > bs)
			return -EIO;
		long got = ext2_read(fs, dir, *pos, h, sizeof(h));
		if (got < 0)
			return (int)got;
		uint32_t ino = le32(h);
		uint16_t rec_len = le16(h + 4);
		uint8_t name_len = h[6];
		/* An entry must lie in its block and hold its name. */
		if (got != sizeof(h) || rec_len < 8 || rec_len % 4 || in_block + rec_len > bs ||
		    (uint32_t)name_len + 8 > rec_len || ino > fs->inodes)
			return -EIO;
		uint64_t at = *pos;
		*pos += rec_len;
		if (ino == 0 || name_len == 0)
			continue; /* a free entry */
		got = ext2_read(fs, dir, at + 8, e->name, name_len);
		if (got < 0)
			return (int)got;
		if (got != name_len)
			return -EIO;
		e->name[name_len] = '\0';
		if (memchr(e->name, '\0', name_len) || memchr(e->name, '/', name_len))
			return -EIO;
		e->ino = ino;
		e->type = fs->filetype ? h[7] : 0;
		return 1;
	}
	return 0;
}

int ext2_lookup(const struct ext2_fs *fs, const struct ext2_inode *dir, const char *name,
		size_t len, uint32_t *ino)
{
	if ((dir->mode & EXT2_S_IFMT) != EXT2_S_IFDIR)
		return -ENOTDIR;
	if (len > EXT2_NAME_MAX)
		return -ENAMETOOLONG;
	struct ext2_dirent e;
	uint64_t pos = 0;
	int r;
	while ((r = ext2_dir_next(fs, dir, &pos, &e)) > 0)
		if (strlen(e.name) == len && memcmp(e.name, name, len) == 0) {
			*ino = e.ino;
			return 0;
		}
	return r < 0 ? r : -ENOENT;
}

int ext2_walk(const struct ext2_fs *fs, const char *path, struct ext2_inode *out)
{
	int err = ext2_inode_get(fs, EXT2_ROOT_INO, out);
	while (err == 0) {
		while (*path == '/')
			path++;
		size_t n = strcspn(path, "/");
		if (n == 0)
			return 0;
		if (n == 1 && path[0] == '.') {
			path++;
			continue;
		}
		uint32_t ino;
		err = ext2_lookup(fs, out, path, n, &ino);
		if (err == 0)
			err = ext2_inode_get(fs, ino, out);
		path += n;
	}
	return err;
}
