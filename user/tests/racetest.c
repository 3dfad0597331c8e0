/*
 * racetest.c - system calls that sleep in slow user memory while another
 * thread changes what they looked up.
 *
 * The program is its own pager: its file mapping `slow` is served by its
 * main thread, which answers a fault only when the scenario says so. A
 * worker thread makes a system call whose user buffer lies in `slow`; the
 * call sleeps in the kernel until the fault is answered, and meanwhile the
 * main thread deletes the capability the call named, kills its peer, or
 * unmaps its region. Each scenario checks the documented result; the kernel
 * must neither panic nor hang (the QEMU test's time limit catches a hang).
 *
 *	racetest all        every scenario, each in a child process; then the
 *	                    kernel's free-page count must be back
 *	racetest NAME       one scenario: call reply spawn room recv recvfail sleep deadring
 *	                    pipe
 *	racetest sleeper    (child) sleep for ever
 *	racetest client     (child) connect to the port in slot 0, call once
 *	racetest toucher P  (child) map the file object in slot 0, read page P
 *	racetest pipereader (child) read the pipe in slot 1 into that mapping
 *
 * Exit status: the number of wrong results.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "racetest"
#include "expect.h"

#define PAGE	    4096
#define SLOW_PAGES  8
#define RING_SLOTS  8
#define WORKERS	    2
#define STACK_BYTES 8192


/* --- the pager ------------------------------------------------------- */

static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[RING_SLOTS];
} ring;
static _Alignas(PAGE) char content[SLOW_PAGES][PAGE]; /* what each file page holds */
static unsigned long tail;
static long pager, notify, file;
static char *slow;

/* Become a pager with a ring of `slots` and map an 8-page file of ours. */
static void be_pager(unsigned long slots)
{
	notify = bower_notify_create();
	ring.ring.slots = slots;
	pager = bower_pager_register((int)notify, (uintptr_t)&ring, slots);
	file = bower_pmo_create_file((int)pager, SLOW_PAGES, 1);
	slow = (char *)bower_vm_map_pmo((int)file, 0, SLOW_PAGES * PAGE,
					BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	if (pager < 0 || file < 0 || (long)slow < 0)
		printf("racetest: WRONG: cannot become a pager (%ld %ld %ld)\n", pager, file,
		       (long)slow);
}

/* Wait until the kernel has posted n messages in all. */
static void wait_posted(unsigned long n)
{
	while (__atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE) < n)
		bower_notify_wait((int)notify, 1);
}

/* Read the next fault, freeing its slot (and those of the notices
 * before it: a mapping's end, UNUSED). */
static struct bower_pager_msg next_fault(void)
{
	for (;;) {
		wait_posted(tail + 1);
		struct bower_pager_msg f = ring.entries[tail++ % ring.ring.slots];
		__atomic_store_n(&ring.ring.tail, tail, __ATOMIC_RELEASE);
		if (f.kind == BOWER_PAGER_MSG_FAULT)
			return f;
	}
}

/* Answer a fault with the content of its file page. */
static long answer(const struct bower_pager_msg *f)
{
	struct bower_pager_entry e = {f->va, (uintptr_t)content[f->page % SLOW_PAGES]};
	return bower_pager_map((int)pager, f->token, &e, 1, BOWER_PROT_READ | BOWER_PROT_WRITE);
}

/* --- threads --------------------------------------------------------- */

static _Alignas(16) char stacks[WORKERS][STACK_BYTES];
static long (*work[WORKERS])(void);
static volatile long result[WORKERS];
static volatile int finished[WORKERS];

static void worker_main(uintptr_t i)
{
	result[i] = work[i]();
	__atomic_store_n(&finished[i], 1, __ATOMIC_RELEASE);
	bower_thread_exit();
}

static long start(int i, long (*fn)(void))
{
	work[i] = fn;
	finished[i] = 0;
	return bower_thread_create((uintptr_t)worker_main, (uintptr_t)i,
				   (uintptr_t)stacks[i] + sizeof(stacks[i]));
}

