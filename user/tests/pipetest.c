/*
 * pipetest.c - the kernel's pipes (kernel/object/pipe.c), politely and
 * not: bytes in order across the ring's edge, the end of the stream and
 * EPIPE, non-blocking calls, small writes that go in whole, bad pointers
 * and slots (nothing lost), threads woken by their peer or by its end,
 * a peer process killed in the middle of a call, and pipes made until the
 * capability table or memory runs out, with every page back afterwards.
 *
 * Run with no arguments; it spawns itself for the peers ("reader",
 * "writer": block on a pipe until killed; "hog": hold pipes until told).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "pipetest"
#include "expect.h"

#define KERNEL_ADDR ((void *)0xffff000040200000UL)
#define UNMAPPED    ((void *)0x7000000000UL)
#define SIZE	    BOWER_PIPE_SIZE
#define CAP_SLOTS_MAX 65536 /* a table's largest (CAP_LIMIT_MAX, docs/syscalls.md) */

static const char rodata[64] = "read-only";
static char buf[3 * SIZE], back[3 * SIZE];

static long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return (long)st.free_pages;
}

static void make_pipe(int ends[2])
{
	expect("pipe_create", bower_pipe_create(ends), 0);
}

static void close_pipe(const int ends[2])
{
	bower_cap_delete(ends[0]);
	bower_cap_delete(ends[1]);
}

static void pattern(char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(seed + i * 7);
}

