/*
 * smpbench.c - what several CPUs give and cost, in counter ticks (with
 * QEMU's -icount shift=0 one tick is 16 instructions). A benchmark: it
 * reports, it does not judge (docs/measurements.md).
 *
 *	smpbench ipc N same     N null calls to a server thread on the
 *	                        caller's CPU (both pinned to CPU 0)
 *	smpbench ipc N cross    ... on another CPU (server pinned to CPU 1)
 *	smpbench compute T W    T threads, each W million rounds of
 *	                        arithmetic on its own data: the ticks from
 *	                        the first start to the last end
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define THREADS_MAX 8
#define STACK	    16384

static long port;
static int server_cpu;
static _Alignas(16) char stacks[THREADS_MAX][STACK];
static volatile uint64_t results[THREADS_MAX];
static long rounds;

static void server(uintptr_t unused)
{
	char buf[16];
	struct bower_ipc_reply_recv m = {
	    .reply_cap = BOWER_NO_CAP, .buf = buf, .buflen = sizeof(buf)};
	(void)unused;
	bower_thread_pin(server_cpu);
	for (;;) /* answer the last call, take the next: one system call a turn */
		bower_ipc_reply_recv((int)port, &m);
}

static int ipc(long n, int cross)
{
	if (cross && bower_cpu_info(NULL, 0) < 2) {
		printf("smpbench: ipc cross: one CPU only\n");
		return 1;
	}
	server_cpu = cross ? 1 : 0;
	bower_thread_pin(0);
	port = bower_port_create();
	bower_thread_create((uintptr_t)server, 0, (uintptr_t)stacks[0] + STACK);
	uintptr_t va;
	long conn = bower_ipc_connect((int)bower_cap_copy((int)port, BOWER_RIGHT_CONNECT), &va);
	struct bower_ipc_call msg = {.len = 1, .cap = BOWER_NO_CAP};
	bower_ipc_call((int)conn, &msg); /* the server is up and pinned */
	uint64_t t0 = bower_counter();
	for (long i = 0; i < n; i++)
		bower_ipc_call((int)conn, &msg);
	uint64_t t = bower_counter() - t0;
	printf("smpbench: ipc %s: %ld round trips, %llu ticks, %llu.%02llu ticks each\n",
	       cross ? "cross" : "same", n, (unsigned long long)t, (unsigned long long)(t / n),
	       (unsigned long long)(t * 100 / n % 100));
	return 0;
}

/* Arithmetic on the thread's own word: nothing shared but the result. */
static void worker(uintptr_t i)
{
	uint64_t x = i + 1;
	for (long r = 0; r < rounds; r++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	results[i] = x;
	bower_thread_exit();
}

static int compute(int threads, long millions)
{
	if (threads < 1 || threads > THREADS_MAX)
		threads = 1;
	rounds = millions * 1000000;
	long ts[THREADS_MAX];
	uint64_t t0 = bower_counter();
	for (int i = 0; i < threads; i++)
		ts[i] = bower_thread_create((uintptr_t)worker, (uintptr_t)i,
					    (uintptr_t)stacks[i] + STACK);
	for (int i = 0; i < threads; i++)
		bower_thread_join((int)ts[i]);
	uint64_t t = bower_counter() - t0;
	printf("smpbench: compute %d threads x %ld M rounds on %ld CPUs: %llu ticks (%llu ms)\n",
	       threads, millions, bower_cpu_info(NULL, 0), (unsigned long long)t,
	       (unsigned long long)(t * 1000 / bower_counter_freq()));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "ipc") == 0)
		return ipc(atol(argv[2]), strcmp(argv[3], "cross") == 0);
	if (argc >= 4 && strcmp(argv[1], "compute") == 0)
		return compute(atoi(argv[2]), atol(argv[3]));
	printf("smpbench: usage: smpbench ipc N same|cross | smpbench compute T W\n");
	return 1;
}