/* Let every other runnable thread run until it blocks (or waits). */
static void let_others_run(void)
{
	/* On one CPU a few yields are enough; on several the others run
	 * elsewhere, and may not have got anywhere yet, so a while too. */
	uint64_t end = bower_counter() + bower_counter_freq() / 10;
	for (int i = 0; i < 20 || bower_counter() < end; i++)
		bower_yield();
}

/* Make objects so that the kernel memory of an object just freed is
 * reused, then empty `slot` again (the first of them lands there). */
static void churn(long slot)
{
	long port = bower_port_create();
	uintptr_t buf;
	for (int i = 0; i < 6; i++) {
		bower_notify_create();
		bower_ipc_connect((int)port, &buf);
	}
	bower_cap_delete((int)slot);
}

static long spawn_self(const char *role, const char *arg, int cap)
{
	const char *const argv[] = {"racetest", role, arg, NULL};
	return bower_spawn("racetest", argv, &cap, 1);
}

static void kill_child(long pid)
{
	long cap = bower_process_cap((int)pid);
	expect("kill the child", bower_process_kill((int)cap), 0);
}

/* --- scenarios ------------------------------------------------------- */

static long conn;

static long call_slow(void)
{
	return bower_ipc_call((int)conn, (struct bower_ipc_call *)slow);
}

/* ipc_call's message is in slow memory; its connection is deleted and the
 * memory reused meanwhile. The C library reads the message (a fault on
 * the slow page, in user mode) before the call, which then finds the slot
 * empty. */
static void scenario_call(void)
{
	be_pager(RING_SLOTS);
	uintptr_t buf;
	long port = bower_port_create();
	conn = bower_ipc_connect((int)port, &buf);
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	memcpy(content[0], &msg, sizeof(msg));
	start(0, call_slow);
	struct bower_pager_msg f = next_fault();
	expect("the call sleeps on its message", (long)f.page, 0);
	expect("delete the connection meanwhile", bower_cap_delete((int)conn), 0);
	churn(conn);
	answer(&f);
	while (!finished[0])
		bower_yield();
	expect("the call finds its connection gone", result[0], -BOWER_EBADF);
}

static long port;

static long recv_then_reply_slow(void)
{
	char buf[64];
	struct bower_ipc_recv info;
	long err = bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	if (err)
		return 1000 + err;
	return bower_ipc_reply(7, slow + PAGE, 16, BOWER_NO_CAP);
}

/* A server's reply is in slow memory; its client is killed meanwhile: the
 * reply says the client is gone. */
static void scenario_reply(void)
{
	be_pager(RING_SLOTS);
	port = bower_port_create();
	long pid = spawn_self("client", "", (int)port);
	start(0, recv_then_reply_slow);
	struct bower_pager_msg f = next_fault();
	expect("the reply sleeps on its buffer", (long)f.page, 1);
	kill_child(pid);
	let_others_run();
	answer(&f);
	while (!finished[0])
		bower_yield();
	expect("the reply finds its client gone", result[0], -BOWER_ESRCH);
	int status = 0;
	expect("reap the client", bower_wait((int)pid, &status), pid);
	expect("which was killed", status & 0x7f, BOWER_SIGKILL);
}

static long notification;

static long spawn_slow(void)
{
	const char *const argv[] = {"hello", NULL};
	int caps[] = {(int)notification};
	return bower_spawn(slow + 2 * PAGE, argv, caps, 1);
}

/* spawn's path is in slow memory and it passes a notification, whose last
 * capability is deleted meanwhile while connections take its memory: the
 * child must never get what the slot holds later. */
static void scenario_spawn(void)
{
	be_pager(RING_SLOTS);
	strcpy(content[2], "hello");
	notification = bower_notify_create();
	start(0, spawn_slow);
	struct bower_pager_msg f = next_fault();
	expect("spawn sleeps on its path", (long)f.page, 2);
	expect("delete the notification meanwhile", bower_cap_delete((int)notification), 0);
	churn(notification);
	answer(&f);
	while (!finished[0])
		bower_yield();
	expect("spawn finds the slot empty", result[0], -BOWER_EBADF);
}

static long touch_slow(void)
{
	return slow[3 * PAGE];
}

static long memstat_slow(void)
{
	return bower_mem_stat((struct bower_memstat *)(slow + 4 * PAGE));
}

