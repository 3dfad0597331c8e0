/*
 * image.h - an ext2 image in memory as the ext2 code's device
 * (struct ext2_dev), for the host tests: every access checked against the
 * image's size, the sector-only ones against the sector size, so a read
 * or write out of place is an error, and AddressSanitizer sees the rest.
 */
#ifndef TEST_EXT2_IMAGE_H
#define TEST_EXT2_IMAGE_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "ext2.h"

struct image {
	uint8_t *data;
	size_t size;
};

static int img_read(void *ctx, uint64_t off, void *dst, size_t len)
{
	struct image *im = ctx;
	if (off > im->size || len > im->size - off)
		return -EIO;
	memcpy(dst, im->data + off, len);
	return 0;
}

static int img_write(void *ctx, uint64_t off, const void *src, size_t len)
{
	struct image *im = ctx;
	if (off > im->size || len > im->size - off)
		return -EIO;
	memcpy(im->data + off, src, len);
	return 0;
}

/* The device takes whole sectors, a page at most. */
static int sectors_ok(uint64_t off, size_t len)
{
	return off % 512 == 0 && len % 512 == 0 && len > 0 && len <= EXT2_PAGE;
}

static int img_fill(void *ctx, uint64_t off, void *dst, size_t len)
{
	return sectors_ok(off, len) ? img_read(ctx, off, dst, len) : -EINVAL;
}

static int img_store(void *ctx, uint64_t off, const void *src, size_t len)
{
	return sectors_ok(off, len) ? img_write(ctx, off, src, len) : -EINVAL;
}

/* The image the build made called name (TEST_DATA_DIR/name). */
static struct image load(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	struct image im;
	im.data = check_read_file(path, &im.size);
	CHECK(im.data != NULL);
	return im;
}

/* The device over im: read-only, or writable too. */
static struct ext2_dev img_dev(struct image *im, int writable)
{
	struct ext2_dev dev = {.ctx = im, .read = img_read, .fill = img_fill};
	if (writable) {
		dev.write = img_write;
		dev.store = img_store;
	}
	return dev;
}

#endif
