/*
 * ext2.h - reading an ext2 file system (revision 1; 1, 2 and 4 KiB
 * blocks), as Debian's mke2fs makes it.
 *
 * Portable C with no OS calls: the file server links it over its block
 * device and page cache, and the host tests over an image in memory. The
 * disk is reached through two callbacks (struct ext2_dev), so that file
 * data can go straight into the page that will hold it (the file server
 * has the device write it there) while metadata goes through whatever
 * cache the caller keeps.
 *
 * Nothing on the disk is trusted: every block number is checked against
 * the file system's size, every inode number against its count, every
 * directory entry against its block, before it is used. A bad one is
 * -EIO (or, at mount, -EINVAL with the reason), never a read out of
 * bounds. All functions return 0 (or a count) or -errno.
 */
#ifndef EXT2_H
#define EXT2_H

#include <stddef.h>
#include <stdint.h>

#define EXT2_PAGE     4096
#define EXT2_ROOT_INO 2
#define EXT2_NAME_MAX 255

struct ext2_dev {
	void *ctx;
	/* Any len bytes of the disk from byte off into dst: 0 or -errno. */
	int (*read)(void *ctx, uint64_t off, void *dst, size_t len);
	/* Whole sectors (off and len multiples of 512) into dst, which is
	 * the page ext2_fill_page was given: 0 or -errno. */
	int (*fill)(void *ctx, uint64_t off, void *dst, size_t len);
	/* Writing (ext2_write.c): any len bytes from src to byte off, and
	 * whole sectors from the page ext2_store_page was given. NULL for a
	 * disk only read. */
	int (*write)(void *ctx, uint64_t off, const void *src, size_t len);
	int (*store)(void *ctx, uint64_t off, const void *src, size_t len);
	/* The time for inodes the writer changes, in seconds since 1970;
	 * NULL: 0. */
	uint32_t (*now)(void *ctx);
};

struct ext2_fs {
	struct ext2_dev dev;
	uint32_t block_size; /* bytes: 1024, 2048 or 4096 */
	uint32_t blocks;     /* s_blocks_count */
	uint32_t inodes;     /* s_inodes_count */
	uint32_t first_data_block;
	uint32_t blocks_per_group;
	uint32_t inodes_per_group;
	uint32_t inode_size;
	uint32_t groups;
	uint32_t gdt_block;   /* where the group descriptors start */
	int filetype;	      /* directory entries carry the file's type */
	int writable;	      /* no feature this writer does not keep (ext2_write.c) */
	uint16_t extra_isize; /* what a new inode's extra space says it is */
};

/* An inode as the file server uses it. */
struct ext2_inode {
	uint32_t ino;
	uint16_t mode; /* type (EXT2_S_IF*) and permissions */
	uint16_t links;
	uint64_t size;
	uint32_t sectors;   /* i_blocks: 512-byte units held, map blocks too */
	uint32_t flags;	    /* i_flags */
	uint32_t file_acl;  /* an extended attribute block, or 0 */
	uint32_t block[15]; /* 12 direct, indirect, double, triple */
	/* Seconds since 1970 (the device's `now`): last access (set when
	 * made, not by reads, as Linux's noatime), status change, data
	 * change. */
	uint32_t atime, ctime, mtime;
};

#define EXT2_S_IFMT  0xf000
#define EXT2_S_IFREG 0x8000
#define EXT2_S_IFDIR 0x4000

/* How big the file system is and what is free, as its superblock counts
 * (the writer keeps the counts with every change). */
struct ext2_space {
	uint64_t blocks, free_blocks, reserved_blocks; /* reserved: for root alone */
	uint64_t inodes, free_inodes;
};
int ext2_space(const struct ext2_fs *fs, struct ext2_space *out);

/* Read and check the superblock and the group descriptors of a disk of
 * disk_bytes bytes. On -EINVAL, *why says what is wrong with the image. */
