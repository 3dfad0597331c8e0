/*
 * pagertest.c - the pager protocol from the pager's side.
 *
 *	pagertest                 registers as a pager and runs the checks
 *	pagertest read            (child) reads page 1 of the object in slot 0
 *	pagertest dying           (child) faults on the object while another
 *	                          of its threads crashes the process
 *	pagertest many            (child) six threads fault on six new pages at once
 *	pagertest lock            (child) locks all eight pages (vm_lock)
 *	pagertest diepager        (child) becomes a pager, lets a client fault,
 *	                          and exits without answering
 *	pagertest waitpager       (child) becomes a pager, answers its own
 *	                          thread's fault with pager_map_wait and waits
 *	                          there for good
 *
 * Every invalid call must return an error and change nothing: the fault it
 * named must still be answerable afterwards. Exit status: wrong checks.
 */
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "pagertest"
#include "expect.h"

#define PAGE  4096
#define SLOTS 4


static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[SLOTS];
} ring;
static _Alignas(PAGE) char content[PAGE];
static unsigned long tail;
static _Alignas(16) char stacks[6][8192];
static volatile int done_threads;
static volatile char *shared_map;

/* Wait for the next fault in the ring (notices such as UNUSED, a file
 * object's last mapping gone, are passed over). */
static struct bower_pager_msg next_fault(int notify)
{
	for (;;) {
		while (tail == __atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE))
			bower_notify_wait(notify, 1);
		struct bower_pager_msg f = ring.entries[tail++ % SLOTS];
		__atomic_store_n(&ring.ring.tail, tail, __ATOMIC_RELEASE); /* the slot is free */
		if (f.kind == BOWER_PAGER_MSG_FAULT)
			return f;
	}
}

static long spawn_with(const char *role, int cap)
{
	const char *const argv[] = {"pagertest", role, NULL};
	const int caps[] = {cap};
	return bower_spawn("pagertest", argv, caps, 1);
}

/* Crashes once the main thread's fault has had time to reach the pager:
 * on several CPUs the two run at once, so yields alone are no delay (the
 * process ended before its fault was posted, and the pager waited for it
 * for good). */
static void crasher(uintptr_t unused)
{
	(void)unused;
	uint64_t end = bower_counter() + bower_counter_freq() / 5;
	for (int i = 0; i < 30 || bower_counter() < end; i++)
		bower_yield();
	*(volatile int *)0 = 0;
}

static void toucher(uintptr_t i)
{
	(void)shared_map[(i + 2) * PAGE]; /* pages 2..7: page 1 is present already */
	__atomic_add_fetch(&done_threads, 1, __ATOMIC_SEQ_CST);
	bower_thread_exit();
}

static int client(const char *role)
{
	volatile char *m = (volatile char *)bower_vm_map_pmo(0, 0, 8 * PAGE, BOWER_PROT_READ, 0, 0);
	if ((long)m < 0)
		return 2;
	if (strcmp(role, "read") == 0)
		return m[PAGE + 5] == 'P' ? 0 : 3;
	if (strcmp(role, "lock") == 0) { /* mlock: every page through the pager */
		long r = bower_vm_lock((uintptr_t)m, 8 * PAGE, BOWER_VM_LOCK);
		return r == 0 ? 0 : r == -BOWER_EAGAIN ? 4 : 5;
	}
	if (strcmp(role, "dying") == 0) {
		bower_thread_create((uintptr_t)crasher, 0,
				    (uintptr_t)stacks[0] + sizeof(stacks[0]));
		return m[0]; /* never answered: the crash ends us first */
	}
	shared_map = m; /* many */
	for (uintptr_t i = 0; i < 6; i++)
		bower_thread_create((uintptr_t)toucher, i,
				    (uintptr_t)stacks[i] + sizeof(stacks[i]));
	while (done_threads < 6)
		bower_yield();
	return 0;
}

static int be_pager(long *pager, long *notify)
{
	*notify = bower_notify_create();
	ring.ring.slots = SLOTS;
	*pager = bower_pager_register((int)*notify, (uintptr_t)&ring, SLOTS);
	return *pager >= 0 ? 0 : -1;
}

static int diepager(void)
{
	long pager, notify;
	if (be_pager(&pager, &notify) < 0)
		return 2;
	long pmo = bower_pmo_create_file((int)pager, 8, 5);
	spawn_with("read", (int)pmo);
	next_fault((int)notify);
	printf("pagertest: the pager exits with a fault pending\n");
	return 0;
}

static void reader(uintptr_t unused)
{
	(void)unused;
	(void)shared_map[PAGE];
	bower_thread_exit(); /* the mapping stays: no news ends the wait */
}

