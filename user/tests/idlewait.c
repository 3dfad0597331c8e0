/*
 * idlewait.c - waiting for a signal or for a free CPU (BOWER_WAIT_OR_IDLE).
 *
 * A background thread waits that way and counts each time it is run for
 * want of anything else. While every CPU computes (the main thread and one
 * helper for each other CPU, runnable all the time, across many ticks) the
 * background thread must never run; while they sleep it must; a signal
 * still wakes it as a signal.
 */
#include <stdint.h>
#include <stdio.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "idlewait"
#include "expect.h"

#define HELPERS_MAX 15

static volatile long idle_runs, signals, stop, helpers_stop, helpers_running;
static _Alignas(16) char stack[16384];
static _Alignas(16) char helper_stacks[HELPERS_MAX][4096];

static void background(uintptr_t note)
{
	while (!stop) {
		long r = bower_notify_wait((int)note, BOWER_WAIT_OR_IDLE);
		if (r == -BOWER_EAGAIN)
			idle_runs++;
		else if (r == 0)
			signals++;
	}
	bower_thread_exit();
}

/* Compute for `ticks` of the counter without giving up the CPU. */
static void compute(uint64_t ticks)
{
	uint64_t end = bower_counter() + ticks;
	while (bower_counter() < end)
		;
}

/* Keeps another CPU busy until told to stop. */
static void helper(uintptr_t unused)
{
	(void)unused;
	__atomic_add_fetch(&helpers_running, 1, __ATOMIC_SEQ_CST);
	while (!helpers_stop)
		;
	bower_thread_exit();
}

int main(void)
{
	long n = bower_notify_create();
	expect("a bad way to wait", bower_notify_wait((int)n, 3), -BOWER_EINVAL);
	expect("a negative one", bower_notify_wait((int)n, -1), -BOWER_EINVAL);
	bower_notify_signal((int)n);
	expect("with a signal pending: it is taken", bower_notify_wait((int)n, BOWER_WAIT_OR_IDLE),
	       0);
	/* Alone, nothing else runnable: it comes back at once. */
	expect("alone: the CPU is free", bower_notify_wait((int)n, BOWER_WAIT_OR_IDLE),
	       -BOWER_EAGAIN);

	long t = bower_thread_create((uintptr_t)background, (uintptr_t)n,
				     (uintptr_t)stack + sizeof(stack));
	expect("background thread made", t >= 0, 1);
	uint64_t hz = bower_counter_freq();
	long cpus = bower_cpu_info(NULL, 0), helpers = cpus - 1, joined = 0;
	if (helpers > HELPERS_MAX)
		helpers = HELPERS_MAX;
	long hs[HELPERS_MAX];
	for (long i = 0; i < helpers; i++)
		hs[i] = bower_thread_create((uintptr_t)helper, 0,
					    (uintptr_t)helper_stacks[i] + sizeof(helper_stacks[i]));
	while (helpers_running < helpers)
		bower_yield();
	bower_yield(); /* it starts, finds every CPU wanted, and waits */
	long before = idle_runs;
	compute(hz / 10); /* 100 ms: many ticks, many preemptions */
	long ran = idle_runs - before;
	helpers_stop = 1;
	for (long i = 0; i < helpers; i++)
		joined += bower_thread_join((int)hs[i]) == 0;
	expect("helpers for the other CPUs", joined, helpers);
	expect("while every CPU computes, the background one never runs", ran, 0);
	before = idle_runs;
	/* 100 ms each: on several CPUs it runs on another, which must wake. */
	bower_sleep_until(bower_counter() + hz / 10);
	expect("while it sleeps, the background one runs", idle_runs > before, 1);
	long had = signals;
	bower_notify_signal((int)n);
	bower_sleep_until(bower_counter() + hz / 10);
	expect("a signal wakes it as a signal", signals - had, 1);
	stop = 1;
	bower_notify_signal((int)n);
	expect("it ends", bower_thread_join((int)t), 0);
	printf("idlewait: %d checks failed\n", failed);
	return failed;
}