/* A ring of one slot, taken: a second fault (inside mem_stat's copy) waits
 * for room while the main thread unmaps the region and maps new memory in
 * its place. The waiting fault must look at the region again: the copy
 * then lands in the new memory. */
static void scenario_room(void)
{
	be_pager(1);
	start(0, touch_slow);
	wait_posted(1); /* the first fault fills the ring; its slot stays taken */
	start(1, memstat_slow);
	let_others_run(); /* the second fault now waits for room */
	expect("nothing more was posted", (long)ring.ring.head, 1);
	char *at = slow;
	expect("unmap the file mapping", bower_vm_unmap((uintptr_t)at, SLOW_PAGES * PAGE), 0);
	expect("map new memory in its place",
	       bower_vm_map((uintptr_t)at, SLOW_PAGES * PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE,
			    BOWER_MAP_FIXED),
	       (long)(uintptr_t)at);
	struct bower_pager_msg f = next_fault();
	expect("the first fault's mapping is gone: no page mapped", answer(&f), 0);
	while (!finished[0] || !finished[1])
		bower_yield();
	expect("the first access retried on the new memory", result[0], 0);
	expect("mem_stat retried on the new memory", result[1], 0);
	expect("and wrote there", ((struct bower_memstat *)(at + 4 * PAGE))->total_pages > 0, 1);
}

static volatile unsigned long badge[WORKERS];

static long receive(int i, char *buf)
{
	struct bower_ipc_recv info;
	long err;
	do /* a killed client's connection is told as closed: not a call */
		err = bower_ipc_recv((int)port, buf, 64, &info);
	while (err == 0 && (info.flags & BOWER_IPC_CLOSED));
	if (err)
		return err;
	badge[i] = info.badge;
	return bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP);
}

static long receive_slow(void)
{
	return receive(0, slow + 5 * PAGE);
}

static long receive_fast(void)
{
	static char buf[64];
	return receive(1, buf);
}

/* Two receivers on one port; the first one's copy of a call sleeps, and
 * its client is killed meanwhile. The call was claimed before the copy:
 * the second receiver never sees it, and gets the next client's call. */
static void scenario_recv(void)
{
	be_pager(RING_SLOTS);
	port = bower_port_create();
	start(0, receive_slow);
	let_others_run();
	start(1, receive_fast);
	let_others_run();
	long pid = spawn_self("client", "", (int)port);
	struct bower_pager_msg f = next_fault();
	expect("the first receiver sleeps on its buffer", (long)f.page, 5);
	kill_child(pid);
	let_others_run();
	expect("the second receiver got nothing", finished[1], 0);
	answer(&f);
	let_others_run();
	expect("the first receiver waits again", finished[0], 0);
	int status = 0;
	bower_wait((int)pid, &status);
	long pid2 = spawn_self("client", "", (int)port);
	expect("the next client's call is answered", bower_wait((int)pid2, &status), pid2);
	expect("by a receiver, once", status, 0);
	while (!finished[0] && !finished[1])
		bower_yield();
	expect("the receivers took one call in all", !!badge[0] + !!badge[1], 1);
	/* The other receiver is still waiting: exit kills it in the kernel. */
}

/* The same, but the sleeping copy then fails (the pager gives up on the
 * page): the receive says EFAULT, and the killed client, already on its
 * way out, is not put back in line for the next receive (it once was, on
 * the run queue and in the port's queue at once, which ended in a panic). */
static void scenario_recvfail(void)
{
	be_pager(RING_SLOTS);
	port = bower_port_create();
	start(0, receive_slow);
	let_others_run();
	long pid = spawn_self("client", "", (int)port);
	struct bower_pager_msg f = next_fault();
	expect("the receiver sleeps on its buffer", (long)f.page, 5);
	/* Fail the page, then kill: the receiver runs before the killed
	 * client has unwound, so it still finds the call its own. */
	expect("the pager gives up on the page",
	       bower_pager_fail((int)pager, f.token, BOWER_PAGER_IO_ERROR), 0);
	kill_child(pid);
	while (!__atomic_load_n(&finished[0], __ATOMIC_ACQUIRE))
		bower_yield();
	expect("the receive says EFAULT", result[0], -BOWER_EFAULT);
	int status = 0;
	expect("the killed client is reaped", bower_wait((int)pid, &status), pid);
	start(1, receive_fast);
	let_others_run();
	long pid2 = spawn_self("client", "", (int)port);
	expect("the next client's call is answered", bower_wait((int)pid2, &status), pid2);
	expect("by the other receiver", status, 0);
}

