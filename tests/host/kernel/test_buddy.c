/*
 * test_buddy.c - the buddy allocator against a shadow model.
 *
 * The zone manages a real aligned buffer, so every block handed out is
 * filled with its own pattern and checked when freed: overlapping blocks
 * would corrupt each other's pattern.
 */
#include <stdlib.h>
#include <stdint.h>
#include "check.h"
#include "buddy.h"

#define PG BUDDY_PAGE_SIZE

struct zone_fixture {
	struct buddy_zone z;
	struct buddy_page *meta;
	char *mem;
	size_t npages;
};

static void setup(struct zone_fixture *f, size_t npages, size_t skew_pages)
{
	/* Over-allocate so the zone can start at an index that is not
	 * aligned to the largest block. */
	size_t align = PG << BUDDY_MAX_ORDER;
	size_t bytes = (npages + skew_pages) * PG;
	f->mem = aligned_alloc(align, (bytes + align - 1) / align * align);
	f->meta = calloc(npages, sizeof(*f->meta));
	f->npages = npages;
	buddy_init(&f->z, (uintptr_t)f->mem + skew_pages * PG, npages, f->meta);
}

static void teardown(struct zone_fixture *f)
{
	free(f->mem);
	free(f->meta);
}

static void test_init_counts_every_page(void)
{
	size_t sizes[] = {1, 2, 3, 7, 1000, 1024, 1025, 4099};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct zone_fixture f;
		setup(&f, sizes[i], 3);
		CHECK_EQ(buddy_free_pages(&f.z), sizes[i]);
		teardown(&f);
	}
}

static void test_alloc_until_empty_then_free_all(void)
{
	struct zone_fixture f;
	setup(&f, 37, 1);
	uintptr_t got[37];
	for (int i = 0; i < 37; i++) {
		got[i] = buddy_alloc(&f.z, 0);
		CHECK(got[i] != 0);
		CHECK((got[i] - (uintptr_t)f.mem) % PG == 0);
	}
	CHECK_EQ(buddy_alloc(&f.z, 0), 0);
	CHECK_EQ(buddy_free_pages(&f.z), 0);
	for (int i = 0; i < 37; i++)
		for (int j = 0; j < i; j++)
			CHECK(got[i] != got[j]);
	for (int i = 36; i >= 0; i--)
		CHECK_EQ(buddy_free(&f.z, got[i], 0), 0);
	CHECK_EQ(buddy_free_pages(&f.z), 37);
	teardown(&f);
}

static void test_split_and_merge(void)
{
	struct zone_fixture f;
	setup(&f, 1024, 0); /* exactly one block of the largest order */
	uintptr_t a = buddy_alloc(&f.z, 0);
	CHECK_EQ(buddy_free_pages(&f.z), 1023);
	/* The rest is one free block of each order 0..9. */
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
		CHECK(!list_empty(&f.z.free_list[k]));
	CHECK(list_empty(&f.z.free_list[BUDDY_MAX_ORDER]));
	CHECK_EQ(buddy_free(&f.z, a, 0), 0);
	/* Everything merged back into the single largest block. */
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
		CHECK(list_empty(&f.z.free_list[k]));
	CHECK(!list_empty(&f.z.free_list[BUDDY_MAX_ORDER]));
	CHECK_EQ(buddy_alloc(&f.z, BUDDY_MAX_ORDER), (uintptr_t)f.mem);
	teardown(&f);
}

/* A block split into single pages (DMA memory: contiguous pages that are
 * shared and freed one by one) goes back page by page, in any order, and
 * merges into the whole block again. */
static void test_split_block_frees_page_by_page(void)
{
	struct zone_fixture f;
	setup(&f, 64, 0);
	uintptr_t b = buddy_alloc(&f.z, 3);
	CHECK(buddy_split(&f.z, b + PG, 3) < 0); /* not a block head */
	CHECK(buddy_split(&f.z, b, 2) < 0);	 /* wrong order */
	CHECK_EQ(buddy_split(&f.z, b, 3), 0);
	CHECK(buddy_free(&f.z, b, 3) < 0); /* no longer one block */
	CHECK_EQ(buddy_free_pages(&f.z), 56);
	const int order[8] = {5, 0, 7, 2, 1, 6, 3, 4};
	for (int i = 0; i < 8; i++) {
		CHECK_EQ(buddy_free(&f.z, b + (uintptr_t)order[i] * PG, 0), 0);
		CHECK(buddy_free(&f.z, b + (uintptr_t)order[i] * PG, 0) < 0); /* double free */
	}
	CHECK_EQ(buddy_free_pages(&f.z), 64);
	CHECK_EQ(buddy_alloc(&f.z, 6), (uintptr_t)f.mem); /* merged back whole */
	teardown(&f);
}

