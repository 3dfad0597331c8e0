/*
 * shell_calls.c - the fuzzer's calls behind the shell's features: the
 * ramdisk's index (/bin), the process list (ps), the console's foreground
 * programs (Ctrl-C) and pipes, with hostile arguments.
 *
 * None of them may block main: a pipe read or write whose flags the kernel
 * would accept is always made with BOWER_PIPE_NONBLOCK (pipetest covers
 * the waiting).
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

static void do_process_list(struct rng *r)
{
	/* A real buffer gets at most a page of entries. */
	unsigned long max = rng_chance(r, 70) ? rng_below(r, PAGE / sizeof(struct bower_process_info))
					     : (unsigned long)any_int(r);
	uintptr_t out = max <= PAGE / sizeof(struct bower_process_info)
			    ? any_ptr(r, true, max * sizeof(struct bower_process_info))
			    : any_bad_ptr(r, 256);
	CALL(process_list, (long)out, (long)max);
}

static int foreground_slots[BOWER_FOREGROUND_MAX + 2];

static void do_console_foreground(struct rng *r)
{
	for (int i = 0; i < BOWER_FOREGROUND_MAX + 2; i++)
		foreground_slots[i] = any_slot(r, BOWER_CAP_PROCESS);
	int n = rng_chance(r, 80) ? (int)rng_below(r, BOWER_FOREGROUND_MAX + 2) : (int)any_int(r);
	uintptr_t slots = rng_chance(r, 80) ? (uintptr_t)foreground_slots : any_ptr(r, false, 16);
	CALL(console_foreground, (long)slots, n);
}

static int pipe_ends[2];

static void do_pipe_create(struct rng *r)
{
	uintptr_t out = rng_chance(r, 70) ? (uintptr_t)pipe_ends : any_ptr(r, true, 8);
	long ret = CALL(pipe_create, (long)out);
	if (ret == 0 && out == (uintptr_t)pipe_ends) {
		int obj = new_obj();
		model_set(pipe_ends[0], BOWER_CAP_PIPE, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT,
			  ROLE_OTHER, obj);
		model_set(pipe_ends[1], BOWER_CAP_PIPE, BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT,
			  ROLE_OTHER, obj);
	} else if (ret == 0) {
		rescan(); /* the slots went where main does not look */
	}
}

/* Flags the kernel accepts (known) never let the call wait. */
static int pipe_flags(struct rng *r, int known)
{
	int flags = rng_chance(r, 80) ? (int)rng_below(r, 4) : (int)any_int(r);
	return flags & ~known ? flags : flags | BOWER_PIPE_NONBLOCK;
}

static void do_pipe_io(struct rng *r, bool writing)
{
	int slot = any_slot(r, BOWER_CAP_PIPE);
	size_t len;
	uintptr_t buf;
	if (rng_chance(r, 80)) {
		len = rng_below(r, rng_chance(r, 50) ? 64 : PAGE + 1);
		buf = any_ptr(r, true, len);
	} else {
		buf = any_bad_ptr(r, 256);
		len = rng_chance(r, 50) ? any_len(r, buf) : (size_t)any_int(r);
	}
	if (writing)
		CALL(pipe_write, slot, (long)buf, (long)len, pipe_flags(r, BOWER_PIPE_NONBLOCK));
	else
		CALL(pipe_read, slot, (long)buf, (long)len,
		     pipe_flags(r, BOWER_PIPE_NONBLOCK | BOWER_PIPE_PEEK));
}

void fuzz_shell_call(struct rng *r)
{
	switch (rng_below(r, 7)) {
	case 0:
		do_ramdisk_entry(r);
		break;
	case 1:
		do_ramdisk_read(r);
		break;
	case 2:
		do_pipe_create(r);
		break;
	case 3:
		do_pipe_io(r, false);
		break;
	case 4:
		do_process_list(r);
		break;
	case 5:
		do_console_foreground(r);
		break;
	default:
		do_pipe_io(r, true);
	}
}
