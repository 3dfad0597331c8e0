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

/* QEMU virt's 32 virtio-mmio transports: 0x200 bytes each from 0x0a000000,
 * SPIs 16 to 47 (interrupt ids 48 to 79), listed from the highest address. */
static void test_virtio_mmio_devices(void)
{
	size_t size;
	unsigned char *b = dtb(&size);
	struct fdt_device devs[40];
	int n = fdt_devices(b, "virtio,mmio", devs, 40);
	CHECK_EQ(n, 32);
	unsigned long seen = 0;
	for (int i = 0; i < n && i < 40; i++) {
		uint64_t slot = (devs[i].base - 0x0a000000) / 0x200;
		CHECK(devs[i].base >= 0x0a000000 && slot < 32);
		CHECK_EQ(devs[i].base, 0x0a000000 + slot * 0x200);
		CHECK_EQ(devs[i].size, 0x200);
		CHECK_EQ(devs[i].irq, 48 + slot);
		seen |= 1UL << (slot & 31);
	}
	CHECK_EQ(seen, 0xffffffffUL);
	/* Only as many as asked for are stored; the count is still all. */
	CHECK_EQ(fdt_devices(b, "virtio,mmio", devs, 3), 32);
	CHECK_EQ(fdt_devices(b, "arm,pl011", devs, 1), 1);
	CHECK_EQ(devs[0].base, 0x09000000);
	CHECK_EQ(devs[0].irq, 33);
	CHECK_EQ(fdt_devices(b, "no,such-device", devs, 1), 0);
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
			struct fdt_device devs[4];
			fdt_devices(b, "virtio,mmio", devs, 4);
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

/* The tree is dumped with 4 CPUs (tests/host/kernel/build.mk). */
static void test_cpus_and_psci(void)
{
	size_t size;
	unsigned char *b = dtb(&size);
	struct fdt_cpu cpus[8];
	CHECK_EQ(fdt_cpus(b, cpus, 8), 4);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(cpus[i].mpidr, (uint64_t)i);
		CHECK_EQ(cpus[i].psci, 1);
	}
	CHECK_EQ(fdt_cpus(b, cpus, 1), 4);
	CHECK_EQ(fdt_psci_method(b), 'h');
	free(b);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_cpus_and_psci),
    CHECK_TEST(test_memory_and_bootargs),
    CHECK_TEST(test_virtio_mmio_devices),
    CHECK_TEST(test_blob_shorter_than_its_header_says),
    CHECK_TEST(test_bad_magic_and_version),
    CHECK_TEST(test_random_damage_never_reads_outside),
    CHECK_TEST(test_struct_block_overrun_is_refused),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("fdt", tests, argc, argv);
}
