/*
 * cpio.h - reading cpio "newc" archives (the initial ramdisk's format).
 *
 * Every header field, name and data size is checked against the archive's
 * length before use: a damaged archive gives an error code, never a read
 * outside it.
 */
#ifndef CPIO_H
#define CPIO_H

#include <stddef.h>
#include <stdint.h>

enum cpio_error {
	CPIO_EMAGIC = -1,    /* a header without the 070701 magic */
	CPIO_EHEX = -2,	     /* a header field that is not 8 hex digits */
	CPIO_ETRUNC = -3,    /* a header, name or data running past the end */
	CPIO_ENAME = -4,     /* a name without its NUL, or empty */
	CPIO_ENOENT = -5,    /* cpio_find: no such file */
	CPIO_ENOTRAILER = -6 /* the archive ends without TRAILER!!! */
};

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	uint32_t mode;
	const void *data;
	size_t size;
};

struct cpio_iter {
	const uint8_t *archive;
	size_t size;
	size_t offset;
};

void cpio_iter_init(struct cpio_iter *it, const void *archive, size_t size);
/* Next entry: 1 and *out, 0 at the trailer, or a negative cpio_error. */
int cpio_next(struct cpio_iter *it, struct cpio_entry *out);
/* Find a file by name ("./x" and "x" are the same): 0 with its data, or a
 * negative cpio_error. */
int cpio_find(const void *archive, size_t size, const char *name, const void **data, size_t *len);
const char *cpio_strerror(int err);
/* A member's name as cpio_find compares it: "./x" is "x". */
const char *cpio_plain_name(const char *name);

#endif