int ext2_mount(struct ext2_fs *fs, const struct ext2_dev *dev, uint64_t disk_bytes,
	       const char **why);
/* Inode number ino (1 .. inodes), checked. */
int ext2_inode_get(const struct ext2_fs *fs, uint32_t ino, struct ext2_inode *out);
/* The disk block holding block `index` of the file: *block, 0 for a hole. */
int ext2_bmap(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
	      uint32_t *block);
/* Page `index` (EXT2_PAGE bytes) of the file into page: its blocks by the
 * device's fill callback, zeros for holes and past the end. */
int ext2_fill_page(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
		   void *page);
/* Write the blocks page `index` of the file has (not its holes) from
 * page, by the device's store callback. */
int ext2_store_page(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t index,
		    const void *page);
/* Up to len bytes of the file from off into buf (0 past the end). */
long ext2_read(const struct ext2_fs *fs, const struct ext2_inode *in, uint64_t off, void *buf,
	       size_t len);

struct ext2_dirent {
	uint32_t ino;
	uint8_t type; /* EXT2_FT_* (0: unknown) */
	char name[EXT2_NAME_MAX + 1];
};

#define EXT2_FT_REG 1
#define EXT2_FT_DIR 2

/* Walk a directory's entries from byte *pos: the next live one in *e and
 * *pos past it, 1; 0 at the end. */
int ext2_dir_next(const struct ext2_fs *fs, const struct ext2_inode *dir, uint64_t *pos,
		  struct ext2_dirent *e);
/* The inode number of name (len bytes) in dir. */
int ext2_lookup(const struct ext2_fs *fs, const struct ext2_inode *dir, const char *name,
		size_t len, uint32_t *ino);
/* The inode at path, relative to the root ("" and "/" are the root). */
int ext2_walk(const struct ext2_fs *fs, const char *path, struct ext2_inode *out);

/* Writing (ext2_write.c). Every change is written through at once, the
 * bitmaps, group descriptors and superblock's counts with it, so the disk
 * is consistent after each call (e2fsck -fn finds nothing). -EROFS when
 * the file system has a feature the writer does not keep. */
int ext2_inode_put(const struct ext2_fs *fs, const struct ext2_inode *in);
/* Blocks for bytes [off, off + len) of the file, allocated where it had
 * holes, and its size made off + len if that is more. */
int ext2_alloc_range(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t off, uint64_t len);
/* The data of in changed (mtime) or only its status (ctime): both times,
 * or ctime alone, made now, and the inode written if that changed them
 * (so a run of writes in one second writes it once). */
int ext2_touch(const struct ext2_fs *fs, struct ext2_inode *in, int data);
/* Write len bytes at off (ext2_alloc_range, then the bytes). */
long ext2_write(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t off, const void *buf,
		size_t len);
/* Make the file size bytes long, freeing the blocks past it. */
int ext2_truncate(const struct ext2_fs *fs, struct ext2_inode *in, uint64_t size);
/* A new file (EXT2_S_IFREG | perms) or directory (EXT2_S_IFDIR | perms)
 * named name (len bytes) in dir: *out. dir is updated too. */
int ext2_create(const struct ext2_fs *fs, struct ext2_inode *dir, const char *name, size_t len,
		uint16_t mode, struct ext2_inode *out);
/* Remove a file's name (its inode goes with its last link), or an empty
 * directory (rmdir: -ENOTEMPTY, -ENOTDIR as POSIX says). */
int ext2_unlink(const struct ext2_fs *fs, struct ext2_inode *dir, const char *name, size_t len,
		int rmdir);
/* Move oname in odir to nname in ndir, replacing a file there, or an
 * empty directory when a directory moves. */
int ext2_rename(const struct ext2_fs *fs, struct ext2_inode *odir, const char *oname, size_t olen,
		struct ext2_inode *ndir, const char *nname, size_t nlen);

#endif