static void basics(void)
{
	int e[2];
	make_pipe(e);
	expect("two ends", e[0] != e[1], 1);
	expect("the read end", bower_cap_identify(e[0]),
	       BOWER_CAP_PIPE << 16 | BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	expect("the write end", bower_cap_identify(e[1]),
	       BOWER_CAP_PIPE << 16 | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT);
	expect("write", bower_pipe_write(e[1], "hello", 5, 0), 5);
	memset(back, 0, 16);
	expect("read what is there", bower_pipe_read(e[0], back, 100, 0), 5);
	expect("the same bytes", memcmp(back, "hello", 5), 0);
	expect("empty, not waiting", bower_pipe_read(e[0], back, 1, BOWER_PIPE_NONBLOCK),
	       -BOWER_EAGAIN);
	bower_pipe_write(e[1], "peek", 4, 0);
	expect("a peek", bower_pipe_read(e[0], back, 100, BOWER_PIPE_PEEK), 4);
	expect("leaves the bytes", bower_pipe_read(e[0], back + 4, 100, 0), 4);
	expect("in order", memcmp(back, "peekpeek", 8), 0);
	expect("read 0 bytes", bower_pipe_read(e[0], back, 0, 0), 0);
	expect("write 0 bytes", bower_pipe_write(e[1], buf, 0, 0), 0);

	/* Round the ring a few times in odd pieces: every byte in order. */
	size_t total = 0, got = 0;
	int same = 1;
	for (unsigned round = 0; round < 20; round++) {
		size_t n = 1000 + round * 97;
		pattern(buf, n, round);
		total += (size_t)bower_pipe_write(e[1], buf, n, 0);
		long r = bower_pipe_read(e[0], back, n, 0);
		got += r > 0 ? (size_t)r : 0;
		same &= r == (long)n && memcmp(buf, back, n) == 0;
	}
	expect("20 rounds through the ring's edge", (long)got, (long)total);
	expect("bytes in order", same, 1);

	pattern(buf, SIZE, 3);
	expect("fill it", bower_pipe_write(e[1], buf, SIZE, BOWER_PIPE_NONBLOCK), SIZE);
	expect("full, not waiting", bower_pipe_write(e[1], "x", 1, BOWER_PIPE_NONBLOCK),
	       -BOWER_EAGAIN);
	expect("take 100", bower_pipe_read(e[0], back, 100, 0), 100);
	expect("a small write waits for room for all of it",
	       bower_pipe_write(e[1], buf, 200, BOWER_PIPE_NONBLOCK), -BOWER_EAGAIN);
	expect("a large one takes the room there is",
	       bower_pipe_write(e[1], buf, 1000, BOWER_PIPE_NONBLOCK), 100);
	expect("read it all", bower_pipe_read(e[0], back + 100, SIZE, 0), SIZE);
	expect("in order", memcmp(back, buf, SIZE) == 0 && memcmp(back + SIZE, buf, 100) == 0, 1);

	expect("write before the end", bower_pipe_write(e[1], "tail", 4, 0), 4);
	bower_cap_delete(e[1]);
	expect("what was written is still read", bower_pipe_read(e[0], back, 100, 0), 4);
	expect("then the end", bower_pipe_read(e[0], back, 100, 0), 0);
	bower_cap_delete(e[0]);

	make_pipe(e);
	bower_cap_delete(e[0]);
	expect("no read end: EPIPE", bower_pipe_write(e[1], "x", 1, 0), -BOWER_EPIPE);
	bower_cap_delete(e[1]);
}

static void bad_arguments(void)
{
	int e[2];
	make_pipe(e);
	expect("write", bower_pipe_write(e[1], "precious", 8, 0), 8);
	expect("read into NULL", bower_pipe_read(e[0], NULL, 8, 0), -BOWER_EFAULT);
	expect("read into the kernel", bower_pipe_read(e[0], KERNEL_ADDR, 8, 0), -BOWER_EFAULT);
	expect("read into read-only memory", bower_pipe_read(e[0], (void *)rodata, 8, 0),
	       -BOWER_EFAULT);
	expect("read into unmapped memory", bower_pipe_read(e[0], UNMAPPED, 8, 0), -BOWER_EFAULT);
	expect("read with a wrapping length", bower_pipe_read(e[0], back, (size_t)-1, 0),
	       -BOWER_EFAULT);
	memset(back, 0, 16);
	expect("nothing was lost", bower_pipe_read(e[0], back, 8, 0), 8);
	expect("the same bytes", memcmp(back, "precious", 8), 0);
	expect("write from NULL", bower_pipe_write(e[1], NULL, 8, 0), -BOWER_EFAULT);
	expect("write from the kernel", bower_pipe_write(e[1], KERNEL_ADDR, 8, 0), -BOWER_EFAULT);
	expect("write from unmapped memory", bower_pipe_write(e[1], UNMAPPED, 2000, 0),
	       -BOWER_EFAULT);
	expect("nothing was written", bower_pipe_read(e[0], back, 8, BOWER_PIPE_NONBLOCK),
	       -BOWER_EAGAIN);
	expect("read the write end", bower_pipe_read(e[1], back, 8, 0), -BOWER_EACCES);
	expect("write the read end", bower_pipe_write(e[0], "x", 1, 0), -BOWER_EACCES);
	expect("an empty slot", bower_pipe_read(999, back, 8, 0), -BOWER_EBADF);
	expect("a negative slot", bower_pipe_write(-1, "x", 1, 0), -BOWER_EBADF);
	long n = bower_notify_create();
	expect("not a pipe", bower_pipe_read((int)n, back, 8, 0), -BOWER_EINVAL);
	bower_cap_delete((int)n);
	expect("unknown flags", bower_pipe_write(e[1], "x", 1, 4), -BOWER_EINVAL);
	expect("a write does not peek", bower_pipe_write(e[1], "x", 1, BOWER_PIPE_PEEK),
	       -BOWER_EINVAL);
	close_pipe(e);

	long before = free_pages();
	expect("pipe_create to NULL", bower_pipe_create(NULL), -BOWER_EFAULT);
	expect("pipe_create to the kernel", bower_pipe_create(KERNEL_ADDR), -BOWER_EFAULT);
	expect("pipe_create to read-only memory", bower_pipe_create((int *)rodata), -BOWER_EFAULT);
	int again[2];
	make_pipe(again);
	expect("a refused create kept no slot", again[0] == e[0] && again[1] == e[1], 1);
	close_pipe(again);
	expect("nor a page", free_pages(), before);
}

/* Threads of this process, sleeping in a call on a pipe. */
#define STACK 16384
static _Alignas(16) char stacks[2][STACK];
static volatile long result[2];
static int peer_end;

static void reader_thread(uintptr_t i)
{
	result[i] = bower_pipe_read(peer_end, back, 64, 0);
	bower_thread_exit();
}

static void writer_thread(uintptr_t i)
{
	result[i] = bower_pipe_write(peer_end, buf, 100, 0);
	bower_thread_exit();
}

/* Start fn on a thread, let it block, do what the scenario says, and
 * return what the thread's call returned. */
static long with_thread(void (*fn)(uintptr_t), int end, void (*then)(void))
{
	result[0] = 12345;
	peer_end = end;
	long t = bower_thread_create((uintptr_t)fn, 0, (uintptr_t)stacks[0] + STACK);
	usleep(20000);
	expect("the thread is waiting", result[0], 12345);
	then();
	bower_thread_join((int)t);
	bower_cap_delete((int)t);
	return result[0];
}

static int ends[2];
static void write_some(void)
{
	bower_pipe_write(ends[1], "wake", 4, 0);
}
static void read_some(void)
{
	bower_pipe_read(ends[0], back, 100, 0);
}
static void drop_write_end(void)
{
	bower_cap_delete(ends[1]);
}
static void drop_read_end(void)
{
	bower_cap_delete(ends[0]);
}

static void threads(void)
{
	make_pipe(ends);
	expect("a sleeping reader gets what is written", with_thread(reader_thread, ends[0],
								      write_some), 4);
	bower_pipe_write(ends[1], buf, SIZE, 0);
	expect("a writer waiting for room gets it", with_thread(writer_thread, ends[1], read_some),
	       100);
	read_some();
	while (bower_pipe_read(ends[0], back, SIZE, BOWER_PIPE_NONBLOCK) > 0)
		;
	expect("a sleeping reader finds the end", with_thread(reader_thread, ends[0],
							       drop_write_end), 0);
	bower_cap_delete(ends[0]);
	make_pipe(ends);
	bower_pipe_write(ends[1], buf, SIZE, 0);
	expect("a waiting writer gets EPIPE when the reader goes",
	       with_thread(writer_thread, ends[1], drop_read_end), -BOWER_EPIPE);
	bower_cap_delete(ends[1]);
}

/* A child holding one end at slot 0, blocked on it; killed. */
static void killed_peer(const char *role, int give, int keep)
{
	const char *argv[] = {"pipetest", role, NULL};
	long pid = bower_spawn("pipetest", argv, &give, 1);
	bower_cap_delete(give);
	usleep(50000); /* it runs and blocks in its call */
	long proc = bower_process_cap((int)pid);
	expect("kill the peer in its call", bower_process_kill((int)proc), 0);
	int status;
	bower_wait((int)pid, &status);
	bower_cap_delete((int)proc);
	expect("killed", status, BOWER_STATUS_KILLED(BOWER_SIGKILL));
	if (strcmp(role, "reader") == 0) {
		expect("its read end went with it: EPIPE", bower_pipe_write(keep, "x", 1, 0),
		       -BOWER_EPIPE);
	} else {
		expect("what it wrote is there", bower_pipe_read(keep, back, 2 * SIZE, 0), SIZE);
		expect("then the end, its write end gone", bower_pipe_read(keep, back, 1, 0), 0);
	}
	bower_cap_delete(keep);
}

static void killed_peers(void)
{
	int e[2];
	make_pipe(e);
	killed_peer("reader", e[0], e[1]);
	make_pipe(e);
	killed_peer("writer", e[1], e[0]);
}

/* Make pipes until refused: how many; their ends in all[], the error in *err. */
static int *all;
static long fill(long *err)
{
	long n = 0;
	for (;;) {
		long r = bower_pipe_create(&all[2 * n]);
		if (r < 0) {
			*err = r;
			return n;
		}
		n++;
	}
}

static void empty(long n)
{
	for (long i = 0; i < 2 * n; i++)
		bower_cap_delete(all[i]);
}

static void exhaustion(void)
{
	all = malloc(sizeof(int) * 2 * (CAP_SLOTS_MAX / 2 + 1));
	expect("raise the capability limit", bower_cap_set_limit(CAP_SLOTS_MAX), 0);
	long err, n = fill(&err); /* the table grows to its largest: keep that */
	empty(n);
	long before = free_pages();
	n = fill(&err);
	long during = free_pages();
	printf("pipetest: %ld pipes before %s\n", n, err == -BOWER_EMFILE ? "EMFILE" : "ENOMEM");
	expect("the capability table ran out", err, -BOWER_EMFILE);
	expect("each pipe holds its page", before - during >= n, 1);
	empty(n);
	expect("every page back", free_pages(), before);

	/* A second process holds as many: now memory runs out first. */
	int control[2], done[2];
	make_pipe(control);
	make_pipe(done);
	int give[2] = {control[0], done[1]};
	const char *argv[] = {"pipetest", "hog", NULL};
	long pid = bower_spawn("pipetest", argv, give, 2);
	bower_cap_delete(control[0]);
	bower_cap_delete(done[1]);
	long held = 0;
	bower_pipe_read(done[0], (void *)&held, sizeof(held), 0);
	n = fill(&err);
	printf("pipetest: %ld pipes more (another process holds %ld) before %s\n", n, held,
	       err == -BOWER_EMFILE ? "EMFILE" : "ENOMEM");
	expect("memory ran out", err, -BOWER_ENOMEM);
	empty(n);
	bower_cap_delete(control[1]); /* the hog reads the end and exits */
	bower_cap_delete(done[0]);
	int status;
	bower_wait((int)pid, &status);
	expect("the hog exited", status, 0);
	expect("every page back again", free_pages(), before);
	free(all);
}

/* Children: slot 0 holds their end (and the hog's slot 1 its report). */
static int child(const char *role)
{
	if (strcmp(role, "reader") == 0)
		bower_pipe_read(0, back, 1, 0);
	else if (strcmp(role, "writer") == 0)
		bower_pipe_write(0, buf, 2 * SIZE, 0);
	else if (strcmp(role, "hog") == 0) {
		all = malloc(sizeof(int) * 2 * (CAP_SLOTS_MAX / 2 + 1));
		bower_cap_set_limit(CAP_SLOTS_MAX);
		long err, n = fill(&err);
		bower_pipe_write(1, &n, sizeof(n), 0);
		bower_pipe_read(0, back, 1, 0); /* until the end */
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child(argv[1]);
	basics();
	bad_arguments();
	threads();
	killed_peers();
	exhaustion();
	printf("pipetest: %d checks failed\n", failed);
	return failed;
}
