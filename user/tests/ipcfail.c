/*
 * ipcfail.c - IPC when the other side goes away.
 *
 *	ipcfail                      runs the scenarios below, one line each
 *	ipcfail dying-server         (child) connects back, then exits holding a call
 *	ipcfail dying-client         (child) calls, and a second thread faults
 *	ipcfail queued-client        (child) calls, then is killed before any receive
 *	ipcfail nested-client        (child) calls, exits with the reply's value
 *
 * 1. A server exits while holding our call: the call returns -EPIPE.
 * 2. A client is killed while we hold its call: our reply gets -ESRCH.
 * 3. A client is killed while its call waits in the queue: the next
 *    receive gets the next live caller, not the dead one.
 * 4. The last capability to receive on a port goes: its calls get -EPIPE.
 * 5. A server holding a call makes a call of its own (to a thread of this
 *    process, with ipc_reply_recv) and then replies: both calls complete.
 * The exit status counts scenarios that went wrong.
 */
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/counter.h>
#include <bower/syscall_nr.h>

static _Alignas(16) char stack[16384];
static _Alignas(16) char server_stack[16384];
static long inner_port;

/* Scenario 5's inner server: answers every call with 7. */
static void inner_server(uintptr_t unused)
{
	char in[8];
	struct bower_ipc_reply_recv m = {
	    .ret = 7, .reply_cap = BOWER_NO_CAP, .buf = in, .buflen = sizeof(in)};
	(void)unused;
	for (;;)
		bower_ipc_reply_recv((int)inner_port, &m);
}

static long connect0(char **buf)
{
	uintptr_t va;
	long c = bower_ipc_connect(0, &va);
	*buf = (char *)va;
	return c;
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
	char *buf;
	long conn = connect0(&buf);
	struct bower_ipc_call msg = {.len = 1, .cap = BOWER_NO_CAP};
	if (strcmp(role, "dying-server") == 0) {
		long port = bower_port_create();
		long give = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
		msg.cap = (int)give;
		bower_ipc_call((int)conn, &msg); /* hand our port to the parent */
		struct bower_ipc_recv info;
		char in[8];
		bower_ipc_recv((int)port, in, sizeof(in), &info);
		return 0; /* exit without replying */
	}
	if (strcmp(role, "nested-client") == 0) {
		long ret = bower_ipc_call((int)conn, &msg);
		return ret == 0 ? (int)msg.ret : 100;
	}
	if (strcmp(role, "dying-client") == 0)
		bower_thread_create((uintptr_t)faulter, 0, (uintptr_t)stack + sizeof(stack));
	bower_ipc_call((int)conn, &msg); /* never returns: we are killed */
	return 0;
}

static long spawn_child(const char *role, long port)
{
	long give = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const int caps[] = {(int)give};
	const char *const argv[] = {"ipcfail", role, NULL};
	long pid = bower_spawn("ipcfail", argv, caps, 1);
	bower_cap_delete((int)give);
	return pid;
}

static int report(const char *what, long got, long want)
{
	printf("ipcfail: %s: %s (got %ld, want %ld)\n", got == want ? "ok" : "WRONG", what, got,
	       want);
	return got != want;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child(argv[1]);
	int wrong = 0;
	long port = bower_port_create();
	char buf[64];
	struct bower_ipc_recv info;

	/* 1: the server dies holding our call. */
	long pid = spawn_child("dying-server", port);
	bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	int their_port = info.cap;
	bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP);
	uintptr_t va;
	long conn = bower_ipc_connect(their_port, &va);
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	wrong +=
	    report("call to a server that exits", bower_ipc_call((int)conn, &msg), -BOWER_EPIPE);
	bower_wait((int)pid, NULL);
	wrong +=
	    report("call after the server is gone", bower_ipc_call((int)conn, &msg), -BOWER_EPIPE);

	/* 2: the client dies while we hold its call. */
	pid = spawn_child("dying-client", port);
	do /* the first child's connection is announced closed first */
		bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	while (info.flags & BOWER_IPC_CLOSED);
	int status = 0;
	bower_wait((int)pid, &status);
	wrong += report("the client was killed", status & 0x7f, BOWER_SIGSEGV);
	wrong += report("reply to a dead client", bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP),
			-BOWER_ESRCH);

	/* 3: a queued caller dies; the next live one is served. */
	pid = spawn_child("dying-client", port);
	bower_wait((int)pid, &status); /* killed while queued: we never received */
	long pid2 = spawn_child("queued-client", port);
	do /* the dead clients' connections are announced closed first */
		bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	while (info.flags & BOWER_IPC_CLOSED);
	wrong +=
	    report("a live caller after a dead one", bower_ipc_reply(7, NULL, 0, BOWER_NO_CAP), 0);
	(void)pid2;

	/* 4: the server deletes its only capability to receive on a port that
	 * still has a connection and a connect capability: the port closes. */
	long lone = bower_port_create();
	long connect_only = bower_cap_copy((int)lone, BOWER_RIGHT_CONNECT);
	long lone_conn = bower_ipc_connect((int)lone, &va);
	bower_cap_delete((int)lone);
	wrong += report("call to a port nobody can receive on",
			bower_ipc_call((int)lone_conn, &msg), -BOWER_EPIPE);
	wrong += report("connect to a port nobody can receive on",
			bower_ipc_connect((int)connect_only, &va), -BOWER_EPIPE);
	bower_cap_delete((int)lone_conn);
	bower_cap_delete((int)connect_only);

	/* 5: a nested call while holding one. */
	inner_port = bower_port_create();
	bower_thread_create((uintptr_t)inner_server, 0, (uintptr_t)server_stack + sizeof(server_stack));
	long inner = bower_ipc_connect((int)inner_port, &va);
	pid = spawn_child("nested-client", port);
	do
		bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	while (info.flags & BOWER_IPC_CLOSED);
	struct bower_ipc_call nested = {.len = 0, .cap = BOWER_NO_CAP};
	long got = bower_ipc_call((int)inner, &nested);
	wrong += report("a call made while holding one", got == 0 ? nested.ret : got, 7);
	wrong += report("then the reply to the held call", bower_ipc_reply(42, NULL, 0, BOWER_NO_CAP), 0);
	bower_wait((int)pid, &status);
	wrong += report("its client got the reply", (status >> 8) & 0xff, 42);
	printf("ipcfail: %d scenarios went wrong\n", wrong);
	return wrong;
}
