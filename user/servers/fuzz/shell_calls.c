/*
 * shell_calls.c - the fuzzer's calls behind the shell's features: the
 * ramdisk's index (/bin), with hostile arguments.
 *
 * None of them blocks.
 */
#include "fuzz.h"

static unsigned long any_index(struct rng *r)
{
	return rng_chance(r, 70) ? rng_below(r, 64) : (unsigned long)any_int(r);
}

static void do_ramdisk_entry(struct rng *r)
{
	CALL(ramdisk_entry, (long)any_index(r),
	     (long)any_ptr(r, true, sizeof(struct bower_ramdisk_entry)));
}

static void do_ramdisk_read(struct rng *r)
{
	/* A real buffer takes at most a page (the largest write any_ptr's
	 * memory holds); a hostile length goes with memory that refuses it. */
	size_t len;
	uintptr_t buf;
	if (rng_chance(r, 70)) {
		len = rng_below(r, PAGE + 1);
		buf = any_ptr(r, true, len);
	} else {
		buf = any_bad_ptr(r, 256);
		len = rng_chance(r, 50) ? any_len(r, buf) : (size_t)any_int(r);
	}
	long offset = rng_chance(r, 70) ? (long)rng_below(r, 64 * 1024) : any_int(r);
	CALL(ramdisk_read, (long)any_index(r), offset, (long)buf, (long)len);
}

void fuzz_shell_call(struct rng *r)
{
	switch (rng_below(r, 2)) {
	case 0:
		do_ramdisk_entry(r);
		break;
	default:
		do_ramdisk_read(r);
	}
}
