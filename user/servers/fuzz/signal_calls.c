/*
 * signal_calls.c - the fuzzer's signal calls, hostile: actions and
 * stacks read from and written to bad pointers and slow pages, bad
 * signals, masks and slots (sigtest signals real children). Main must go on, so it never installs a
 * handler (one at a random address would run at main's next signal),
 * makes only timers that send nothing, sends only signals nothing is done with (0, bad ones, and those whose
 * default is to do nothing), never suspends itself, and never returns
 * from a frame it has not got.
 */
#include <bower/counter.h>
#include "fuzz.h"

/* Signals 0, out of range, or ignored by default (docs/signals.md). */
static int harmless_signal(struct rng *r)
{
	static const int sigs[] = {0, 17, 23, 28, 64, -1, 0x7fffffff, -0x7fffffff - 1};
	return rng_chance(r, 80) ? sigs[rng_below(r, sizeof(sigs) / sizeof(sigs[0]))]
				 : 64 + (int)rng_below(r, 1 << 20);
}

void do_signal(struct rng *r)
{
	static struct bower_sigaction act;
	static struct bower_sigstack stack;
	int sig = rng_chance(r, 70) ? 1 + (int)rng_below(r, 63) : (int)any_int(r);
	long ret;
	switch (rng_below(r, 7)) {
	case 0: { /* read an action into anything; set the default or ignore */
		uintptr_t old = rng_chance(r, 40) ? 0 : any_ptr(r, true, sizeof(act));
		uintptr_t set = 0;
		if (rng_chance(r, 40)) {
			act = (struct bower_sigaction){.handler = rng_below(r, 2), /* DFL or IGN */
						       .mask = (unsigned long)any_int(r),
						       .flags = (unsigned long)any_int(r)};
			set = (uintptr_t)&act;
		} else if (rng_chance(r, 50)) {
			set = any_bad_ptr(r, sizeof(act));
		}
		CALL(sig_action, sig, (long)set, (long)old);
		break;
	}
	case 1:
		CALL(sig_mask, rng_chance(r, 80) ? (long)rng_below(r, 3) : any_int(r), any_int(r));
		break;
	case 2:
		/* Only what main sent may pend: one of those it blocked. */
		ret = CALL0(sig_pending);
		if (ret & ~((1L << 16) | (1L << 22) | (1L << 27)))
			wrong_success(SYS_sig_pending, ret, NULL, 0, "pending, and not sent");
		break;
	case 3: { /* an alternate stack from anything, or anywhere */
		uintptr_t set = 0;
		if (rng_chance(r, 40)) {
			stack = (struct bower_sigstack){.sp = (unsigned long)any_int(r),
							.flags = (int)rng_below(r, 4),
							.size = (unsigned long)any_len(r, 0)};
			set = (uintptr_t)&stack;
		} else if (rng_chance(r, 50)) {
			set = rng_chance(r, 50) ? any_bad_ptr(r, sizeof(stack))
						: any_ptr(r, false, sizeof(stack));
		}
		uintptr_t old = rng_chance(r, 50) ? 0 : any_ptr(r, true, sizeof(stack));
		CALL(sig_altstack, (long)set, (long)old);
		break;
	}
	case 4: { /* a wait with a deadline a moment away, or past */
		long now = (long)bower_counter();
		long deadline = rng_chance(r, 50) ? now - (long)rng_below(r, 1000)
						  : now + 1 + (long)rng_below(r, 200);
		uintptr_t info = rng_chance(r, 30) ? 0 : any_ptr(r, true, sizeof(struct bower_siginfo));
		ret = CALL(sig_wait, any_int(r), (long)info, deadline > 0 ? deadline : 1);
		if (ret > 0 && ret != 17 && ret != 23 && ret != 28)
			wrong_success(SYS_sig_wait, ret, NULL, 0, "took a signal that was not sent");
		break;
	}
	case 5: { /* timers that send nothing when they expire: when is timing */
		int id = rng_chance(r, 70) ? (int)rng_below(r, BOWER_TIMERS_MAX + 2) : (int)any_int(r);
		long now = (long)bower_counter();
		uintptr_t state = rng_chance(r, 30) ? 0 : any_ptr(r, true, sizeof(struct bower_timer_state));
		switch (rng_below(r, 5)) {
		case 0:
			CALL(timer_create, rng_chance(r, 80) ? 0 : 64 + (long)rng_below(r, 100), any_int(r),
			     rng_chance(r, 80) ? (long)rng_below(r, 4) : any_int(r));
			break;
		case 1:
			/* Not timer 0, which sends SIGALRM. */
			CALL(timer_settime, id ? id : 1, rng_chance(r, 50) ? now + (long)rng_below(r, 100000) : any_int(r),
			     any_int(r), (long)state);
			break;
		case 2:
			CALL(timer_gettime, id, (long)(state ? state : any_bad_ptr(r, 16)));
			break;
		case 3:
			CALL(timer_getoverrun, id);
			break;
		default:
			CALL(timer_delete, id);
		}
		break;
	}
	default:
		/* Main itself, or a slot that holds no process: whether a
		 * child has ended yet is a matter of timing, and the same seed
		 * must make the same calls. */
		if (rng_chance(r, 25))
			CALL(sig_send, rng_chance(r, 50) ? BOWER_NO_CAP : any_int(r) | 0x40000000,
			     harmless_signal(r));
		else if (rng_chance(r, 33))
			CALL(sig_queue, rng_chance(r, 50) ? BOWER_NO_CAP : any_int(r) | 0x40000000,
			     harmless_signal(r), any_int(r));
		else
			CALL(sig_raise, rng_chance(r, 50) ? BOWER_NO_CAP : any_int(r) | 0x40000000,
			     harmless_signal(r));
	}
}
