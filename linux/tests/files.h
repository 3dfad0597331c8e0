/*
 * files.h - test files whose every byte is known without reading them.
 *
 * Byte i of page p of a file made with seed s is a hash of (s, p, i), so a
 * test checks what a mapping shows against the formula, not against
 * another read of the same file through the same kernel.
 */
#ifndef BP_FILES_H
#define BP_FILES_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define TPAGE 4096

static inline unsigned char file_byte(uint32_t seed, uint32_t page, uint32_t i)
{
	uint32_t h = seed * 0x9e3779b1u ^ page * 0x85ebca6bu ^ (i >> 2) * 0xc2b2ae35u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return (unsigned char)(h >> (8 * (i & 3)));
}

/* Make path with `pages` pages of seed's contents: 0 or -1. */
static inline int file_make(const char *path, uint32_t pages, uint32_t seed)
{
	unsigned char buf[TPAGE];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (uint32_t p = 0; p < pages; p++) {
		for (uint32_t i = 0; i < TPAGE; i++)
			buf[i] = file_byte(seed, p, i);
		if (write(fd, buf, TPAGE) != TPAGE) {
			close(fd);
			return -1;
		}
	}
	return close(fd);
}

/* Does page p of the mapping at m hold seed's contents? */
static inline int page_ok(const unsigned char *m, uint32_t seed, uint32_t page)
{
	for (uint32_t i = 0; i < TPAGE; i++)
		if (m[(size_t)page * TPAGE + i] != file_byte(seed, page, i))
			return 0;
	return 1;
}

#endif
