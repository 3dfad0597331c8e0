/*
 * fptest.c - every thread keeps its own FP/SIMD registers and FPCR.
 *
 * The kernel moves the FP/SIMD registers between threads only when a
 * thread uses them (kernel/arch/aarch64/fpu.c), so this is what could go
 * wrong: a thread finding another's values, or losing its own, after a
 * switch. Two threads here (and as many in each copy run beside this one
 * with par=) fill all 32 registers and FPCR's rounding mode with their own
 * pattern, yield many times in one stretch of assembly (so nothing but the
 * kernel can touch the registers meanwhile), and check what they find. A
 * new thread also starts with FPCR at zero. With two CPUs or more, a
 * thread moves (thread_pin) from the CPU that holds its registers and
 * back, changes them there and moves on: the new values must go with it.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "fptest"
#include "expect.h"

#define ROUNDS	 20
#define YIELDS	 50
#define FPCR_RMODE_ZERO (3UL << 22) /* round toward zero: not the default */

static _Alignas(16) char stack[16384];
static volatile int helper_bad = -1;
static volatile uint64_t helper_fpcr_at_start = ~0UL;

/* Load q0-q31 from in and FPCR from *fpcr, yield `yields` times, then
 * store q0-q31 to out and FPCR to *fpcr (and put FPCR back to zero). */
static void hold_and_yield(const uint64_t *in, uint64_t *out, uint64_t *fpcr, long yields)
{
	register long n __asm__("x19") = yields;
	__asm__ volatile(
	    "ldp q0, q1, [%[in], #0]\n ldp q2, q3, [%[in], #32]\n"
	    "ldp q4, q5, [%[in], #64]\n ldp q6, q7, [%[in], #96]\n"
	    "ldp q8, q9, [%[in], #128]\n ldp q10, q11, [%[in], #160]\n"
	    "ldp q12, q13, [%[in], #192]\n ldp q14, q15, [%[in], #224]\n"
	    "ldp q16, q17, [%[in], #256]\n ldp q18, q19, [%[in], #288]\n"
	    "ldp q20, q21, [%[in], #320]\n ldp q22, q23, [%[in], #352]\n"
	    "ldp q24, q25, [%[in], #384]\n ldp q26, q27, [%[in], #416]\n"
	    "ldp q28, q29, [%[in], #448]\n ldp q30, q31, [%[in], #480]\n"
	    "ldr x9, [%[fpcr]]\n msr fpcr, x9\n"
	    "1: mov x8, %[yield]\n svc #0\n subs %[n], %[n], #1\n b.ne 1b\n"
	    "mrs x9, fpcr\n str x9, [%[fpcr]]\n msr fpcr, xzr\n"
	    "stp q0, q1, [%[out], #0]\n stp q2, q3, [%[out], #32]\n"
	    "stp q4, q5, [%[out], #64]\n stp q6, q7, [%[out], #96]\n"
	    "stp q8, q9, [%[out], #128]\n stp q10, q11, [%[out], #160]\n"
	    "stp q12, q13, [%[out], #192]\n stp q14, q15, [%[out], #224]\n"
	    "stp q16, q17, [%[out], #256]\n stp q18, q19, [%[out], #288]\n"
	    "stp q20, q21, [%[out], #320]\n stp q22, q23, [%[out], #352]\n"
	    "stp q24, q25, [%[out], #384]\n stp q26, q27, [%[out], #416]\n"
	    "stp q28, q29, [%[out], #448]\n stp q30, q31, [%[out], #480]\n"
	    : [n] "+r"(n)
	    : [in] "r"(in), [out] "r"(out), [fpcr] "r"(fpcr), [yield] "i"(SYS_yield)
	    : "x0", "x8", "x9", "memory", "cc", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
	      "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19",
	      "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}

/* Rounds of a pattern of this thread's own: the number that came back wrong. */
static int rounds(uint64_t tag)
{
	uint64_t in[64], out[64];
	int bad = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < 64; i++)
			in[i] = tag << 32 ^ (uint64_t)r << 16 ^ (uint64_t)i * 0x9e3779b97f4a7c15ULL;
		memset(out, 0, sizeof(out));
		uint64_t fpcr = (tag + r) % 2 ? FPCR_RMODE_ZERO : 0;
		uint64_t want_fpcr = fpcr;
		hold_and_yield(in, out, &fpcr, YIELDS);
		bad += memcmp(in, out, sizeof(in)) != 0 || fpcr != want_fpcr;
	}
	return bad;
}

/* On CPU 0 put `first` in v8, go to CPU 1 and back (v8 untouched on the
 * way), put `second` in v8 on CPU 0, go to CPU 1 again: what v8 holds
 * there. All in one stretch of assembly: only the kernel moves v8. */
static uint64_t move_and_change(uint64_t first, uint64_t second)
{
	register uint64_t a __asm__("x19") = first, b __asm__("x20") = second, got;
	__asm__ volatile("mov x8, %[pin]\n"
			 "mov x0, #0\n svc #0\n dup v8.2d, %[a]\n"
			 "mov x0, #1\n svc #0\n mov x0, #0\n svc #0\n"
			 "dup v8.2d, %[b]\n mov x0, #1\n svc #0\n"
			 "umov %[got], v8.d[0]\n"
			 : [got] "=r"(got)
			 : [a] "r"(a), [b] "r"(b), [pin] "i"(SYS_thread_pin)
			 : "x0", "x8", "v8", "memory");
	bower_thread_pin(-1);
	return got;
}

static void helper(uintptr_t tag)
{
	uint64_t fpcr;
	__asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
	helper_fpcr_at_start = fpcr;
	helper_bad = rounds(tag);
	bower_thread_exit();
}

int main(void)
{
	uint64_t tag = (uint64_t)bower_getpid() * 2;
	long t = bower_thread_create((uintptr_t)helper, (uintptr_t)(tag + 1),
				     (uintptr_t)stack + sizeof(stack));
	expect("a second thread", t >= 0, 1);
	int bad = rounds(tag);
	if (t >= 0)
		bower_thread_join((int)t);
	expect("main's registers after every round of yields", bad, 0);
	expect("the helper's registers after every round of yields", helper_bad, 0);
	expect("a new thread starts with FPCR zero", (long)helper_fpcr_at_start, 0);
	if (bower_thread_pin(1) == 0) /* one CPU: there is nowhere to move */
		expect("registers changed after a move back to their CPU go along",
		       move_and_change(0x1111, 0x2222) == 0x2222, 1);
	printf("fptest: %d checks failed\n", failed);
	return failed;
}
