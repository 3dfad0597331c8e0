/*
 * test_elf.c - the ELF checks on a real AArch64 executable, on this host's
 * own (x86-64) executable, and on systematic corruptions of the first.
 */
#include <stdlib.h>
#include <stdio.h>
#include "check.h"
#include "elf64.h"

#define USER_LIMIT 0x80000000ULL

static unsigned char *tiny(size_t *size)
{
	unsigned char *img = check_read_file(TEST_DATA_DIR "/tiny.elf", size);
	CHECK(img != NULL);
	return img;
}

static int check(const void *img, size_t size, const char **why)
{
	*why = "(none)";
	return elf64_check(img, size, USER_LIMIT, why);
}

static void test_real_executable_is_accepted(void)
{
	size_t size;
	const char *why;
	unsigned char *img = tiny(&size);
	CHECK_EQ(check(img, size, &why), 0);
	struct elf64_segment seg;
	int loads = 0, exec = 0;
	for (unsigned i = 0; elf64_load_segment(img, i, &seg) == 0; i++) {
		loads++;
		CHECK(seg.filesz <= seg.memsz);
		CHECK((const unsigned char *)seg.data + seg.filesz <= img + size);
		if (seg.flags & ELF64_PF_X) {
			exec++;
			CHECK(elf64_entry(img) >= seg.vaddr);
			CHECK(elf64_entry(img) < seg.vaddr + seg.memsz);
		}
	}
	CHECK(loads >= 1);
	CHECK_EQ(exec, 1);
	free(img);
}

static void test_host_executable_is_not_for_aarch64(void)
{
	size_t size;
	const char *why;
	unsigned char *img = check_read_file("/proc/self/exe", &size);
	CHECK(img != NULL);
	CHECK(check(img, size, &why) < 0);
	CHECK(strcmp(why, "not for AArch64") == 0 || strstr(why, "position-independent") != NULL);
	free(img);
}

static void test_text_is_not_elf(void)
{
	const char *why;
	const char *text = "This is not a program.\n";
	CHECK(check(text, strlen(text), &why) < 0);
	CHECK(strcmp(why, "not an ELF file") == 0);
	CHECK(check(text, 0, &why) < 0);
}

static void test_every_truncation_is_refused(void)
{
	size_t size;
	const char *why;
	unsigned char *img = tiny(&size);
	/* The last segment ends where the file's loaded bytes end; anything
	 * shorter than that cannot be accepted. */
	struct elf64_segment seg;
	size_t needed = 0;
	for (unsigned i = 0; elf64_load_segment(img, i, &seg) == 0; i++) {
		size_t end = (size_t)((const unsigned char *)seg.data - img) + seg.filesz;
		needed = end > needed ? end : needed;
	}
	for (size_t cut = 0; cut < needed; cut++)
		if (check(img, cut, &why) == 0) {
			char msg[64];
			snprintf(msg, sizeof(msg), "accepted when cut to %zu bytes", cut);
			check_fail(__FILE__, __LINE__, msg);
		}
	free(img);
}

static void corrupt_and_expect(size_t offset, const void *bytes, size_t n, const char *reason)
{
	size_t size;
	const char *why;
	unsigned char *img = tiny(&size);
	memcpy(img + offset, bytes, n);
	CHECK(check(img, size, &why) < 0);
	if (strstr(why, reason) == NULL) {
		char msg[160];
		snprintf(msg, sizeof(msg), "want reason '%s', got '%s'", reason, why);
		check_fail(__FILE__, __LINE__, msg);
	}
	free(img);
}

static void test_header_corruptions(void)
{
	struct elf64_ehdr eh;
	size_t size;
	unsigned char *img = tiny(&size);
	memcpy(&eh, img, sizeof(eh));
	free(img);

	corrupt_and_expect(0,
			   "\x7f"
			   "ELG",
			   4, "not an ELF file");
	corrupt_and_expect(4, "\x01", 1, "not a 64-bit");
	corrupt_and_expect(5, "\x02", 1, "little-endian");
	uint16_t dyn = 3, rel = 1, x86 = 62, bad_phentsize = 40, zero = 0;
	corrupt_and_expect(16, &dyn, 2, "position-independent");
	corrupt_and_expect(16, &rel, 2, "not an executable");
	corrupt_and_expect(18, &x86, 2, "not for AArch64");
	corrupt_and_expect(54, &bad_phentsize, 2, "program header size");
	corrupt_and_expect(56, &zero, 2, "no program headers");
	uint64_t far = 1ULL << 40;
	corrupt_and_expect(32, &far, 8, "program headers outside the file");
	uint64_t nowhere = 0x10;
	corrupt_and_expect(24, &nowhere, 8, "entry point");
}

/* Offset of the first PT_LOAD program header. */
static size_t first_load(const unsigned char *img)
{
	struct elf64_ehdr eh;
	memcpy(&eh, img, sizeof(eh));
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		size_t off = eh.e_phoff + i * sizeof(struct elf64_phdr);
		uint32_t type;
		memcpy(&type, img + off, 4);
		if (type == 1)
			return off;
	}
	return 0;
}

static void test_segment_corruptions(void)
{
	size_t size;
	unsigned char *img = tiny(&size);
	size_t ph = first_load(img);
	struct elf64_phdr p;
	memcpy(&p, img + ph, sizeof(p));
	free(img);
	CHECK(ph != 0);

	uint64_t v;
	v = p.p_memsz + 1;
	corrupt_and_expect(ph + offsetof(struct elf64_phdr, p_filesz), &v, 8, "more file bytes");
	v = (uint64_t)size;
	corrupt_and_expect(ph + offsetof(struct elf64_phdr, p_offset), &v, 8, "outside the file");
	v = ~0ULL - 10;
	corrupt_and_expect(ph + offsetof(struct elf64_phdr, p_memsz), &v, 8, "outside user space");
	v = USER_LIMIT;
	corrupt_and_expect(ph + offsetof(struct elf64_phdr, p_vaddr), &v, 8, "outside user space");
	v = p.p_vaddr + 8;
	corrupt_and_expect(ph + offsetof(struct elf64_phdr, p_vaddr), &v, 8,
			   "modulo the page size");
}

static void test_overlapping_segments_are_refused(void)
{
	size_t size;
	const char *why;
	unsigned char *img = tiny(&size);
	struct elf64_ehdr eh;
	memcpy(&eh, img, sizeof(eh));
	/* Make every PT_LOAD a copy of the first: they all overlap. */
	size_t first = first_load(img);
	int loads = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		size_t off = eh.e_phoff + i * sizeof(struct elf64_phdr);
		uint32_t type;
		memcpy(&type, img + off, 4);
		if (type == 1 && off != first) {
			memcpy(img + off, img + first, sizeof(struct elf64_phdr));
			loads++;
		}
	}
	if (loads > 0) {
		CHECK(check(img, size, &why) < 0);
		CHECK(strcmp(why, "segments overlap") == 0);
	}
	CHECK(loads > 0); /* tiny.elf has text and data segments */
	free(img);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_real_executable_is_accepted),
    CHECK_TEST(test_host_executable_is_not_for_aarch64),
    CHECK_TEST(test_text_is_not_elf),
    CHECK_TEST(test_every_truncation_is_refused),
    CHECK_TEST(test_header_corruptions),
    CHECK_TEST(test_segment_corruptions),
    CHECK_TEST(test_overlapping_segments_are_refused),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("elf", tests, argc, argv);
}