/* Answers its own thread's fault and waits in the same call, for a message
 * that never comes: its parent kills it there. */
static int waitpager(void)
{
	long pager, notify;
	if (be_pager(&pager, &notify) < 0)
		return 2;
	long pmo = bower_pmo_create_file((int)pager, 8, 6);
	shared_map = (volatile char *)bower_vm_map_pmo((int)pmo, 0, 8 * PAGE, BOWER_PROT_READ, 0, 0);
	bower_thread_create((uintptr_t)reader, 0, (uintptr_t)stacks[0] + sizeof(stacks[0]));
	struct bower_pager_msg f = next_fault((int)notify);
	while (bower_notify_wait((int)notify, BOWER_WAIT_POLL) == 0)
		; /* signals of messages read already */
	struct bower_pager_entry one = {f.va, (uintptr_t)content};
	long waited;
	bower_pager_map_wait((int)pager, f.token, &one, 1, BOWER_PROT_READ, (int)notify,
			     BOWER_WAIT_BLOCK, &waited);
	printf("pagertest: the waiting pager was woken (%ld)\n", waited);
	return 3;
}

/* pager_map_wait: every bad argument is refused before anything changes
 * (nothing is waited for: waited is 1), and a good one answers the fault,
 * runs the client if the wait blocks, and waits. */
