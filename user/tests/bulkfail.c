/*
 * bulkfail.c - a call's bulk buffer against hostile arguments: the
 * descriptor ipc_call_bulk refuses at once, and what the server holding
 * the call may and may not copy with ipc_caller_write and ipc_caller_read.
 *
 *	bulkfail          main calls a server thread of its own, which checks
 *	                  each copy against what the kernel must answer
 *	bulkfail caller   (child) calls with a bulk buffer; the server kills it
 *	bulkfail dying    (child) calls, and a second thread faults meanwhile
 *
 * The server's side of each scenario runs while main is blocked in its
 * call, so the lines come out in this order. The exit status counts the
 * checks that went wrong.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "bulkfail"
#include "expect.h"

#define PAGE	  4096UL
#define KERNEL_VA 0xffff000040200000UL
#define UNMAPPED  0x7000000000UL

enum scenario {
	PLAIN,	     /* no bulk buffer */
	TO_CALLER,   /* two pages the server may write */
	FROM_CALLER, /* two pages the server may read */
	PARTIAL,     /* a page, then a page with no mapping */
	READ_ONLY,   /* a page mapped read-only, both rights */
	UNTOUCHED,   /* four pages never touched */
	IN_DMA,	     /* two pages of DMA memory (dma_create) */
	IN_FILE,     /* a page of a shared file mapping */
	IN_LLM,	     /* a page of a MAP_LLM mapping */
	SERVER_FILE, /* the server's own side in a file mapping */
	NESTED,	     /* the server makes a bulk call of its own meanwhile */
	VICTIM,	     /* a child the server kills while it holds its call */
	DYING,	     /* a child that dies of a fault while the server holds its call */
};

static long port, inner_port, conn, inner_conn;
/* The child the server is to watch (0 until main has its capability), and
 * whether the server is done with it. */
static volatile long victim;
static volatile int victim_done;
static char *conn_buf;
static _Alignas(4096) char pattern[4 * PAGE]; /* what the server copies to its caller */
static _Alignas(4096) char client[3 * PAGE];  /* main's bulk buffer */
static _Alignas(4096) char landed[3 * PAGE];  /* where the server copies from its caller */
static char *file_map, *llm_map;
static _Alignas(16) char server_stack[16384], inner_stack[16384], fault_stack[8192];

static long cw(unsigned long off, const void *src, size_t len)
{
	return bower_ipc_caller_write(off, src, len);
}

static long cr(unsigned long off, void *dst, size_t len)
{
	return bower_ipc_caller_read(off, dst, len);
}

/* Wait until the process behind capability `proc` has ended. */
static void await_end(long proc)
{
	while (bower_process_status((int)proc) == -BOWER_EAGAIN)
		bower_yield();
}

