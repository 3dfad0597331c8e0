/*
 * test_ext2.c - the ext2 reader (user/servers/fs/ext2.c) on images made by
 * Debian's mke2fs from tests/host/ext2/make_tree.py's tree, with 1 KiB and
 * 4 KiB blocks, and on copies damaged on purpose: each damage is refused
 * with an error, never a read outside the image (AddressSanitizer watches).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "ext2.h"
#include "image.h"

static int mount(struct ext2_fs *fs, struct image *im, const char **why)
{
	struct ext2_dev dev = img_dev(im, 0);
	return ext2_mount(fs, &dev, im->size, why);
}

/* Load the image called name into *im and mount it as *fs. */
static void mount_image(const char *name, struct image *im, struct ext2_fs *fs)
{
	const char *why;
	*im = load(name);
	CHECK_EQ(mount(fs, im, &why), 0);
}

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 7 + i / 4096 + 13);
}

static const char *const images[] = {"1k.img", "4k.img"};

static void test_mounts_both_block_sizes(void)
{
	for (int k = 0; k < 2; k++) {
		struct image im;
		struct ext2_fs fs;
		mount_image(images[k], &im, &fs);
		CHECK_EQ(fs.block_size, k ? 4096 : 1024);
		CHECK(fs.filetype);
		free(im.data);
	}
}

static void test_reads_small_and_deep_files(void)
{
	for (int k = 0; k < 2; k++) {
		struct image im;
		struct ext2_fs fs;
		struct ext2_inode in;
		char buf[64] = {0};
		mount_image(images[k], &im, &fs);
		CHECK_EQ(ext2_walk(&fs, "/hello.txt", &in), 0);
		CHECK_EQ(in.size, 12);
		CHECK_EQ(ext2_read(&fs, &in, 0, buf, sizeof(buf)), 12);
		CHECK(strcmp(buf, "hello, disk\n") == 0);
		CHECK_EQ(ext2_read(&fs, &in, 12, buf, sizeof(buf)), 0);
		CHECK_EQ(ext2_walk(&fs, "sub/./deep//note", &in), 0);
		CHECK_EQ(ext2_read(&fs, &in, 0, buf, sizeof(buf)), 5);
		CHECK(memcmp(buf, "deep\n", 5) == 0);
		CHECK_EQ(ext2_walk(&fs, "/sub/deep/../deep/note", &in), 0);
		CHECK_EQ(ext2_walk(&fs, "/nothing", &in), -ENOENT);
		CHECK_EQ(ext2_walk(&fs, "/hello.txt/x", &in), -ENOTDIR);
		CHECK_EQ(ext2_walk(&fs, "/", &in), 0);
		CHECK_EQ(in.ino, EXT2_ROOT_INO);
		free(im.data);
	}
}

/* Every page of the 5 MiB file, through the fill path (its blocks reach
 * the double-indirect map with either block size). */
static void test_big_file_pages_through_every_map_level(void)
{
	static uint8_t page[EXT2_PAGE];
	for (int k = 0; k < 2; k++) {
		struct image im;
		struct ext2_fs fs;
		struct ext2_inode in;
		mount_image(images[k], &im, &fs);
		CHECK_EQ(ext2_walk(&fs, "/big", &in), 0);
		CHECK_EQ(in.size, 5 << 20);
		int wrong = 0;
		for (uint64_t p = 0; p < (5 << 20) / EXT2_PAGE; p++) {
			CHECK_EQ(ext2_fill_page(&fs, &in, p, page), 0);
			for (size_t i = 0; i < EXT2_PAGE; i++)
				wrong += page[i] != pattern(p * EXT2_PAGE + i);
		}
		CHECK_EQ(wrong, 0);
		CHECK_EQ(ext2_fill_page(&fs, &in, (5 << 20) / EXT2_PAGE, page), 0);
		CHECK_EQ(page[0], 0); /* past the end: zeros */
		uint8_t b[3];
		CHECK_EQ(ext2_read(&fs, &in, 4099, b, 3), 3); /* across no page line */
		CHECK(b[0] == pattern(4099) && b[2] == pattern(4101));
		free(im.data);
	}
}

static void test_hole_reads_as_zeros(void)
{
	static uint8_t page[EXT2_PAGE];
	struct image im;
	struct ext2_fs fs;
	struct ext2_inode in;
	mount_image("1k.img", &im, &fs);
	CHECK_EQ(ext2_walk(&fs, "/sparse", &in), 0);
	CHECK_EQ(in.size, (1 << 20) + 4096);
	CHECK_EQ(ext2_fill_page(&fs, &in, 3, page), 0);
	int nonzero = 0;
	for (size_t i = 0; i < EXT2_PAGE; i++)
		nonzero += page[i] != 0;
	CHECK_EQ(nonzero, 0);
	CHECK_EQ(ext2_fill_page(&fs, &in, 256, page), 0);
	CHECK_EQ(page[5], pattern((1 << 20) + 5));
	free(im.data);
}

