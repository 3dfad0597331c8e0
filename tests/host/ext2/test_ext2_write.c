/*
 * test_ext2_write.c - the ext2 writer (user/servers/fs/ext2_write.c) on
 * mke2fs's images with 1 KiB and 4 KiB blocks: files written through
 * every level of the block map, created, truncated, removed and renamed,
 * directories made, filled past a block, moved and removed; then the
 * reader finds what was written, and Debian's e2fsck -fn finds the image
 * clean and debugfs reads the files back, as real peers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "ext2.h"
#include "image.h"

static void mount_rw(const char *name, struct image *im, struct ext2_fs *fs)
{
	*im = load(name);
	struct ext2_dev dev = img_dev(im, 1);
	const char *why;
	CHECK_EQ(ext2_mount(fs, &dev, im->size, &why), 0);
	CHECK(fs->writable);
}

/* The image saved, and what a command on it (with %s for its path) exits
 * with; its output in out. */
static int peer(const struct image *im, const char *cmd, char *out, size_t len)
{
	char path[256], line[512];
	snprintf(path, sizeof(path), "%s/written.img", TEST_DATA_DIR);
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(im->data, 1, im->size, f) == im->size);
	fclose(f);
	snprintf(line, sizeof(line), cmd, path);
	FILE *p = popen(line, "r");
	size_t n = p ? fread(out, 1, len - 1, p) : 0;
	out[n] = '\0';
	int st = p ? pclose(p) : -1;
	return st;
}

static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 13 + i / 1000 + 5);
}

static struct ext2_inode at(const struct ext2_fs *fs, const char *path)
{
	struct ext2_inode in;
	memset(&in, 0, sizeof(in));
	CHECK_EQ(ext2_walk(fs, path, &in), 0);
	return in;
}

static void name_ops(struct ext2_fs *fs)
{
	struct ext2_inode root = at(fs, "/"), sub = at(fs, "/sub"), f, d, many;
	CHECK_EQ(ext2_create(fs, &root, "new.txt", 7, EXT2_S_IFREG | 0644, &f), 0);
	CHECK_EQ(ext2_write(fs, &f, 0, "written by the guest\n", 21), 21);
	CHECK_EQ(ext2_create(fs, &root, "new.txt", 7, EXT2_S_IFREG | 0644, &f), -EEXIST);
	CHECK_EQ(ext2_create(fs, &root, "newdir", 6, EXT2_S_IFDIR | 0755, &d), 0);
	CHECK_EQ(ext2_create(fs, &d, "inner", 5, EXT2_S_IFREG | 0644, &f), 0);
	CHECK_EQ(ext2_rename(fs, &root, "new.txt", 7, &d, "moved.txt", 9), 0);
	CHECK_EQ(ext2_unlink(fs, &root, "hello.txt", 9, 0), 0);
	CHECK_EQ(ext2_unlink(fs, &root, "hello.txt", 9, 0), -ENOENT);
	struct ext2_inode deep = at(fs, "/sub/deep");
	CHECK_EQ(ext2_unlink(fs, &sub, "deep", 4, 1), -ENOTEMPTY);
	CHECK_EQ(ext2_unlink(fs, &sub, "deep", 4, 0), -EISDIR);
	CHECK_EQ(ext2_unlink(fs, &deep, "note", 4, 1), -ENOTDIR);
	CHECK_EQ(ext2_unlink(fs, &deep, "note", 4, 0), 0);
	CHECK_EQ(ext2_unlink(fs, &sub, "deep", 4, 1), 0);
	root = at(fs, "/");
	CHECK_EQ(ext2_rename(fs, &root, "newdir", 6, &sub, "newdir", 6), 0); /* a directory moves */
	d = at(fs, "/sub/newdir");
	CHECK_EQ(ext2_rename(fs, &sub, "newdir", 6, &d, "x", 1), -EINVAL); /* under itself */
	many = at(fs, "/many");
	char name[48];
	for (int i = 0; i < 300; i++) { /* past the directory's blocks */
		snprintf(name, sizeof(name), "added-with-a-longer-name-%03d", i);
		CHECK_EQ(ext2_create(fs, &many, name, strlen(name), EXT2_S_IFREG | 0600, &f), 0);
	}
	for (int i = 0; i < 300; i += 3) {
		snprintf(name, sizeof(name), "added-with-a-longer-name-%03d", i);
		CHECK_EQ(ext2_unlink(fs, &many, name, strlen(name), 0), 0);
	}
	for (int i = 0; i < 200; i += 2) {
		snprintf(name, sizeof(name), "file%03d", i);
		CHECK_EQ(ext2_unlink(fs, &many, name, strlen(name), 0), 0);
	}
	CHECK_EQ(ext2_rename(fs, &many, "file001", 7, &many, "file003", 7), 0); /* replaces */
}

