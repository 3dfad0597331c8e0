/*
 * test_slab.c - kmalloc over a counting page provider.
 *
 * The provider hands out aligned pages and counts how many are out, so the
 * tests can see that freeing every object gives every page back.
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "slab.h"

static long pages_out;

static void *test_alloc_pages(unsigned order)
{
	void *p = aligned_alloc(4096, 4096UL << order);
	if (p)
		pages_out += 1L << order;
	return p;
}

static void test_free_pages(void *p, unsigned order)
{
	pages_out -= 1L << order;
	free(p);
}

static void init(void)
{
	pages_out = 0;
	slab_init((struct slab_pages){test_alloc_pages, test_free_pages, false});
}

static void test_small_objects_are_aligned_and_distinct(void)
{
	init();
	void *a = kmalloc(1), *b = kmalloc(1), *c = kmalloc(24);
	CHECK(a && b && c);
	CHECK(a != b);
	CHECK(((uintptr_t)a & 15) == 0);
	CHECK(((uintptr_t)c & 15) == 0);
	CHECK_EQ(slab_live_objects(), 3);
	kfree(a);
	kfree(b);
	kfree(c);
	CHECK_EQ(slab_live_objects(), 0);
	CHECK_EQ(pages_out, 0);
}

static void test_zero_and_null(void)
{
	init();
	CHECK(kmalloc(0) == NULL);
	kfree(NULL);
	unsigned char *z = kzalloc(300);
	CHECK(z != NULL);
	int all_zero = 1;
	for (int i = 0; i < 300; i++)
		all_zero &= z[i] == 0;
	CHECK(all_zero);
	kfree(z);
	CHECK_EQ(pages_out, 0);
}

static void test_large_allocations_use_pages(void)
{
	init();
	char *big = kmalloc(5000); /* 5000 + header: two pages */
	CHECK(big != NULL);
	CHECK_EQ(pages_out, 2);
	memset(big, 7, 5000);
	char *huge = kmalloc(100000);
	CHECK(huge != NULL);
	memset(huge, 9, 100000);
	kfree(big);
	kfree(huge);
	CHECK_EQ(pages_out, 0);
}

static void test_many_random_objects_keep_their_contents(void)
{
	init();
	enum { N = 3000 };
	static unsigned char *objs[N];
	static size_t sizes[N];
	srand(7);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++) {
			sizes[i] = 1 + (size_t)rand() % (rand() % 8 == 0 ? 9000 : 600);
			objs[i] = kmalloc(sizes[i]);
			CHECK(objs[i] != NULL);
			memset(objs[i], i & 0xff, sizes[i]);
		}
		/* Free half in a scattered order, check everything that is left. */
		for (int i = 0; i < N; i += 2) {
			kfree(objs[i]);
			objs[i] = NULL;
		}
		for (int i = 1; i < N; i += 2)
			for (size_t b = 0; b < sizes[i]; b += 97)
				if (objs[i][b] != (i & 0xff)) {
					CHECK(!"object contents changed");
					b = sizes[i];
				}
		for (int i = 1; i < N; i += 2)
			kfree(objs[i]);
		CHECK_EQ(slab_live_objects(), 0);
		CHECK_EQ(pages_out, 0);
	}
}

static void test_full_slab_is_reused_after_a_free(void)
{
	init();
	void *objs[400];
	for (int i = 0; i < 400; i++)
		objs[i] = kmalloc(1024); /* three per page after the header */
	long pages = pages_out;
	kfree(objs[10]);
	void *again = kmalloc(1024);
	CHECK(again == objs[10]);
	CHECK_EQ(pages_out, pages);
	objs[10] = again;
	for (int i = 0; i < 400; i++)
		kfree(objs[i]);
	CHECK_EQ(pages_out, 0);
}

/* Pages full of garbage (a provider that does not zero) and zeroed pages
 * (one that does, and says so): kzalloc's large blocks read as zeros with
 * either, whether it clears them itself or trusts the provider. */
static void *garbage_pages(unsigned order)
{
	void *p = test_alloc_pages(order);
	if (p)
		memset(p, 0xa5, 4096UL << order);
	return p;
}

static void *zeroed_pages(unsigned order)
{
	void *p = test_alloc_pages(order);
	if (p)
		memset(p, 0, 4096UL << order);
	return p;
}

static void test_large_kzalloc_is_zeroed(void)
{
	const struct slab_pages providers[] = {
	    {garbage_pages, test_free_pages, false},
	    {zeroed_pages, test_free_pages, true},
	};
	for (unsigned k = 0; k < 2; k++) {
		pages_out = 0;
		slab_init(providers[k]);
		size_t size = 64 * 1024;
		unsigned char *b = kzalloc(size);
		CHECK(b != NULL);
		size_t nonzero = 0;
		for (size_t i = 0; b && i < size; i++)
			nonzero += b[i] != 0;
		CHECK_EQ(nonzero, 0);
		kfree(b);
		CHECK_EQ(pages_out, 0);
	}
}

static const struct check_test tests[] = {
    CHECK_TEST(test_small_objects_are_aligned_and_distinct),
    CHECK_TEST(test_zero_and_null),
    CHECK_TEST(test_large_allocations_use_pages),
    CHECK_TEST(test_many_random_objects_keep_their_contents),
    CHECK_TEST(test_full_slab_is_reused_after_a_free),
    CHECK_TEST(test_large_kzalloc_is_zeroed),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("slab", tests, argc, argv);
}