/* The server's side: the checks for one scenario; the reply's value. */
static long serve(enum scenario s)
{
	switch (s) {
	case PLAIN:
		expect("a call without a bulk buffer grants no read", cr(0, landed, 1),
		       -BOWER_EACCES);
		return cw(0, pattern, 1);
	case TO_CALLER:
		expect("read a buffer granted for writing only", cr(0, landed, 1), -BOWER_EACCES);
		expect("write the whole buffer", cw(0, pattern, 2 * PAGE), (long)(2 * PAGE));
		expect("write nothing at its end", cw(2 * PAGE, pattern, 0), 0);
		expect("write a byte past its end", cw(2 * PAGE, pattern, 1), -BOWER_ERANGE);
		expect("write across its end", cw(2 * PAGE - 8, pattern, 16), -BOWER_ERANGE);
		expect("an offset far past it", cw(~0UL, pattern, 2), -BOWER_ERANGE);
		expect("a length that wraps", cw(1, pattern, ~0UL), -BOWER_ERANGE);
		expect("from a kernel address", cw(0, (void *)KERNEL_VA, 16), -BOWER_EFAULT);
		expect("from NULL", cw(0, NULL, 16), -BOWER_EFAULT);
		expect("from memory never mapped", cw(0, (void *)UNMAPPED, 16), -BOWER_EFAULT);
		expect("from the top of user space", cw(0, (void *)(BOWER_USER_TOP - 8), 16),
		       -BOWER_EFAULT);
		/* last: main checks these bytes (both sides misaligned, across pages) */
		expect("write 5000 bytes at offset 3", cw(3, pattern + 5, 5000), 5000);
		return 0;
	case FROM_CALLER:
		expect("write a buffer granted for reading only", cw(0, pattern, 1), -BOWER_EACCES);
		expect("read the whole buffer", cr(0, landed, 2 * PAGE), (long)(2 * PAGE));
		expect("what was read is the caller's",
		       memcmp(landed, client, 2 * PAGE) == 0 ? 0 : 1, 0);
		expect("into the server's read-only memory", cr(0, (void *)"constant", 8),
		       -BOWER_EFAULT);
		expect("into a kernel address", cr(0, (void *)KERNEL_VA, 8), -BOWER_EFAULT);
		return 0;
	case PARTIAL:
		expect("write across the end of the mapping: the bytes before it",
		       cw(0, pattern, 2 * PAGE), (long)PAGE);
		expect("write the last bytes before it", cw(PAGE - 6, pattern, 10), 6);
		expect("write past it", cw(PAGE, pattern, 10), -BOWER_EFAULT);
		return 0;
	case READ_ONLY:
		expect("write a read-only page", cw(0, pattern, 8), -BOWER_EFAULT);
		expect("read it (never touched: made now, zeros)", cr(0, landed, PAGE), (long)PAGE);
		expect("it reads as zeros", landed[0] | landed[PAGE - 1], 0);
		return 0;
	case UNTOUCHED:
		return cw(0, pattern, 4 * PAGE - 1);
	case IN_DMA:
		return cw(0, pattern + 1, 2 * PAGE);
	case IN_FILE:
	case IN_LLM:
		expect(s == IN_FILE ? "write into a file mapping: its pager may be needed"
				    : "write into a MAP_LLM mapping",
		       cw(0, pattern, 8), -BOWER_EAGAIN);
		expect(s == IN_FILE ? "read from a file mapping" : "read from a MAP_LLM mapping",
		       cr(0, landed, 8), -BOWER_EAGAIN);
		return 0;
	case SERVER_FILE:
		expect("write from the server's own file mapping", cw(0, file_map, 8),
		       -BOWER_EAGAIN);
		expect("read into it", cr(0, file_map, 8), -BOWER_EAGAIN);
		return 0;
	case NESTED: {
		struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
		struct bower_ipc_bulk b = {.addr = landed, .len = 16, .rights = BOWER_BULK_WRITE};
		long err = bower_ipc_call_bulk((int)inner_conn, &msg, &b);
		expect("a bulk call made while holding one", err ? err : msg.ret, 6);
		expect("its server wrote our buffer", strcmp(landed, "inner"), 0);
		return cw(0, "outer", 6);
	}
	case VICTIM:
		while (!victim)
			bower_yield();
		expect("write to a live caller", cw(0, pattern, 16), 16);
		expect("kill it", bower_process_kill((int)victim), 0);
		expect("write to a killed caller that has not left yet", cw(0, pattern, 16),
		       -BOWER_ESRCH);
		await_end(victim);
		expect("write to a caller that has left", cw(0, pattern, 16), -BOWER_ESRCH);
		expect("read from it", cr(0, landed, 16), -BOWER_ESRCH);
		expect("the reply to it", bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP), -BOWER_ESRCH);
		expect("a write after that reply: no call held", cw(0, pattern, 16), -BOWER_EINVAL);
		victim_done = 1;
		return 0;
	case DYING:
		while (!victim)
			bower_yield();
		await_end(victim);
		expect("write to a caller whose process faulted", cw(0, pattern, 16), -BOWER_ESRCH);
		victim_done = 1;
		return 0;
	}
	return -BOWER_EINVAL;
}

static void server(uintptr_t unused)
{
	(void)unused;
	char in[16];
	struct bower_ipc_recv info;
	for (;;) {
		if (bower_ipc_recv((int)port, in, sizeof(in), &info) < 0 ||
		    (info.flags & BOWER_IPC_CLOSED))
			continue; /* a child's connection, gone */
		int s;
		memcpy(&s, in, sizeof(s));
		long ret = serve((enum scenario)s);
		bower_ipc_reply(ret, NULL, 0, BOWER_NO_CAP); /* no call left after VICTIM */
	}
}

/* NESTED's inner server: writes "inner" into each caller's bulk buffer. */
static void inner_server(uintptr_t unused)
{
	(void)unused;
	char in[8];
	struct bower_ipc_recv info;
	for (;;)
		if (bower_ipc_recv((int)inner_port, in, sizeof(in), &info) == 0)
			bower_ipc_reply(cw(0, "inner", 6), NULL, 0, BOWER_NO_CAP);
}