static void data_ops(struct ext2_fs *fs)
{
	static uint8_t buf[300 * 1024];
	struct ext2_inode sub = at(fs, "/sub"), w, big = at(fs, "/big");
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = pattern(i);
	CHECK_EQ(ext2_create(fs, &sub, "w", 1, EXT2_S_IFREG | 0644, &w), 0);
	CHECK_EQ(ext2_write(fs, &w, 0, buf, sizeof(buf)), (long)sizeof(buf));
	CHECK_EQ(ext2_write(fs, &w, 6 << 20, "end", 3),
		 3);				      /* a hole, then the triple map's reach */
	CHECK_EQ(ext2_truncate(fs, &big, 100001), 0); /* frees the double map */
	CHECK_EQ(ext2_truncate(fs, &w, 200000), 0);
	CHECK_EQ(ext2_truncate(fs, &w, 250000), 0); /* grows again: a hole */
}

static void check_back(const struct ext2_fs *fs)
{
	static uint8_t buf[300 * 1024];
	struct ext2_inode in = at(fs, "/sub/newdir/moved.txt");
	CHECK_EQ(ext2_read(fs, &in, 0, buf, 64), 21);
	CHECK(memcmp(buf, "written by the guest\n", 21) == 0);
	in = at(fs, "/sub/w");
	CHECK_EQ(in.size, 250000);
	CHECK_EQ(ext2_read(fs, &in, 0, buf, sizeof(buf)), 250000);
	int wrong = 0;
	for (size_t i = 0; i < 250000; i++)
		wrong += buf[i] != (i < 200000 ? pattern(i) : 0);
	CHECK_EQ(wrong, 0);
	CHECK_EQ(at(fs, "/big").size, 100001);
	struct ext2_inode probe;
	CHECK_EQ(ext2_walk(fs, "/hello.txt", &probe), -ENOENT);
	CHECK_EQ(ext2_walk(fs, "/many/file001", &probe), -ENOENT);
	CHECK_EQ(ext2_walk(fs, "/many/file003", &probe), 0);
	CHECK_EQ(ext2_walk(fs, "/many/added-with-a-longer-name-299", &probe), 0);
	CHECK_EQ(ext2_walk(fs, "/sub/newdir/..", &probe), 0);
	CHECK_EQ(probe.ino, at(fs, "/sub").ino);
}

static void test_writes_leave_a_clean_image(void)
{
	const char *images[] = {"1k.img", "4k.img"};
	for (int k = 0; k < 2; k++) {
		struct image im;
		struct ext2_fs fs;
		char out[4096];
		mount_rw(images[k], &im, &fs);
		name_ops(&fs);
		data_ops(&fs);
		check_back(&fs);
		int st = peer(&im, E2FSCK " -fn %s 2>&1", out, sizeof(out));
		if (st != 0)
			printf("%s", out);
		CHECK_EQ(st, 0);
		CHECK_EQ(peer(&im, DEBUGFS " -R 'cat /sub/newdir/moved.txt' %s 2>/dev/null", out,
			      sizeof(out)),
			 0);
		CHECK(strcmp(out, "written by the guest\n") == 0);
		free(im.data);
	}
}

static void test_full_disk_is_enospc_and_stays_clean(void)
{
	static uint8_t chunk[64 * 1024];
	struct image im;
	struct ext2_fs fs;
	char out[4096];
	mount_rw("1k.img", &im, &fs);
	struct ext2_inode root = at(&fs, "/"), f;
	CHECK_EQ(ext2_create(&fs, &root, "fill", 4, EXT2_S_IFREG | 0644, &f), 0);
	long r = 0;
	for (uint64_t off = 0; r >= 0 && off < (64u << 20); off += sizeof(chunk))
		r = ext2_write(&fs, &f, off, chunk, sizeof(chunk));
	CHECK_EQ(r, -ENOSPC);
	CHECK_EQ(ext2_truncate(&fs, &f, 0), 0); /* the size says what was really written */
	CHECK_EQ(ext2_unlink(&fs, &root, "fill", 4, 0), 0);
	int st = peer(&im, E2FSCK " -fn %s 2>&1", out, sizeof(out));
	if (st != 0)
		printf("%s", out);
	CHECK_EQ(st, 0);
	free(im.data);
}