static void test_blocks_are_aligned_to_their_order(void)
{
	struct zone_fixture f;
	setup(&f, 300, 5);
	uintptr_t base = f.z.base;
	for (unsigned k = 0; k <= 6; k++) {
		uintptr_t b = buddy_alloc(&f.z, k);
		CHECK(b != 0);
		CHECK(((b - base) / PG) % (1u << k) == 0);
	}
	teardown(&f);
}

static void test_misuse_is_refused(void)
{
	struct zone_fixture f;
	setup(&f, 64, 0);
	uintptr_t b = buddy_alloc(&f.z, 2);
	size_t free_before = buddy_free_pages(&f.z);
	CHECK(buddy_free(&f.z, b, 1) < 0);			    /* wrong order */
	CHECK(buddy_free(&f.z, b + PG, 2) < 0);			    /* not a block head */
	CHECK(buddy_free(&f.z, b + 1, 2) < 0);			    /* not page aligned */
	CHECK(buddy_free(&f.z, (uintptr_t)f.mem + 64 * PG, 0) < 0); /* past the zone */
	CHECK(buddy_free(&f.z, (uintptr_t)f.mem - PG, 0) < 0);	    /* before it */
	CHECK_EQ(buddy_free_pages(&f.z), free_before);
	CHECK_EQ(buddy_free(&f.z, b, 2), 0);
	CHECK(buddy_free(&f.z, b, 2) < 0); /* double free */
	CHECK_EQ(buddy_free_pages(&f.z), 64);
	CHECK_EQ(buddy_alloc(&f.z, BUDDY_MAX_ORDER + 1), 0);
	CHECK_EQ(buddy_alloc(&f.z, 7), 0); /* 128 pages > 64 */
	teardown(&f);
}

static void test_random_against_shadow(void)
{
	struct zone_fixture f;
	setup(&f, 777, 3);
	struct {
		uintptr_t addr;
		unsigned order;
	} live[2000];
	int n = 0;
	size_t used = 0;
	srand(12345);
	for (int step = 0; step < 20000; step++) {
		if (n < 2000 && (rand() % 3 != 0 || n == 0)) {
			unsigned order = (unsigned)(rand() % 5);
			uintptr_t a = buddy_alloc(&f.z, order);
			if (!a) {
				CHECK(buddy_free_pages(&f.z) < 777);
				continue;
			}
			memset((void *)a, (int)(step & 0xff), PG << order);
			/* The first byte of each page records which block owns it. */
			live[n].addr = a;
			live[n].order = order;
			n++;
			used += (size_t)1 << order;
		} else {
			int i = rand() % n;
			unsigned char want = *(unsigned char *)live[i].addr;
			for (size_t b = 0; b < (PG << live[i].order); b += 511)
				CHECK_EQ(((unsigned char *)live[i].addr)[b], want);
			CHECK_EQ(buddy_free(&f.z, live[i].addr, live[i].order), 0);
			used -= (size_t)1 << live[i].order;
			live[i] = live[--n];
		}
		if (step % 1000 == 0)
			CHECK_EQ(buddy_free_pages(&f.z), 777 - used);
	}
	while (n > 0) {
		n--;
		CHECK_EQ(buddy_free(&f.z, live[n].addr, live[n].order), 0);
	}
	CHECK_EQ(buddy_free_pages(&f.z), 777);
	teardown(&f);
}

static void test_page_metadata_round_trip(void)
{
	struct zone_fixture f;
	setup(&f, 16, 0);
	uintptr_t a = buddy_alloc(&f.z, 0);
	struct buddy_page *p = buddy_page_of(&f.z, a);
	CHECK(p != NULL);
	CHECK_EQ(buddy_addr_of(&f.z, p), a);
	CHECK(buddy_page_of(&f.z, (uintptr_t)f.mem + 16 * PG) == NULL);
	teardown(&f);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_init_counts_every_page),   CHECK_TEST(test_alloc_until_empty_then_free_all),
    CHECK_TEST(test_split_and_merge),	       CHECK_TEST(test_blocks_are_aligned_to_their_order),
    CHECK_TEST(test_misuse_is_refused),	       CHECK_TEST(test_random_against_shadow),
    CHECK_TEST(test_page_metadata_round_trip), CHECK_TEST(test_split_block_frees_page_by_page),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("buddy", tests, argc, argv);
}
