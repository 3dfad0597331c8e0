/*
 * roundtrip.c - what a page fault through the pager costs, next to a null
 * IPC round trip, in counter ticks (with QEMU's -icount shift=0 one tick is
 * 16 instructions). A benchmark: it reports, it does not judge.
 *
 *	roundtrip [N]   N first touches of holes of a new file (each fault
 *	                also makes the file a zeroed page), then N faults on a
 *	                file written first (each: trap, message to the file
 *	                server's pager, its map call, resume), then N null
 *	                calls to a server thread of this process
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define PAGE 4096

static long port;
static _Alignas(16) char stack[16384];

static void server(uintptr_t unused)
{
	char buf[16];
	struct bower_ipc_reply_recv m = {.reply_cap = BOWER_NO_CAP, .buf = buf, .buflen = sizeof(buf)};
	(void)unused;
	for (;;) /* answer the last call, take the next: one system call a turn */
		bower_ipc_reply_recv((int)port, &m);
}

/* Map the file's n pages and touch each once: counter ticks in all. */
static uint64_t touch_each_page(int fd, long n)
{
	volatile char *m = mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	uint64_t t0 = bower_counter();
	for (long i = 0; i < n; i++)
		(void)m[i * PAGE];
	uint64_t ticks = bower_counter() - t0;
	munmap((void *)m, n * PAGE);
	return ticks;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 256;

	/* First the holes of a new file: each fault also makes the file a
	 * zeroed page. */
	int fd = open("/roundtrip", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, n * PAGE);
	uint64_t holes = touch_each_page(fd, n);
	close(fd);
	unlink("/roundtrip");
	/* Then a file written first: the pager has each page already and
	 * only maps it, which is the round trip itself. */
	static char page[PAGE];
	fd = open("/roundtrip", O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (long i = 0; i < n; i++)
		pwrite(fd, page, PAGE, i * PAGE);
	uint64_t faults = touch_each_page(fd, n);
	close(fd);
	unlink("/roundtrip");

	port = bower_port_create();
	bower_thread_create((uintptr_t)server, 0, (uintptr_t)stack + sizeof(stack));
	uintptr_t va;
	long conn = bower_ipc_connect((int)port, &va);
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	bower_ipc_call((int)conn, &msg); /* the server thread gets going */
	uint64_t t1 = bower_counter();
	for (long i = 0; i < n; i++) {
		msg.len = 0;
		msg.cap = BOWER_NO_CAP;
		bower_ipc_call((int)conn, &msg);
	}
	uint64_t calls = bower_counter() - t1;
	printf("roundtrip: page fault through the pager: %llu ticks; first touch of a hole: %llu "
	       "ticks; null IPC call: %llu ticks (averages over %ld)\n",
	       (unsigned long long)(faults / n), (unsigned long long)(holes / n),
	       (unsigned long long)(calls / n), n);
	return 0;
}