static void test_directory_of_many_blocks(void)
{
	for (int k = 0; k < 2; k++) {
		struct image im;
		struct ext2_fs fs;
		struct ext2_inode dir;
		mount_image(images[k], &im, &fs);
		CHECK_EQ(ext2_walk(&fs, "/many", &dir), 0);
		struct ext2_dirent e;
		uint64_t pos = 0;
		int files = 0, dots = 0, r;
		while ((r = ext2_dir_next(&fs, &dir, &pos, &e)) == 1) {
			if (e.name[0] == '.')
				dots++;
			else
				files += e.type == EXT2_FT_REG && strncmp(e.name, "file", 4) == 0;
		}
		CHECK_EQ(r, 0);
		CHECK_EQ(files, 200);
		CHECK_EQ(dots, 2);
		struct ext2_inode in;
		char buf[8] = {0};
		CHECK_EQ(ext2_walk(&fs, "/many/file199", &in), 0);
		CHECK_EQ(ext2_read(&fs, &in, 0, buf, sizeof(buf)), 4);
		CHECK(strcmp(buf, "199\n") == 0);
		free(im.data);
	}
}

/* Where inode ino lies in the image (the test's own reading of the
 * layout, independent of the reader's). */
static uint8_t *inode_at(struct image *im, const struct ext2_fs *fs, uint32_t ino)
{
	uint32_t g = (ino - 1) / fs->inodes_per_group, table;
	memcpy(&table, im->data + fs->gdt_block * fs->block_size + g * 32 + 8, 4);
	return im->data + (uint64_t)table * fs->block_size +
	       (uint64_t)((ino - 1) % fs->inodes_per_group) * fs->inode_size;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Mount a fresh copy of the 1 KiB image after damage(): the result and why. */
static int mount_damaged(void (*damage)(struct image *, struct ext2_fs *), const char **why)
{
	struct image im = load("1k.img");
	struct ext2_fs fs;
	CHECK_EQ(mount(&fs, &im, why), 0);
	damage(&im, &fs);
	int r = mount(&fs, &im, why);
	free(im.data);
	return r;
}

static void bad_magic(struct image *im, struct ext2_fs *fs)
{
	(void)fs;
	im->data[1024 + 56] ^= 0xff;
}

static void bad_revision(struct image *im, struct ext2_fs *fs)
{
	(void)fs;
	put32(im->data + 1024 + 76, 0);
}

static void bigger_than_disk(struct image *im, struct ext2_fs *fs)
{
	put32(im->data + 1024 + 4, fs->blocks * 4);
}

static void bad_block_size(struct image *im, struct ext2_fs *fs)
{
	(void)fs;
	put32(im->data + 1024 + 24, 7);
}

static void table_past_end(struct image *im, struct ext2_fs *fs)
{
	put32(im->data + fs->gdt_block * fs->block_size + 8, fs->blocks + 100);
}

static void journal_feature(struct image *im, struct ext2_fs *fs)
{
	(void)fs;
	im->data[1024 + 96] |= 0x40; /* extents */
}

static void test_corrupt_superblocks_are_refused_with_a_reason(void)
{
	const char *why;
	CHECK_EQ(mount_damaged(bad_magic, &why), -EINVAL);
	CHECK(why && strstr(why, "magic"));
	CHECK_EQ(mount_damaged(bad_revision, &why), -EINVAL);
	CHECK(why && strstr(why, "revision"));
	CHECK_EQ(mount_damaged(bigger_than_disk, &why), -EINVAL);
	CHECK(why && strstr(why, "larger than the disk"));
	CHECK_EQ(mount_damaged(bad_block_size, &why), -EINVAL);
	CHECK(why && strstr(why, "block size"));
	CHECK_EQ(mount_damaged(table_past_end, &why), -EINVAL);
	CHECK(why && strstr(why, "group descriptor"));
	CHECK_EQ(mount_damaged(journal_feature, &why), -EINVAL);
	CHECK(why && strstr(why, "features"));
	struct image tiny = {.data = calloc(1, 1500), .size = 1500};
	struct ext2_fs fs;
	CHECK_EQ(mount(&fs, &tiny, &why), -EINVAL);
	CHECK(why && strstr(why, "too small"));
	free(tiny.data);
}

/* Damage to what a file or directory points at: mounting works, the use
 * of the damaged part is -EIO, everything else still reads. */
static void test_damaged_files_and_directories_are_eio(void)
{
	static uint8_t page[EXT2_PAGE];
	struct image im;
	struct ext2_fs fs;
	struct ext2_inode in, root, many;
	mount_image("1k.img", &im, &fs);
	CHECK_EQ(ext2_walk(&fs, "/hello.txt", &in), 0);
	put32(inode_at(&im, &fs, in.ino) + 40, fs.blocks + 5); /* block 0 past the end */
	CHECK_EQ(ext2_walk(&fs, "/hello.txt", &in), 0);
	char buf[16];
	CHECK_EQ(ext2_read(&fs, &in, 0, buf, sizeof(buf)), -EIO);
	CHECK_EQ(ext2_fill_page(&fs, &in, 0, page), -EIO);

	CHECK_EQ(ext2_walk(&fs, "/big", &in), 0); /* an indirect map's entry past the end */
	put32(im.data + (uint64_t)in.block[12] * fs.block_size, 0xfffffff0u);
	CHECK_EQ(ext2_fill_page(&fs, &in, 3, page), -EIO);
	CHECK_EQ(ext2_fill_page(&fs, &in, 2, page), 0);		    /* direct blocks still read */
	put32(inode_at(&im, &fs, in.ino) + 40 + 13 * 4, fs.blocks); /* the double map itself */
	CHECK_EQ(ext2_walk(&fs, "/big", &in), 0);
	CHECK_EQ(ext2_fill_page(&fs, &in, 100, page), -EIO);

	CHECK_EQ(ext2_walk(&fs, "/many", &many), 0); /* an entry naming no inode */
	uint8_t *blk = im.data + (uint64_t)many.block[0] * fs.block_size;
	uint16_t rec;
	memcpy(&rec, blk + 4, 2);
	put32(blk + rec, fs.inodes + 1); /* the entry after "." */
	CHECK_EQ(ext2_walk(&fs, "/many/file150", &in), -EIO);

	CHECK_EQ(ext2_walk(&fs, "/", &root), 0); /* an entry over its block's end */
	blk = im.data + (uint64_t)root.block[0] * fs.block_size;
	uint16_t over = (uint16_t)(fs.block_size + 4);
	memcpy(blk + 4, &over, 2);
	CHECK_EQ(ext2_walk(&fs, "/hello.txt", &in), -EIO);
	memcpy(blk + 4, "\x03\x00", 2); /* a length that is no multiple of 4 */
	uint64_t pos = 0;
	struct ext2_dirent e;
	CHECK_EQ(ext2_dir_next(&fs, &root, &pos, &e), -EIO);
	CHECK_EQ(ext2_inode_get(&fs, 0, &in), -EIO);
	CHECK_EQ(ext2_inode_get(&fs, fs.inodes + 1, &in), -EIO);
	free(im.data);
}

/* Random bytes in the metadata, thousands of times: whatever the reader
 * answers, it reads nothing outside the image (ASan) and does not hang. */
static void test_random_damage_never_reads_out_of_bounds(void)
{
	static uint8_t page[EXT2_PAGE];
	struct image orig = load("1k.img");
	struct image im = {.data = malloc(orig.size), .size = orig.size};
	uint32_t seed = 12345;
	int mounted = 0;
	for (int round = 0; round < 1500; round++) {
		memcpy(im.data, orig.data, orig.size);
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245 + 12345;
			size_t at = 1024 + (seed >> 8) % (96 * 1024); /* superblock to tables */
			im.data[at] ^= (uint8_t)(1u << (seed & 7));
		}
		struct ext2_fs fs;
		const char *why;
		if (mount(&fs, &im, &why) < 0) {
			CHECK(why != NULL);
			continue;
		}
		mounted++;
		const char *paths[] = {"/hello.txt", "/big", "/sparse", "/many/file123",
				       "/sub/deep/note"};
		for (int p = 0; p < 5; p++) {
			struct ext2_inode in;
			if (ext2_walk(&fs, paths[p], &in) == 0)
				for (uint64_t i = 0; i < 8; i++)
					ext2_fill_page(&fs, &in, i * 37, page);
		}
		struct ext2_inode dir;
		struct ext2_dirent e;
		uint64_t pos = 0;
		if (ext2_walk(&fs, "/many", &dir) == 0)
			for (int n = 0; n < 1000 && ext2_dir_next(&fs, &dir, &pos, &e) == 1; n++)
				;
	}
	CHECK(mounted > 0);
	free(im.data);
	free(orig.data);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_mounts_both_block_sizes),
    CHECK_TEST(test_reads_small_and_deep_files),
    CHECK_TEST(test_big_file_pages_through_every_map_level),
    CHECK_TEST(test_hole_reads_as_zeros),
    CHECK_TEST(test_directory_of_many_blocks),
    CHECK_TEST(test_corrupt_superblocks_are_refused_with_a_reason),
    CHECK_TEST(test_damaged_files_and_directories_are_eio),
    CHECK_TEST(test_random_damage_never_reads_out_of_bounds),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("ext2", tests, argc, argv);
}