static long call_bulk(long c, char *buf, enum scenario s, const struct bower_ipc_bulk *b)
{
	memcpy(buf, &s, sizeof(s));
	struct bower_ipc_call msg = {.len = sizeof(s), .cap = BOWER_NO_CAP};
	long err = bower_ipc_call_bulk((int)c, &msg, b);
	return err < 0 ? err : msg.ret;
}

static long call(enum scenario s, void *addr, unsigned long len, unsigned rights)
{
	struct bower_ipc_bulk b = {.addr = addr, .len = len, .rights = rights};
	return call_bulk(conn, conn_buf, s, &b);
}

/* Faults once the other thread's call has had time to reach the server:
 * on several CPUs the two run at once, so yields alone are no delay. */
static void faulter(uintptr_t unused)
{
	(void)unused;
	uint64_t end = bower_counter() + bower_counter_freq() / 5;
	for (int i = 0; i < 20 || bower_counter() < end; i++)
		bower_yield();
	*(volatile int *)0 = 1; /* kills the whole process */
}

static int child(const char *role)
{
	uintptr_t va;
	long c = bower_ipc_connect(0, &va);
	static char mine[64];
	if (strcmp(role, "dying") == 0)
		bower_thread_create((uintptr_t)faulter, 0,
				    (uintptr_t)fault_stack + sizeof(fault_stack));
	struct bower_ipc_bulk b = {.addr = mine, .len = sizeof(mine), .rights = BOWER_BULK_WRITE};
	call_bulk(c, (char *)va, strcmp(role, "dying") == 0 ? DYING : VICTIM, &b);
	return 0; /* never: it is killed in its call */
}

static void start_child(const char *role)
{
	long give = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const int caps[] = {(int)give};
	const char *const argv[] = {"bulkfail", role, NULL};
	victim = 0;
	victim_done = 0;
	long pid = bower_spawn("bulkfail", argv, caps, 1);
	bower_cap_delete((int)give);
	victim = bower_process_cap((int)pid);
	int status = 0;
	bower_wait((int)pid, &status);
	while (!victim_done) /* the server's checks print their lines first */
		bower_yield();
	expect(strcmp(role, "dying") == 0 ? "the dying caller was killed by its fault"
					  : "the caller was killed",
	       status & 0x7f, strcmp(role, "dying") == 0 ? BOWER_SIGSEGV : BOWER_SIGKILL);
	bower_cap_delete((int)victim);
}

/* Descriptors ipc_call_bulk refuses before anything is sent. */
static void refused_at_once(void)
{
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	expect("a descriptor at a kernel address",
	       bower_ipc_call_bulk((int)conn, &msg, (void *)KERNEL_VA), -BOWER_EFAULT);
	expect("a buffer at a kernel address", call(PLAIN, (void *)KERNEL_VA, 16, BOWER_BULK_WRITE),
	       -BOWER_EFAULT);
	expect("NULL with a length", call(PLAIN, NULL, 16, BOWER_BULK_WRITE), -BOWER_EFAULT);
	expect("an address and length that wrap", call(PLAIN, client, ~0UL, BOWER_BULK_WRITE),
	       -BOWER_EFAULT);
	expect("a buffer past the top of user space",
	       call(PLAIN, (void *)(BOWER_USER_TOP - 8), 16, BOWER_BULK_READ), -BOWER_EFAULT);
	expect("unknown rights", call(PLAIN, client, 16, 0x4), -BOWER_EINVAL);
	expect("NULL and no length: a call with no bulk buffer",
	       call(PLAIN, NULL, 0, BOWER_BULK_WRITE), -BOWER_EACCES);
	expect("copy to a caller with no call held", cw(0, pattern, 1), -BOWER_EINVAL);
	expect("copy from a caller with no call held", cr(0, landed, 1), -BOWER_EINVAL);
}

