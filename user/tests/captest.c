/*
 * captest.c - capabilities and notifications from a program's side.
 *
 * Every misuse must come back as an error code; every right taken away
 * must be enforced. One line per check; the exit status counts failures.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "captest"
#include "expect.h"


static volatile int woke;
static int shared_note;
static _Alignas(16) char stack[16384];

static void waiter(uintptr_t slot)
{
	if (bower_notify_wait((int)slot, 1) == 0)
		woke = 1;
	bower_thread_exit();
}

#define CHILD_SHARED 0x50000000UL

/* The child: wait for the go signal, then read the shared page. */
static int child(void)
{
	bower_notify_wait(0, 1);
	return *(volatile int *)CHILD_SHARED;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child();
	long n = bower_notify_create();
	expect("notification created", n >= 0, 1);
	expect("identify: type and rights", bower_cap_identify((int)n),
	       (long)BOWER_CAP_NOTIFICATION << 16 |
		   (BOWER_RIGHT_SIGNAL | BOWER_RIGHT_WAIT | BOWER_RIGHT_GRANT));
	expect("poll with nothing pending", bower_notify_wait((int)n, 0), -BOWER_EAGAIN);
	expect("signal", bower_notify_signal((int)n), 0);
	expect("signal again", bower_notify_signal((int)n), 0);
	expect("poll takes the first", bower_notify_wait((int)n, 0), 0);
	expect("poll takes the second", bower_notify_wait((int)n, 0), 0);
	expect("then nothing", bower_notify_wait((int)n, 0), -BOWER_EAGAIN);

	/* A blocked waiter wakes when signalled. */
	shared_note = (int)n;
	bower_thread_create((uintptr_t)waiter, (uintptr_t)shared_note,
			    (uintptr_t)stack + sizeof(stack));
	for (int i = 0; i < 5; i++)
		bower_yield();
	expect("waiter still blocked", woke, 0);
	bower_notify_signal((int)n);
	/* On several CPUs it wakes on another: give it up to a second. */
	for (uint64_t end = bower_counter() + bower_counter_freq(); !woke && bower_counter() < end;)
		bower_yield();
	expect("waiter woke", woke, 1);

	long tcap = bower_thread_create((uintptr_t)waiter, (uintptr_t)shared_note,
					(uintptr_t)stack + sizeof(stack));
	expect("a new thread is named by a capability", bower_cap_identify((int)tcap) >> 16,
	       BOWER_CAP_THREAD);
	bower_notify_signal((int)n);
	expect("join it", bower_thread_join((int)tcap), 0);
	expect("join it again: it has ended", bower_thread_join((int)tcap), 0);
	expect("join a notification", bower_thread_join((int)n), -BOWER_EINVAL);
	bower_cap_delete((int)tcap);

	/* Rights only shrink. */
	long wait_only = bower_cap_copy((int)n, BOWER_RIGHT_WAIT);
	expect("copy with fewer rights", wait_only >= 0, 1);
	expect("signal without the right", bower_notify_signal((int)wait_only), -BOWER_EACCES);
	long more = bower_cap_copy((int)wait_only, BOWER_RIGHT_ALL);
	expect("copy cannot add rights", bower_cap_identify((int)more) & 0xffff, BOWER_RIGHT_WAIT);

	/* Wrong types and bad slots. */
	long port = bower_port_create();
	expect("port created", port >= 0, 1);
	expect("signal a port", bower_notify_signal((int)port), -BOWER_EINVAL);
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	expect("call a notification", bower_ipc_call((int)n, &msg), -BOWER_EINVAL);
	/* A call's description comes in registers: hostile values in them
	 * are refused before the call waits for anyone. */
	uintptr_t own_buf;
	long own = bower_ipc_connect((int)port, &own_buf);
	expect("connect to our own port", own >= 0, 1);
	msg = (struct bower_ipc_call){.len = BOWER_IPC_MAX + 1, .cap = BOWER_NO_CAP};
	expect("call with a message too long", bower_ipc_call((int)own, &msg), -BOWER_EINVAL);
	msg = (struct bower_ipc_call){.len = ~0UL, .cap = BOWER_NO_CAP};
	expect("call with a length of all ones", bower_ipc_call((int)own, &msg), -BOWER_EINVAL);
	msg = (struct bower_ipc_call){.len = 0, .cap = 1000};
	expect("call passing a slot out of range", bower_ipc_call((int)own, &msg), -BOWER_EBADF);
	expect("close that connection", bower_cap_delete((int)own), 0);
	expect("slot out of range", bower_notify_signal(1000), -BOWER_EBADF);
	expect("negative slot", bower_notify_signal(-5), -BOWER_EBADF);
	expect("empty slot", bower_notify_signal(60), -BOWER_EBADF);
	expect("delete", bower_cap_delete((int)wait_only), 0);
	expect("stale slot after delete", bower_notify_wait((int)wait_only, 0), -BOWER_EBADF);
	expect("delete twice", bower_cap_delete((int)wait_only), -BOWER_EBADF);
	long connect_only = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT);
	struct bower_ipc_recv info;
	char buf[16];
	expect("receive without the right",
	       bower_ipc_recv((int)connect_only, buf, sizeof(buf), &info), -BOWER_EACCES);
	long recv_only = bower_cap_copy((int)port, BOWER_RIGHT_RECEIVE);
	uintptr_t va;
	expect("connect without the right", bower_ipc_connect((int)recv_only, &va), -BOWER_EACCES);
	expect("connect with a bad pointer", bower_ipc_connect((int)port, (uintptr_t *)8),
	       -BOWER_EFAULT);
	expect("reply with no call", bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP), -BOWER_EINVAL);
	const int bad_caps[] = {(int)recv_only};
	const char *const args[] = {"hello", NULL};
	expect("spawn with an ungrantable cap", bower_spawn("hello", args, bad_caps, 1),
	       -BOWER_EACCES);
	expect("spawn with too many caps", bower_spawn("hello", args, bad_caps, 99), -BOWER_EINVAL);

	/* Processes are named by capabilities too. The child computes until
	 * it is killed: one that ends by itself may already have ended, on
	 * another CPU, when we look. */
	const char *const worker_args[] = {"spin", NULL};
	long wpid = bower_spawn("spin", worker_args, NULL, 0);
	long proc = bower_process_cap((int)wpid);
	expect("a capability to our child", bower_cap_identify((int)proc) >> 16, BOWER_CAP_PROCESS);
	expect("it is still running", bower_process_status((int)proc), -BOWER_EAGAIN);
	expect("no capability to a process that is not our child", bower_process_cap(1),
	       -BOWER_ESRCH);
	long proc_wait = bower_cap_copy((int)proc, BOWER_RIGHT_WAIT);
	expect("kill without the right", bower_process_kill((int)proc_wait), -BOWER_EACCES);
	expect("kill a notification", bower_process_kill((int)n), -BOWER_EINVAL);
	expect("kill", bower_process_kill((int)proc), 0);
	expect("kill twice", bower_process_kill((int)proc), -BOWER_ESRCH);
	int wstatus = 0;
	expect("wait sees it killed", bower_wait((int)wpid, &wstatus), wpid);
	expect("by SIGKILL", wstatus & 0x7f, BOWER_SIGKILL);
	expect("its status stays readable through the capability",
	       bower_process_status((int)proc_wait), BOWER_STATUS_KILLED(BOWER_SIGKILL));
	bower_cap_delete((int)proc);
	bower_cap_delete((int)proc_wait);

	/* Memory objects and address spaces: share a page with a child by
	 * mapping it into the child's address space through capabilities. */
	long shm = bower_pmo_create(1);
	volatile int *mine = (volatile int *)bower_vm_map_pmo(
	    (int)shm, 0, 4096, BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	expect("an anonymous memory object, mapped", (long)mine > 0, 1);
	*mine = 42;
	long go = bower_notify_create();
	const char *const child_args[] = {"captest", "child", NULL};
	const int child_caps[] = {(int)go};
	long cpid = bower_spawn("captest", child_args, child_caps, 1);
	long cproc = bower_process_cap((int)cpid);
	long cvs = bower_process_vmspace((int)cproc);
	expect("the child's address space", bower_cap_identify((int)cvs) >> 16, BOWER_CAP_VMSPACE);
	expect("map our page into it",
	       bower_vm_map_pmo_into((int)cvs, (int)shm, CHILD_SHARED, 4096, BOWER_PROT_READ), 0);
	expect("not twice at the same place",
	       bower_vm_map_pmo_into((int)cvs, (int)shm, CHILD_SHARED, 4096, BOWER_PROT_READ),
	       -BOWER_EINVAL);
	long ro_shm = bower_cap_copy((int)shm, BOWER_RIGHT_READ);
	expect("writable mapping without the right",
	       bower_vm_map_pmo_into((int)cvs, (int)ro_shm, CHILD_SHARED + 4096, 4096,
				     BOWER_PROT_READ | BOWER_PROT_WRITE),
	       -BOWER_EACCES);
	bower_notify_signal((int)go);
	int cstatus = 0;
	bower_wait((int)cpid, &cstatus);
	expect("the child read what we wrote", (cstatus >> 8) & 0xff, 42);
	expect(
	    "its address space is gone now",
	    bower_vm_map_pmo_into((int)cvs, (int)shm, CHILD_SHARED + 8192, 4096, BOWER_PROT_READ),
	    -BOWER_ESRCH);
	bower_cap_delete((int)cvs);
	bower_cap_delete((int)cproc);
	bower_cap_delete((int)ro_shm);

	/* The table grows on demand up to its limit (1024 by default). */
	long last = 0, top = 0;
	while ((last = bower_cap_copy((int)n, BOWER_RIGHT_ALL)) >= 0)
		top = last;
	expect("a full table says so", last, -BOWER_EMFILE);
	expect("after 1024 slots", top, 1023);
	expect("the limit cannot go under a slot in use", bower_cap_set_limit(100), -BOWER_EINVAL);
	expect("nor above the kernel's", bower_cap_set_limit(65537), -BOWER_EINVAL);
	expect("raise the limit", bower_cap_set_limit(3000), 0);
	while ((last = bower_cap_copy((int)n, BOWER_RIGHT_ALL)) >= 0)
		top = last;
	expect("the table grew to the new limit", top, 2999);
	expect("and says so there", last, -BOWER_EMFILE);
	for (long i = 2999; i >= 600; i--)
		bower_cap_delete((int)i);
	expect("lower it over free slots", bower_cap_set_limit(600), 0);
	expect("slots past the limit are not used", bower_cap_copy((int)n, BOWER_RIGHT_ALL),
	       -BOWER_EMFILE);
	expect("nor named", bower_cap_identify(700), -BOWER_EBADF);
	printf("captest: %d checks failed\n", failed);
	return failed;
}
