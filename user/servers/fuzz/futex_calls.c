/*
 * futex_calls.c - the fuzzer's futex calls, hostile: bad and unaligned
 * words, values that differ, deadlines. Main must never wait for ever, and
 * nobody else waits on a word of main's: a wait whose value might match
 * always has a deadline a moment away, and a wake must wake nobody.
 */
#include <bower/counter.h>
#include "fuzz.h"

static _Alignas(8) uint32_t words[2] = {7, 0xffffffffu};

void do_futex(struct rng *r)
{
	uintptr_t addr;
	switch (rng_below(r, 4)) {
	case 0:
		addr = (uintptr_t)&words[rng_below(r, 2)];
		break;
	case 1: /* unaligned, in the same words */
		addr = (uintptr_t)words + 1 + rng_below(r, 3);
		break;
	case 2:
		addr = any_bad_ptr(r, 4);
		break;
	default: /* a page of a slow file, or anything */
		addr = rng_chance(r, 50) ? in_file_mapping(r, 4) : any_ptr(r, true, 4);
		break;
	}
	if (rng_chance(r, 40)) {
		long ret = CALL(futex_wake, (long)addr, rng_chance(r, 50) ? 1 : any_int(r));
		if (ret > 0)
			wrong_success(SYS_futex_wake, ret, (long[]){(long)addr}, 1,
				      "woke a waiter nobody made");
		return;
	}
	unsigned value = rng_chance(r, 50) ? words[0] : (unsigned)any_int(r);
	/* A moment past, or a few microseconds on (the counter runs at
	 * 62.5 MHz): never 0, which would wait until woken. */
	long now = (long)bower_counter();
	long deadline =
	    rng_chance(r, 50) ? now - (long)rng_below(r, 1000) : now + 1 + (long)rng_below(r, 200);
	if (deadline <= 0)
		deadline = 1;
	long ret = CALL(futex_wait, (long)addr, (long)value, deadline);
	if (ret == 0)
		wrong_success(SYS_futex_wait, ret, (long[]){(long)addr, (long)value}, 2,
			      "woken, and nobody wakes main's words");
}
