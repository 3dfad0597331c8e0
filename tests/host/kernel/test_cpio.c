/*
 * test_cpio.c - the newc reader on a real archive and on damaged ones.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <stdio.h>
#include "check.h"
#include "cpio.h"

static unsigned char *sample(size_t *size)
{
	unsigned char *a = check_read_file(TEST_DATA_DIR "/sample.cpio", size);
	CHECK(a != NULL);
	return a;
}

static void test_real_archive_lists_every_entry(void)
{
	size_t size;
	unsigned char *a = sample(&size);
	struct cpio_iter it;
	struct cpio_entry e;
	/* GNU cpio stores names without the leading "./" that find gave it. */
	const char *want[] = {"empty", "greeting", "sub", "sub/file"};
	int n = 0, r;
	cpio_iter_init(&it, a, size);
	while ((r = cpio_next(&it, &e)) == 1) {
		if (n < 4)
			CHECK(strcmp(e.name, want[n]) == 0);
		n++;
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(n, 4);
	free(a);
}

static void test_find_returns_contents(void)
{
	size_t size, len;
	const void *data;
	unsigned char *a = sample(&size);
	CHECK_EQ(cpio_find(a, size, "greeting", &data, &len), 0);
	CHECK_EQ(len, 15);
	CHECK(memcmp(data, "hello, archive\n", 15) == 0);
	CHECK_EQ(cpio_find(a, size, "./sub/file", &data, &len), 0);
	CHECK(len == 4 && memcmp(data, "deep", 4) == 0);
	CHECK_EQ(cpio_find(a, size, "empty", &data, &len), 0);
	CHECK_EQ(len, 0);
	CHECK_EQ(cpio_find(a, size, "missing", &data, &len), CPIO_ENOENT);
	free(a);
}

static void test_every_truncation_is_an_error(void)
{
	size_t size, len;
	const void *data;
	unsigned char *a = sample(&size);
	/* cpio pads the archive to a block after the trailer: cuts in the
	 * padding leave a whole archive. */
	const unsigned char *t = memmem(a, size, "TRAILER!!!", 11);
	CHECK(t != NULL);
	/* The trailer's header (110 bytes) and name (11), padded to 4: 124. */
	size_t whole = (size_t)(t - a) - 110 + 124;
	for (size_t cut = 0; cut < size; cut++) {
		/* Searching for a missing name walks the whole archive. */
		int r = cpio_find(a, cut, "missing", &data, &len);
		int want_error = cut < whole;
		if (want_error ? (r != CPIO_ETRUNC && r != CPIO_ENOTRAILER) : r != CPIO_ENOENT) {
			char msg[64];
			snprintf(msg, sizeof(msg), "cut at %zu gave %d", cut, r);
			check_fail(__FILE__, __LINE__, msg);
		}
	}
	free(a);
}

static void test_corrupt_headers_are_refused(void)
{
	size_t size, len;
	const void *data;
	unsigned char *a = sample(&size);
	unsigned char *b = malloc(size);

	memcpy(b, a, size);
	b[0] = 'X';
	CHECK_EQ(cpio_find(b, size, "greeting", &data, &len), CPIO_EMAGIC);

	memcpy(b, a, size);
	b[6 + 6 * 8] = 'g'; /* filesize field of the first entry */
	CHECK_EQ(cpio_find(b, size, "greeting", &data, &len), CPIO_EHEX);

	memcpy(b, a, size);
	memcpy(b + 6 + 6 * 8, "7fffffff", 8); /* a huge file size */
	CHECK_EQ(cpio_find(b, size, "greeting", &data, &len), CPIO_ETRUNC);

	memcpy(b, a, size);
	memcpy(b + 6 + 11 * 8, "00000000", 8); /* name size 0 */
	CHECK_EQ(cpio_find(b, size, "greeting", &data, &len), CPIO_ENAME);

	memcpy(b, a, size);
	memcpy(b + 6 + 11 * 8, "00000003", 8); /* name "./e" without its NUL */
	CHECK_EQ(cpio_find(b, size, "greeting", &data, &len), CPIO_ENAME);

	memcpy(b, a, size);
	memcpy(b + 6 + 11 * 8, "ffffffff", 8); /* name far past the end */
	CHECK_EQ(cpio_find(b, size, "greeting", &data, &len), CPIO_ETRUNC);

	CHECK(strlen(cpio_strerror(CPIO_ETRUNC)) > 0);
	free(a);
	free(b);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_real_archive_lists_every_entry),
    CHECK_TEST(test_find_returns_contents),
    CHECK_TEST(test_every_truncation_is_an_error),
    CHECK_TEST(test_corrupt_headers_are_refused),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("cpio", tests, argc, argv);
}