static long touch_page7(void)
{
	return slow[7 * PAGE];
}

/* A ring of two fills with faults of clients that are then killed. The
 * pager's answers to those faults fail (no such fault), and they must
 * still wake a fault waiting for room. */
static void scenario_deadring(void)
{
	be_pager(2);
	long ro = bower_cap_copy((int)file, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	long a = spawn_self("toucher", "0", (int)ro);
	wait_posted(1);
	long b = spawn_self("toucher", "1", (int)ro);
	wait_posted(2);
	kill_child(a);
	kill_child(b);
	int status;
	bower_wait((int)a, &status);
	bower_wait((int)b, &status);
	start(0, touch_page7); /* waits for room */
	let_others_run();
	for (int i = 0; i < 2; i++) {
		struct bower_pager_msg f = next_fault();
		expect("a dead client's fault is not pending", answer(&f), -BOWER_ESRCH);
	}
	struct bower_pager_msg f = next_fault();
	expect("the waiting fault got room", (long)f.page, 7);
	answer(&f);
	while (!finished[0])
		bower_yield();
	expect("and was answered", result[0], 0);
}

static int pend[2];
static char fast[64];

static int slow_page = 6;

static long pipe_read_slow(void)
{
	return bower_pipe_read(pend[0], slow + slow_page * PAGE, 6, 0);
}

static long pipe_read_fast(void)
{
	return bower_pipe_read(pend[0], fast, sizeof(fast), BOWER_PIPE_NONBLOCK);
}

/* A pipe's reader sleeps copying into slow memory, holding the read side:
 * a writer adds bytes meanwhile, another reader waits its turn, and both
 * ends are deleted. Then a copy that fails takes nothing, and a reader
 * killed in its copy takes nothing either. */
static void scenario_pipe(void)
{
	be_pager(RING_SLOTS);
	bower_pipe_create(pend);
	bower_pipe_write(pend[1], "abcdef", 6, 0);
	start(0, pipe_read_slow);
	struct bower_pager_msg f = next_fault();
	expect("the read sleeps in its copy", (long)f.page, 6);
	expect("a write goes on meanwhile", bower_pipe_write(pend[1], "ghij", 4, 0), 4);
	start(1, pipe_read_fast);
	let_others_run();
	expect("a second reader waits its turn", finished[1], 0);
	bower_cap_delete(pend[0]);
	bower_cap_delete(pend[1]);
	answer(&f);
	while (!finished[0] || !finished[1])
		bower_yield();
	expect("the first read got its bytes", result[0], 6);
	expect("in its slow page", memcmp(slow + 6 * PAGE, "abcdef", 6), 0);
	expect("the second the ones written meanwhile", result[1], 4);
	expect("in order", memcmp(fast, "ghij", 4), 0);

	bower_pipe_create(pend);
	bower_pipe_write(pend[1], "xyz", 3, 0);
	slow_page = 7;
	start(0, pipe_read_slow);
	f = next_fault();
	expect("the pager gives up on the page",
	       bower_pager_fail((int)pager, f.token, BOWER_PAGER_IO_ERROR), 0);
	while (!finished[0])
		bower_yield();
	expect("a read whose copy fails says EFAULT", result[0], -BOWER_EFAULT);
	expect("and takes nothing", bower_pipe_read(pend[0], fast, 64, BOWER_PIPE_NONBLOCK), 3);

	/* A child reads the pipe into our slow file and is killed in the copy. */
	bower_pipe_write(pend[1], "kept", 4, 0);
	int give[2] = {(int)bower_cap_copy((int)file, BOWER_RIGHT_READ | BOWER_RIGHT_WRITE |
							  BOWER_RIGHT_GRANT),
		       pend[0]};
	const char *const argv[] = {"racetest", "pipereader", NULL};
	long pid = bower_spawn("racetest", argv, give, 2);
	f = next_fault();
	expect("the child sleeps in its copy", (long)f.page, 5);
	kill_child(pid);
	int status;
	bower_wait((int)pid, &status);
	answer(&f);
	expect("the pipe kept its bytes", bower_pipe_read(pend[0], fast, 64, BOWER_PIPE_NONBLOCK),
	       4);
	bower_cap_delete(pend[0]);
	bower_cap_delete(pend[1]);
}

/* (child) Map the file object in slot 0, read the pipe in slot 1 into it. */
static int pipereader(void)
{
	char *m = (char *)bower_vm_map_pmo(0, 0, SLOW_PAGES * PAGE,
					   BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	return (int)bower_pipe_read(1, m + 5 * PAGE, 4, 0); /* a page nobody has asked for */
}

/* --- children and the driver ------------------------------------------ */

static int client(void)
{
	uintptr_t buf;
	long c = bower_ipc_connect(0, &buf);
	struct bower_ipc_call msg = {.len = 8, .cap = BOWER_NO_CAP};
	long err = bower_ipc_call((int)c, &msg);
	return err == 0 && msg.ret == 0 ? 0 : 1;
}

/* A thread that sleeps for ever (a moment of the counter far away): a kill
 * ends its sleep like any other wait. */
static long sleep_forever(void)
{
	return bower_sleep_until(~0UL >> 1);
}

static void scenario_sleep(void)
{
	long pid = spawn_self("sleeper", "", (int)bower_notify_create()); /* a capability to give */
	let_others_run();
	kill_child(pid);
	int status = 0;
	expect("the sleeper is reaped", bower_wait((int)pid, &status), pid);
	expect("killed", status & 0x7f, BOWER_SIGKILL);
	start(0, sleep_forever);
	let_others_run();
	expect("a sleeping thread of ours sleeps on", finished[0], 0);
	/* It is still asleep when this process exits: exit kills it. */
}

static int toucher(int page)
{
	volatile char *m = (volatile char *)bower_vm_map_pmo(0, 0, SLOW_PAGES * PAGE,
							     BOWER_PROT_READ, 0, 0);
	return (long)m < 0 ? 2 : m[page * PAGE];
}

static const struct {
	const char *name;
	void (*run)(void);
} scenarios[] = {
    {"call", scenario_call}, {"reply", scenario_reply}, {"spawn", scenario_spawn},
    {"room", scenario_room}, {"recv", scenario_recv},	{"recvfail", scenario_recvfail},
    {"sleep", scenario_sleep},
    {"deadring", scenario_deadring}, {"pipe", scenario_pipe},
};
#define NSCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

static unsigned long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return st.free_pages;
}

/* Each scenario in a child of its own, three times over; every page the
 * children and the kernel used for them must come back. */
static int all(void)
{
	unsigned long before = free_pages();
	for (int round = 0; round < 3; round++)
		for (unsigned i = 0; i < NSCENARIOS; i++) {
			const char *const argv[] = {"racetest", scenarios[i].name, NULL};
			int status = -1;
			long pid = bower_spawn("racetest", argv, NULL, 0);
			bower_wait((int)pid, &status);
			if (status != 0)
				printf("racetest: WRONG: %s ended with status 0x%x\n",
				       scenarios[i].name, status);
			failed += status != 0;
		}
	unsigned long after = free_pages();
	printf("racetest: %u scenarios, 3 rounds, %d failed; free pages before %lu after %lu\n",
	       (unsigned)NSCENARIOS, failed, before, after);
	return failed + (after != before);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";
	if (strcmp(what, "all") == 0)
		return all();
	if (strcmp(what, "client") == 0)
		return client();
	if (strcmp(what, "sleeper") == 0)
		return (int)sleep_forever();
	if (strcmp(what, "pipereader") == 0)
		return pipereader();
	if (strcmp(what, "toucher") == 0)
		return toucher(argc > 2 ? argv[2][0] - '0' : 0);
	for (unsigned i = 0; i < NSCENARIOS; i++)
		if (strcmp(what, scenarios[i].name) == 0) {
			scenarios[i].run();
			printf("racetest: %s: %d wrong\n", what, failed);
			return failed;
		}
	printf("racetest: no scenario %s\n", what);
	return 1;
}
