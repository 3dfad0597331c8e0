/*
 * cpio.c - the "newc" (SVR4, no CRC) cpio format.
 *
 * Each entry: a 110-byte header ("070701" and 13 fields of 8 hex digits),
 * the name (namesize bytes with its NUL) padded so the data starts on a
 * multiple of 4, the data padded to a multiple of 4. The archive ends with
 * an entry named TRAILER!!!. Offsets are size_t and every addition is
 * checked against the bytes left, so no length in the archive is trusted.
 */
#include "cpio.h"
#include <string.h>

#define HEADER_SIZE    110
#define FIELD_MODE     1
#define FIELD_FILESIZE 6
#define FIELD_NAMESIZE 11

static int hex_field(const uint8_t *hdr, unsigned field, uint32_t *out)
{
	uint32_t v = 0;
	const uint8_t *p = hdr + 6 + field * 8;
	for (unsigned i = 0; i < 8; i++) {
		uint8_t c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return CPIO_EHEX;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

void cpio_iter_init(struct cpio_iter *it, const void *archive, size_t size)
{
	it->archive = archive;
	it->size = size;
	it->offset = 0;
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *out)
{
	size_t left = it->size - it->offset;
	const uint8_t *hdr = it->archive + it->offset;
	uint32_t mode, filesize, namesize;
	int err;

	if (left == 0)
		return CPIO_ENOTRAILER;
	if (left < HEADER_SIZE)
		return CPIO_ETRUNC;
	if (memcmp(hdr, "070701", 6) != 0)
		return CPIO_EMAGIC;
	for (unsigned f = 0; f < 13; f++) {
		uint32_t ignored;
		if ((err = hex_field(hdr, f, &ignored)) < 0)
			return err;
	}
	hex_field(hdr, FIELD_MODE, &mode);
	hex_field(hdr, FIELD_FILESIZE, &filesize);
	hex_field(hdr, FIELD_NAMESIZE, &namesize);
	if (namesize == 0)
		return CPIO_ENAME;
	if (namesize > left - HEADER_SIZE)
		return CPIO_ETRUNC;
	const char *name = (const char *)hdr + HEADER_SIZE;
	if (name[namesize - 1] != '\0' || memchr(name, '\0', namesize) != name + namesize - 1)
		return CPIO_ENAME;
	size_t data_off = pad4(HEADER_SIZE + (size_t)namesize);
	if (data_off > left || filesize > left - data_off)
		return CPIO_ETRUNC;
	if (strcmp(name, "TRAILER!!!") == 0)
		return 0;
	out->name = name;
	out->mode = mode;
	out->data = hdr + data_off;
	out->size = filesize;
	size_t next = pad4(data_off + filesize);
	it->offset += next < left ? next : left;
	return 1;
}

const char *cpio_plain_name(const char *s)
{
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	return s;
}

int cpio_find(const void *archive, size_t size, const char *name, const void **data, size_t *len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int r;
	name = cpio_plain_name(name);
	cpio_iter_init(&it, archive, size);
	while ((r = cpio_next(&it, &e)) == 1) {
		if (strcmp(cpio_plain_name(e.name), name) == 0) {
			*data = e.data;
			*len = e.size;
			return 0;
		}
	}
	return r < 0 ? r : CPIO_ENOENT;
}

const char *cpio_strerror(int err)
{
	switch (err) {
	case CPIO_EMAGIC:
		return "bad header magic (not a newc cpio archive)";
	case CPIO_EHEX:
		return "header field is not hexadecimal";
	case CPIO_ETRUNC:
		return "entry runs past the end of the archive";
	case CPIO_ENAME:
		return "entry name is empty or not NUL-terminated";
	case CPIO_ENOENT:
		return "no such file in the archive";
	case CPIO_ENOTRAILER:
		return "archive ends without a trailer";
	}
	return "unknown cpio error";
}
