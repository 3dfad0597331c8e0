/*
 * check.c - making one system call and checking its result.
 *
 * Every result is checked against the call's errors in docs/syscalls.md
 * (fuzz_errors.h is generated from it): a result outside the documented set
 * is reported with the call and its arguments. The calls main makes are
 * folded into a digest, so that the same seed can be shown to make the
 * same calls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"
#include "fuzz_errors.h"

struct fuzz F;

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	/* splitmix64 of (seed, stream): different streams never start alike */
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + stream * 0xbf58476d1ce4e5b9ULL + 1;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	r->s = (z ^ (z >> 31)) | 1;
}

uint64_t rng_next(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

/* printf's buffer is not shared between threads here: each line is
 * formatted on the caller's stack and written with one call. */
void fuzz_print(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	bower_console_write(line, (size_t)n);
}

static bool documented(int nr, long err)
{
	if (nr < 0 || nr >= SYS_COUNT)
		return err == BOWER_ENOSYS;
	for (int i = 0; i < FUZZ_MAX_ERRORS && fuzz_documented[nr][i]; i++)
		if (fuzz_documented[nr][i] == err)
			return true;
	return false;
}

/* Every wrong answer is counted; the first of each kind (call and error)
 * is printed with its arguments, so a report stays readable. */
static bool reported[SYS_COUNT + 1][129];

static void format_args(char *a, size_t size, const long *args, int nargs);

static void report(int nr, long ret, const long *args, int nargs, const char *why)
{
	__atomic_add_fetch(&F.wrong, 1, __ATOMIC_RELAXED);
	bool *seen = &reported[nr >= 0 && nr < SYS_COUNT ? nr : SYS_COUNT]
			      [ret < 0 && ret > -128 ? -ret : 128];
	if (*seen)
		return;
	*seen = true;
	char a[160];
	format_args(a, sizeof(a), args, nargs);
	fuzz_print("fuzz: wrong answer: %s(%s) = %ld (%s)\n",
		   nr >= 0 && nr < SYS_COUNT ? fuzz_call_name[nr] : "unknown", a, ret, why);
}

long raw_syscall(long nr, const long *a, int n, long results[4])
{
	long v[8] = {0};
	for (int i = 0; i < n && i < 8; i++)
		v[i] = a[i];
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = v[0];
	register long x1 __asm__("x1") = v[1];
	register long x2 __asm__("x2") = v[2];
	register long x3 __asm__("x3") = v[3];
	register long x4 __asm__("x4") = v[4];
	register long x5 __asm__("x5") = v[5];
	register long x6 __asm__("x6") = v[6];
	register long x7 __asm__("x7") = v[7];
	/* Some calls answer in x1-x4 too: every argument register is an
	 * output as far as the compiler knows. */
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6),
			   "+r"(x7)
			 : "r"(x8)
			 : "memory");
	if (results) {
		results[0] = x1;
		results[1] = x2;
		results[2] = x3;
		results[3] = x4;
	}
	return x0;
}

long check(int nr, long ret, const long *args, int nargs)
{
	__atomic_add_fetch(&F.calls, 1, __ATOMIC_RELAXED);
	if (ret < 0 && !documented(nr, -ret))
		report(nr, ret, args, nargs, "not a documented error");
	return ret;
}

/* Main runs on the program's own stack; the other threads on stacks in
 * .bss (picolibc's thread-local block is shared, so this is how to tell). */
static bool on_main_thread(void)
{
	return (uintptr_t)__builtin_frame_address(0) >= 0x80000000UL - (256UL << 10);
}

/* The digest of main's calls: numbers and arguments, except arguments the
 * kernel numbers globally (pids, fault tokens) or that are read off the
 * clock (a moment to sleep until), which differ between two runs in one
 * boot. Two runs with one seed must have the same digest. */
void digest(int nr, const long *args, int nargs)
{
	bool global = nr == SYS_wait || nr == SYS_process_cap || nr == SYS_pager_map ||
		      nr == SYS_pager_map_wait ||
		      nr == SYS_pager_map_ahead || nr == SYS_pager_fail || nr == SYS_sleep_until ||
		      nr == SYS_futex_wait || nr == SYS_sig_wait || nr == SYS_timer_settime ||
		      nr == SYS_poll;
	uint64_t h = F.digest ^ (uint64_t)(nr + 1);
	h *= 0x100000001b3ULL;
	for (int i = 0; i < nargs && !global; i++) {
		h ^= (uint64_t)args[i];
		h *= 0x100000001b3ULL;
	}
	F.digest = h;
}

static void format_args(char *a, size_t size, const long *args, int nargs)
{
	size_t len = 0;
	a[0] = '\0';
	for (int i = 0; i < nargs && len + 24 < size; i++)
		len += (size_t)snprintf(a + len, size - len, "%s%#lx", i ? ", " : "", args[i]);
}

/* Which thread: main, or the index of the stack it runs on (peers.c). */
static int thread_tag(void)
{
	extern char *const stacks_base_ptr;
	if (on_main_thread())
		return 'm';
	return '0' + (int)(((uintptr_t)__builtin_frame_address(0) - (uintptr_t)stacks_base_ptr) /
			   (16 * 1024));
}

long call_results(int nr, const long *args, int nargs, long results[4])
{
	if (on_main_thread())
		digest(nr, args, nargs);
	if (!F.trace)
		return check(nr, raw_syscall(nr, args, nargs, results), args, nargs);
	/* One line before (a call that never returns is the last one seen),
	 * one after. */
	char a[160];
	format_args(a, sizeof(a), args, nargs);
	const char *name = nr >= 0 && nr < SYS_COUNT ? fuzz_call_name[nr] : "unknown";
	int tag = thread_tag();
	fuzz_print("fuzz: %c %s(%s)\n", tag, name, a);
	long ret = check(nr, raw_syscall(nr, args, nargs, results), args, nargs);
	fuzz_print("fuzz: %c %s = %ld\n", tag, name, ret);
	return ret;
}

long call_checked(int nr, const long *args, int nargs)
{
	return call_results(nr, args, nargs, NULL);
}

/* A success that cannot be right (a slot outside the table, say). */
void wrong_success(int nr, long ret, const long *args, int nargs, const char *why)
{
	report(nr, ret, args, nargs, why);
}

