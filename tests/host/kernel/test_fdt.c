/*
 * test_fdt.c - the device tree reader on QEMU's own tree for the virt
 * machine (made with -m 256M -append "hello world") and on damaged copies.
 */
#include <stdlib.h>
#include <stdio.h>
#include "check.h"
#include "fdt.h"

static unsigned char *dtb(size_t *size)
{
	unsigned char *buf = check_read_file(TEST_DATA_DIR "/virt.dtb", size);
	CHECK(buf != NULL);
	if (!buf) {
		*size = 64;
		return calloc(1, 64);
	}
	return buf;
}

static void test_memory_and_bootargs(void)
{
	size_t size;
	uint64_t base = 0, len = 0;
	unsigned char *b = dtb(&size);
	CHECK_EQ(fdt_check(b, size), 0);
	CHECK_EQ(fdt_memory(b, &base, &len), 0);
	CHECK_EQ(base, 0x40000000);
	CHECK_EQ(len, 256 << 20);
	const char *args = fdt_bootargs(b);
	CHECK(args != NULL && strcmp(args, "hello world") == 0);
	free(b);
}

static void test_blob_shorter_than_its_header_says(void)
{
	size_t size;
	unsigned char *b = dtb(&size);
	CHECK(fdt_check(b, size - 1) < 0);
	CHECK(fdt_check(b, 39) < 0);
	free(b);
}

static void test_bad_magic_and_version(void)
{
	size_t size;
	unsigned char *b = dtb(&size);
	b[0] ^= 0xff;
	CHECK(fdt_check(b, size) < 0);
	b[0] ^= 0xff;
	b[23] = 15; /* version 15 */
	CHECK(fdt_check(b, size) < 0);
	free(b);
}

static void test_random_damage_never_reads_outside(void)
{
	/* Under AddressSanitizer, any read past the blob would abort. The
	 * blob is copied into an allocation of exactly its size. */
	size_t size;
	unsigned char *orig = dtb(&size);
	srand(99);
	for (int round = 0; round < 3000; round++) {
		unsigned char *b = malloc(size);
		memcpy(b, orig, size);
		int flips = 1 + rand() % 4;
		for (int i = 0; i < flips; i++)
			b[rand() % size] = (unsigned char)rand();
		uint64_t base, len;
		if (fdt_check(b, size) == 0) {
			fdt_memory(b, &base, &len);
			fdt_bootargs(b);
		}
		free(b);
	}
	free(orig);
}

static void test_struct_block_overrun_is_refused(void)
{
	size_t size;
	unsigned char *b = dtb(&size);
	/* size_dt_struct (offset 36) claims more than the blob holds. */
	b[36] = 0x7f;
	CHECK(fdt_check(b, size) < 0);
	free(b);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_memory_and_bootargs),
    CHECK_TEST(test_blob_shorter_than_its_header_says),
    CHECK_TEST(test_bad_magic_and_version),
    CHECK_TEST(test_random_damage_never_reads_outside),
    CHECK_TEST(test_struct_block_overrun_is_refused),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("fdt", tests, argc, argv);
}