/* The clock the writer stamps inodes with (ext2_dev.now). */
static uint32_t clock_now;
static uint32_t test_clock(void *ctx)
{
	(void)ctx;
	return clock_now;
}

/* Creation stamps all three times; a write, the data's and the status's;
 * a rename or a link lost, the status's; an entry added or removed, its
 * directory's; a removed inode, its deletion time. debugfs reads the
 * same numbers, and e2fsck -fn finds nothing wrong with them. */
static void test_times(void)
{
	struct image im;
	struct ext2_fs fs;
	char out[4096], cmd[160];
	im = load("1k.img");
	struct ext2_dev dev = img_dev(&im, 1);
	dev.now = test_clock;
	const char *why;
	CHECK_EQ(ext2_mount(&fs, &dev, im.size, &why), 0);
	struct ext2_inode root = at(&fs, "/"), sub = at(&fs, "/sub"), f;
	clock_now = 1700000000;
	CHECK_EQ(ext2_create(&fs, &root, "t", 1, EXT2_S_IFREG | 0644, &f), 0);
	f = at(&fs, "/t");
	CHECK_EQ(f.atime, 1700000000);
	CHECK_EQ(f.mtime, 1700000000);
	CHECK_EQ(f.ctime, 1700000000);
	CHECK_EQ(at(&fs, "/").mtime, 1700000000);
	clock_now = 1700000100;
	CHECK_EQ(ext2_write(&fs, &f, 0, "x", 1), 1);
	f = at(&fs, "/t");
	CHECK_EQ(f.mtime, 1700000100);
	CHECK_EQ(f.ctime, 1700000100);
	CHECK_EQ(f.atime, 1700000000); /* reads and writes leave it */
	clock_now = 1700000200;
	root = at(&fs, "/");
	CHECK_EQ(ext2_rename(&fs, &root, "t", 1, &sub, "t2", 2), 0);
	f = at(&fs, "/sub/t2");
	CHECK_EQ(f.ctime, 1700000200);
	CHECK_EQ(f.mtime, 1700000100);
	CHECK_EQ(at(&fs, "/sub").mtime, 1700000200);
	clock_now = 1700000300;
	CHECK_EQ(ext2_truncate(&fs, &f, 0), 0);
	CHECK_EQ(at(&fs, "/sub/t2").mtime, 1700000300);
	snprintf(cmd, sizeof(cmd), DEBUGFS " -R 'stat /sub/t2' %%s 2>/dev/null | grep -i time");
	CHECK_EQ(peer(&im, cmd, out, sizeof(out)), 0);
	/* debugfs prints the seconds in hex: 0x6553f22c is 1700000300 */
	CHECK(strstr(out, "mtime: 0x6553f22c") != NULL);
	CHECK(strstr(out, "ctime: 0x6553f22c") != NULL);
	CHECK(strstr(out, "atime: 0x6553f100") != NULL);
	clock_now = 1700000400;
	sub = at(&fs, "/sub");
	uint32_t ino = f.ino;
	CHECK_EQ(ext2_unlink(&fs, &sub, "t2", 2, 0), 0);
	snprintf(cmd, sizeof(cmd), DEBUGFS " -R 'stat <%u>' %%s 2>/dev/null | grep -i dtime", ino);
	CHECK_EQ(peer(&im, cmd, out, sizeof(out)), 0);
	CHECK(strstr(out, "dtime: 0x6553f290") != NULL);
	int st = peer(&im, E2FSCK " -fn %s 2>&1", out, sizeof(out));
	if (st != 0)
		printf("%s", out);
	CHECK_EQ(st, 0);
	free(im.data);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_writes_leave_a_clean_image),
    CHECK_TEST(test_full_disk_is_enospc_and_stays_clean),
    CHECK_TEST(test_times),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("ext2_write", tests, argc, argv);
}