/* A page whose next page has no mapping: NULL if none could be found. */
static char *page_before_a_hole(void)
{
	for (int tries = 0; tries < 8; tries++) {
		long va = bower_vm_map(0, PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE, 0);
		if (va < 0)
			return NULL;
		if (bower_vm_mincore((uintptr_t)va + PAGE, PAGE, NULL) == -BOWER_ENOMEM)
			return (char *)va;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child(argv[1]);
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (char)(i * 13 + 1);
	port = bower_port_create();
	inner_port = bower_port_create();
	uintptr_t va;
	conn = bower_ipc_connect((int)port, &va);
	conn_buf = (char *)va;
	inner_conn = bower_ipc_connect((int)inner_port, &va);
	bower_thread_create((uintptr_t)server, 0, (uintptr_t)server_stack + sizeof(server_stack));
	bower_thread_create((uintptr_t)inner_server, 0,
			    (uintptr_t)inner_stack + sizeof(inner_stack));

	refused_at_once();
	{
		struct bower_ipc_call msg = {.len = sizeof(int), .cap = BOWER_NO_CAP};
		memset(conn_buf, 0, sizeof(int)); /* PLAIN */
		long err = bower_ipc_call((int)conn, &msg);
		expect("a plain call grants no write", err ? err : msg.ret, -BOWER_EACCES);
	}

	expect("to the caller", call(TO_CALLER, client, 2 * PAGE, BOWER_BULK_WRITE), 0);
	expect("the caller has the bytes, where they were put",
	       memcmp(client + 3, pattern + 5, 5000) == 0 && client[2] == pattern[2] &&
		   client[5003] == pattern[5003],
	       1);
	for (size_t i = 0; i < 2 * PAGE; i++)
		client[i] = (char)(i * 7 + 2);
	expect("from the caller", call(FROM_CALLER, client, 2 * PAGE, BOWER_BULK_READ), 0);

	char *hole = page_before_a_hole();
	expect("a page before a hole", hole != NULL, 1);
	if (hole) {
		expect("a buffer running into the hole",
		       call(PARTIAL, hole, 2 * PAGE, BOWER_BULK_WRITE), 0);
		expect("the bytes before the hole arrived", memcmp(hole, pattern, PAGE - 6), 0);
		bower_vm_unmap((uintptr_t)hole, PAGE);
	}

	long ro = bower_vm_map(0, PAGE, BOWER_PROT_READ, 0);
	expect("a read-only page",
	       call(READ_ONLY, (void *)ro, PAGE, BOWER_BULK_READ | BOWER_BULK_WRITE), 0);
	bower_vm_unmap((uintptr_t)ro, PAGE);

	long fresh = bower_vm_map(0, 4 * PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE, 0);
	expect("untouched pages, all of them written",
	       call(UNTOUCHED, (void *)fresh, 4 * PAGE, BOWER_BULK_WRITE), (long)(4 * PAGE - 1));
	expect("they hold the bytes", memcmp((void *)fresh, pattern, 4 * PAGE - 1), 0);
	bower_vm_unmap((uintptr_t)fresh, 4 * PAGE);

	long dma = bower_dma_create(2);
	long dva = dma < 0 ? dma
			   : bower_vm_map_pmo((int)dma, 0, 2 * PAGE,
					      BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	expect("DMA memory, mapped", dva > 0, 1);
	if (dva > 0) {
		expect("DMA memory as the buffer: written whole",
		       call(IN_DMA, (void *)dva, 2 * PAGE, BOWER_BULK_WRITE), (long)(2 * PAGE));
		expect("with the bytes", memcmp((void *)dva, pattern + 1, 2 * PAGE), 0);
		bower_vm_unmap((uintptr_t)dva, 2 * PAGE);
	}
	bower_cap_delete((int)dma);

	int fd = open("/bulkfail", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, 4 * PAGE);
	file_map = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	llm_map = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LLM, fd, 0);
	expect("a file mapping and a MAP_LLM one", file_map != MAP_FAILED && llm_map != MAP_FAILED,
	       1);
	if (file_map != MAP_FAILED && llm_map != MAP_FAILED) {
		file_map[0] = llm_map[1] = 'x'; /* present: still the pager's */
		expect("in a file mapping",
		       call(IN_FILE, file_map, PAGE, BOWER_BULK_READ | BOWER_BULK_WRITE), 0);
		expect("in a MAP_LLM mapping",
		       call(IN_LLM, llm_map, PAGE, BOWER_BULK_READ | BOWER_BULK_WRITE), 0);
		expect("the server's side in a file mapping",
		       call(SERVER_FILE, client, PAGE, BOWER_BULK_READ | BOWER_BULK_WRITE), 0);
		munmap(file_map, 4 * PAGE);
		munmap(llm_map, 4 * PAGE);
	}
	close(fd);
	unlink("/bulkfail");

	memset(client, 0, 16);
	expect("nested", call(NESTED, client, 16, BOWER_BULK_WRITE), 6);
	expect("the outer caller got its bytes", strcmp(client, "outer"), 0);

	start_child("caller");
	start_child("dying");
	printf("bulkfail: %d checks failed\n", failed);
	return failed;
}