static void map_wait_checks(long pager, long notify, long pmo_cap)
{
	long waited = 0;
	bower_pager_invalidate((int)pager, (int)pmo_cap, 1, 1); /* so that reading it faults */
	long pid = spawn_with("read", (int)pmo_cap);
	struct bower_pager_msg f = next_fault((int)notify);
	struct bower_pager_entry good = {f.va, (uintptr_t)content};
	long weak_notify = bower_cap_copy((int)notify, BOWER_RIGHT_GRANT);
	expect("map_wait with no such way to wait",
	       bower_pager_map_wait((int)pager, f.token, &good, 1, BOWER_PROT_READ, (int)notify, 7,
				    &waited),
	       -BOWER_EINVAL);
	expect("  and nothing waited for", waited, 1);
	expect("map_wait on a pager capability as the notification",
	       bower_pager_map_wait((int)pager, f.token, &good, 1, BOWER_PROT_READ, (int)pager,
				    BOWER_WAIT_POLL, &waited),
	       -BOWER_EINVAL);
	expect("map_wait on a notification without the right to wait",
	       bower_pager_map_wait((int)pager, f.token, &good, 1, BOWER_PROT_READ,
				    (int)weak_notify, BOWER_WAIT_POLL, &waited),
	       -BOWER_EACCES);
	expect("map_wait on an empty slot",
	       bower_pager_map_wait((int)pager, f.token, &good, 1, BOWER_PROT_READ, 250,
				    BOWER_WAIT_POLL, &waited),
	       -BOWER_EBADF);
	waited = 0;
	expect("map_wait with entries at a bad address",
	       bower_pager_map_wait((int)pager, f.token, (void *)16, 1, BOWER_PROT_READ,
				    (int)notify, BOWER_WAIT_BLOCK, &waited),
	       -BOWER_EFAULT);
	expect("  and nothing waited for", waited, 1);
	expect("map_wait with no such fault",
	       bower_pager_map_wait((int)pager, f.token + 1000, &good, 1, BOWER_PROT_READ,
				    (int)notify, BOWER_WAIT_BLOCK, &waited),
	       -BOWER_ESRCH);
	expect("map_wait answers the fault still pending, then polls",
	       bower_pager_map_wait((int)pager, f.token, &good, 1, BOWER_PROT_READ, (int)notify,
				    BOWER_WAIT_POLL, &waited),
	       1);
	expect("  and says what the wait found", waited == 0 || waited == -BOWER_EAGAIN, 1);
	int status = -1;
	bower_wait((int)pid, &status);
	expect("the client read the page", status, 0);
	bower_cap_delete((int)weak_notify);

	/* The blocking wait: the client runs at once, reads, ends; the end
	 * of its mapping is news (UNUSED), which ends the wait. */
	bower_pager_invalidate((int)pager, (int)pmo_cap, 1, 1);
	pid = spawn_with("read", (int)pmo_cap);
	f = next_fault((int)notify);
	while (bower_notify_wait((int)notify, BOWER_WAIT_POLL) == 0)
		; /* signals of messages read already: the wait below blocks */
	good.client_va = f.va;
	waited = 1;
	expect("map_wait answers and blocks",
	       bower_pager_map_wait((int)pager, f.token, &good, 1, BOWER_PROT_READ, (int)notify,
				    BOWER_WAIT_BLOCK, &waited),
	       1);
	expect("  until a message comes", waited, 0);
	bower_wait((int)pid, &status);
	expect("the client it ran read the page", status, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "diepager") == 0)
		return diepager();
	if (argc > 1 && strcmp(argv[1], "waitpager") == 0)
		return waitpager();
	if (argc > 1)
		return client(argv[1]);

	long notify = bower_notify_create();
	expect("register with an unmapped ring", bower_pager_register((int)notify, 0x10, SLOTS),
	       -BOWER_EINVAL);
	expect("register with no slots", bower_pager_register((int)notify, (uintptr_t)&ring, 0),
	       -BOWER_EINVAL);
	expect("register with a port as notification",
	       bower_pager_register(60, (uintptr_t)&ring, SLOTS), -BOWER_EBADF);
	long pager, n2;
	expect("register", be_pager(&pager, &n2), 0);
	expect("register twice", bower_pager_register((int)n2, (uintptr_t)&ring, SLOTS),
	       -BOWER_EBUSY);
	long weak = bower_cap_copy((int)pager, BOWER_RIGHT_GRANT);
	expect("make a file object without the right", bower_pmo_create_file((int)weak, 8, 1),
	       -BOWER_EACCES);
	long pmo = bower_pmo_create_file((int)pager, 8, 77);
	expect("make a file object", pmo >= 0, 1);
	memset(content, 'P', sizeof(content));

	/* A client faults on page 1 of a read-only mapping. */
	long ro = bower_cap_copy((int)pmo, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	long pid = spawn_with("read", (int)ro);
	struct bower_pager_msg f = next_fault((int)n2);
	expect("the fault names the file", (long)f.file_id, 77);
	expect("and the page", (long)f.page, 1);
	expect("and the client", (long)f.client, pid);
	expect("and the access", f.access, BOWER_PROT_READ);

	struct bower_pager_entry good = {f.va, (uintptr_t)content};
	struct bower_pager_entry e;
	expect("no such pending fault",
	       bower_pager_map((int)pager, f.token + 1000, &good, 1, BOWER_PROT_READ),
	       -BOWER_ESRCH);
	expect("no entries", bower_pager_map((int)pager, f.token, &good, 0, BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("too many entries", bower_pager_map((int)pager, f.token, &good, 65, BOWER_PROT_READ),
	       -BOWER_EINVAL);
	e = (struct bower_pager_entry){f.va + 16 * PAGE, (uintptr_t)content};
	expect("entry outside the mapping",
	       bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ), -BOWER_EINVAL);
	e = (struct bower_pager_entry){f.va + 8, (uintptr_t)content};
	expect("unaligned client page",
	       bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ), -BOWER_EINVAL);
	e = (struct bower_pager_entry){f.va, (uintptr_t)content + 8};
	expect("unaligned pager page", bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ),
	       -BOWER_EINVAL);
	e = (struct bower_pager_entry){f.va, 0x7000000000UL};
	expect("unmapped pager page", bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ),
	       -BOWER_EFAULT);
	expect("wider rights than the mapping",
	       bower_pager_map((int)pager, f.token, &good, 1, BOWER_PROT_READ | BOWER_PROT_WRITE),
	       -BOWER_EACCES);
	e = (struct bower_pager_entry){f.va + PAGE, (uintptr_t)content};
	expect("the faulting page left out",
	       bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ), -BOWER_EINVAL);
	struct bower_pager_entry twice[2] = {good, good};
	expect("a page twice", bower_pager_map((int)pager, f.token, twice, 2, BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("entries at a bad address",
	       bower_pager_map((int)pager, f.token, (void *)16, 1, BOWER_PROT_READ), -BOWER_EFAULT);
	expect("a caller without the capability",
	       bower_pager_map((int)weak, f.token, &good, 1, BOWER_PROT_READ), -BOWER_EACCES);
	expect("a notification as the pager",
	       bower_pager_map((int)notify, f.token, &good, 1, BOWER_PROT_READ), -BOWER_EINVAL);
	expect("fail with no reason", bower_pager_fail((int)pager, f.token, 99), -BOWER_EINVAL);
	expect("the fault is still pending: map it",
	       bower_pager_map((int)pager, f.token, &good, 1, BOWER_PROT_READ), 1);
	expect("answered twice", bower_pager_map((int)pager, f.token, &good, 1, BOWER_PROT_READ),
	       -BOWER_ESRCH);
	int status = -1;
	bower_wait((int)pid, &status);
	expect("the client read the page", status, 0);
	expect("take back no pages", bower_pager_invalidate((int)pager, (int)pmo, 0, 0),
	       -BOWER_EINVAL);
	expect("take back one page", bower_pager_invalidate((int)pager, (int)pmo, 1, 1), 0);
	expect("take back past the end", bower_pager_invalidate((int)pager, (int)pmo, 6, ~0UL), 0);
	expect("take back pages of no file",
	       bower_pager_invalidate((int)pager, (int)bower_pmo_create(1), 0, 1), -BOWER_EINVAL);

	/* A client killed while it waits: its fault is gone. */
	pid = spawn_with("dying", (int)ro);
	f = next_fault((int)n2);
	bower_wait((int)pid, &status);
	expect("the client died", status & 0x7f, BOWER_SIGSEGV);
	expect("its fault is no longer pending",
	       bower_pager_map((int)pager, f.token, &good, 1, BOWER_PROT_READ), -BOWER_ESRCH);

	/* Six faults at once on a ring of four: the rest wait for room. */
	pid = spawn_with("many", (int)ro);
	for (int i = 0; i < 6; i++) {
		f = next_fault((int)n2);
		struct bower_pager_entry one = {f.va, (uintptr_t)content};
		bower_pager_map((int)pager, f.token, &one, 1, BOWER_PROT_READ);
	}
	bower_wait((int)pid, &status);
	expect("six faults through four slots", status, 0);

	/* A lock brings every page in through the pager: one it cannot read
	 * fails the lock (EAGAIN); a client killed while its lock waits for a
	 * page ends, and its fault goes. */
	long pmo3 = bower_pmo_create_file((int)pager, 8, 79);
	long ro3 = bower_cap_copy((int)pmo3, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	pid = spawn_with("lock", (int)ro3);
	f = next_fault((int)n2);
	struct bower_pager_entry first = {f.va, (uintptr_t)content};
	expect("lock: its first page answered", bower_pager_map((int)pager, f.token, &first, 1,
								   BOWER_PROT_READ), 1);
	f = next_fault((int)n2);
	expect("lock: its second page fails", bower_pager_fail((int)pager, f.token, BOWER_PAGER_IO_ERROR),
	       0);
	bower_wait((int)pid, &status);
	expect("a lock with a page the pager could not read is EAGAIN", (status >> 8) & 0xff, 4);
	pid = spawn_with("lock", (int)ro3);
	f = next_fault((int)n2);
	long victim = bower_process_cap(pid);
	expect("kill a client waiting in its lock", bower_process_kill((int)victim), 0);
	bower_wait((int)pid, &status);
	bower_cap_delete((int)victim);
	expect("it ended", status != 0, 1);
	expect("and its lock's fault is no longer pending",
	       bower_pager_map((int)pager, f.token, &good, 1, BOWER_PROT_READ), -BOWER_ESRCH);
	pid = spawn_with("lock", (int)ro3);
	for (int i = 0; i < 7; i++) { /* the page answered before is there still */
		f = next_fault((int)n2);
		struct bower_pager_entry one = {f.va, (uintptr_t)content};
		bower_pager_map((int)pager, f.token, &one, 1, BOWER_PROT_READ);
	}
	bower_wait((int)pid, &status);
	expect("a lock whose pages all come in", status, 0);

	/* A pager that cannot read the page: the client gets a bus error
	 * that says so (not "the pager is gone": it is alive). */
	long pmo2 = bower_pmo_create_file((int)pager, 8, 78);
	long ro2 = bower_cap_copy((int)pmo2, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	pid = spawn_with("read", (int)ro2);
	f = next_fault((int)n2);
	expect("fail with an I/O error", bower_pager_fail((int)pager, f.token, BOWER_PAGER_IO_ERROR),
	       0);
	bower_wait((int)pid, &status);
	expect("the client got a bus error", status & 0x7f, BOWER_SIGBUS);

	map_wait_checks(pager, n2, ro);

	/* A pager that dies with a fault pending. */
	const char *const argv2[] = {"pagertest", "diepager", NULL};
	bower_wait((int)bower_spawn("pagertest", argv2, NULL, 0), &status);
	expect("the dying pager exited", status, 0);

	/* A pager killed in pager_map_wait's wait (that nothing of it is left
	 * is init's check at the end of the boot: other programs may run
	 * beside this one). */
	const char *const argv3[] = {"pagertest", "waitpager", NULL};
	long wpid = bower_spawn("pagertest", argv3, NULL, 0);
	long wcap = bower_process_cap((int)wpid);
	uint64_t end = bower_counter() + bower_counter_freq() / 5; /* it reaches its wait */
	while (bower_counter() < end)
		bower_yield();
	expect("kill the waiting pager", bower_process_kill((int)wcap), 0);
	bower_wait((int)wpid, &status);
	expect("it was killed in its wait", status & 0x7f, BOWER_SIGKILL);
	bower_cap_delete((int)wcap);
	printf("pagertest: %d checks failed\n", failed);
	return failed;
}
