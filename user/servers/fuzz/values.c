/*
 * values.c - hostile arguments: boundary integers, pointers of every bad
 * kind (NULL, kernel addresses, unmapped, read-only, misaligned, wrapping,
 * inside the fuzzer's own slow file mappings), lengths and slots.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"


long any_int(struct rng *r)
{
	static const long edges[] = {0,
				     1,
				     -1,
				     2,
				     3,
				     63,
				     64,
				     65,
				     4095,
				     4096,
				     4097,
				     0x7fffffff,
				     -0x80000000L,
				     0xffffffffL,
				     0x100000000L,
				     (long)(~0UL >> 1),
				     (long)(1UL << 63),
				     1L << 47,
				     1L << 20,
				     1L << 24};
	switch (rng_below(r, 4)) {
	case 0:
		return edges[rng_below(r, sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return (long)rng_below(r, 70);
	case 2:
		return (long)(1UL << rng_below(r, 64)) + (long)rng_below(r, 3) - 1;
	default:
		return (long)rng_next(r);
	}
}

static const char rodata_bytes[64] = "read-only bytes";

uintptr_t in_file_mapping(struct rng *r, size_t size)
{
	uintptr_t bases[3] = {F.file_rw, F.file_ro, F.file_llm};
	uintptr_t base = bases[rng_below(r, 3)];
	if (!base)
		base = F.file_rw ? F.file_rw : UNMAPPED;
	uintptr_t page = base + rng_below(r, FILE_PAGES) * PAGE;
	switch (rng_below(r, 4)) {
	case 0:
		return page + PAGE - (size ? size / 2 : 1); /* across two pages */
	case 1:
		return base + FILE_PAGES * PAGE - (size ? size / 2 : 1); /* off the end */
	default:
		return page + rng_below(r, PAGE / 2) * (rng_chance(r, 70) ? 8 : 1);
	}
}

static uintptr_t pick_ptr(struct rng *r, size_t size, unsigned kinds)
{
	switch (rng_below(r, kinds)) {
	case 0:
		return 0;
	case 1:
		return rng_below(r, PAGE);
	case 2:
		return KERNEL_VA + rng_below(r, 1 << 20);
	case 3:
		return UNMAPPED + rng_below(r, PAGE);
	case 4:
		return BOWER_USER_TOP - rng_below(r, 2 * size + 2);
	case 5:
		return ~0UL - rng_below(r, 64);
	case 6:
		return (uintptr_t)rng_next(r);
	case 7:
		return (uintptr_t)rodata_bytes + rng_below(r, 16); /* read-only */
	case 8:
		return (uintptr_t)&any_ptr; /* text */
	case 9:
	case 10: {
		/* in the first half of scratch: the largest write (a page)
		 * stays inside it; often aligned, sometimes not */
		uintptr_t off = rng_below(r, 8 * PAGE);
		return (uintptr_t)scratch + (rng_chance(r, 70) ? off & ~7UL : off);
	}
	case 11:
		if (F.nmaps) {
			struct mapping *m = &F.maps[rng_below(r, (uint64_t)F.nmaps)];
			return m->addr + rng_below(r, m->len);
		}
		/* fall through */
	default:
		return in_file_mapping(r, size);
	}
}

uintptr_t any_ptr(struct rng *r, bool written, size_t size)
{
	(void)written; /* every target may be written: none is the fuzzer's state */
	return pick_ptr(r, size, 16);
}

/* Never in a mapping: no fault reaches the pager (safe helpers use these,
 * so that main alone makes faults and its calls follow from the seed). */
uintptr_t any_plain_ptr(struct rng *r, size_t size)
{
	return pick_ptr(r, size, 11);
}

uintptr_t any_bad_ptr(struct rng *r, size_t size)
{
	return pick_ptr(r, size, 6);
}

size_t any_len(struct rng *r, uintptr_t ptr)
{
	switch (rng_below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return rng_below(r, 64);
	case 2:
		return rng_below(r, 2 * PAGE + 2);
	case 3:
		return BOWER_USER_TOP - ptr; /* up to the top exactly */
	case 4:
		return BOWER_USER_TOP - ptr + 1; /* one past */
	case 5:
		return -ptr; /* wraps to zero */
	case 6:
		return (size_t)any_int(r);
	default:
		return 1 + rng_below(r, 16);
	}
}

int slot_with_role(struct rng *r, enum role role)
{
	int found[NSLOTS], n = 0;
	for (int i = 0; i < NSLOTS; i++)
		if (F.slots[i].type && F.slots[i].role == role)
			found[n++] = i;
	return n ? found[rng_below(r, (uint64_t)n)] : -1;
}

static int slot_of_type(struct rng *r, int type)
{
	int found[NSLOTS], n = 0;
	for (int i = 0; i < NSLOTS; i++)
		if (F.slots[i].type == type)
			found[n++] = i;
	return n ? found[rng_below(r, (uint64_t)n)] : -1;
}

int any_slot(struct rng *r, int type)
{
	static const int edges[] = {-1, NSLOTS, NSLOTS + 1, 0x7fffffff, -0x7fffffff - 1, 1000};
	int s;
	switch (rng_below(r, 10)) {
	case 0:
		return edges[rng_below(r, sizeof(edges) / sizeof(edges[0]))];
	case 1:
	case 2:
		return (int)rng_below(r, NSLOTS); /* anything, often the wrong type */
	default:
		s = type ? slot_of_type(r, type) : -1;
		return s >= 0 ? s : (int)rng_below(r, NSLOTS);
	}
}

