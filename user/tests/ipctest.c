/*
 * ipctest.c - IPC between processes: one server, several clients.
 *
 *	ipctest            the server: creates a port, starts CLIENTS clients
 *	                   with a connect-only copy of it, serves their calls
 *	ipctest client K   a client: K calls checking each reply, then passes
 *	                   a notification to the server and waits for it
 *
 * The server replies to "text" with "TEXT", and to a passed capability by
 * signalling it and sending a new notification back. It counts calls per
 * badge: the clients must show up as CLIENTS distinct badges, and each
 * connection must be announced closed when its client ends. Output lines
 * start with "ipctest:"; the server exits with the number of problems.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define CLIENTS 3
#define CALLS	20

static int client(int calls)
{
	uintptr_t va;
	long conn = bower_ipc_connect(0, &va);
	if (conn < 0) {
		printf("ipctest: client cannot connect: %ld\n", conn);
		return 1;
	}
	char *buf = (char *)va;
	for (int i = 0; i < calls; i++) {
		struct bower_ipc_call msg = {.cap = BOWER_NO_CAP};
		msg.len =
		    (unsigned long)snprintf(buf, 64, "call %d from pid %ld", i, bower_getpid()) + 1;
		char want[64];
		for (unsigned j = 0; j < msg.len; j++)
			want[j] = (char)toupper((unsigned char)buf[j]);
		if (bower_ipc_call((int)conn, &msg) < 0 || strcmp(buf, want) != 0) {
			printf("ipctest: client got a wrong reply '%s'\n", buf);
			return 1;
		}
	}
	/* Pass a notification; the server signals it and sends one back. */
	long note = bower_notify_create();
	struct bower_ipc_call msg = {.len = 0, .cap = (int)note};
	if (bower_ipc_call((int)conn, &msg) < 0 || msg.cap < 0) {
		printf("ipctest: capability exchange failed\n");
		return 1;
	}
	if (bower_notify_wait((int)note, 0) != 0) {
		printf("ipctest: the server did not signal the passed notification\n");
		return 1;
	}
	if (bower_cap_identify(msg.cap) >> 16 != BOWER_CAP_NOTIFICATION) {
		printf("ipctest: the replied capability is not a notification\n");
		return 1;
	}
	return 0;
}

static int server(void)
{
	long port = bower_port_create();
	long connect_only = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const int give[] = {(int)connect_only};
	int pids[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		char calls[8];
		snprintf(calls, sizeof(calls), "%d", CALLS);
		const char *const argv[] = {"ipctest", "client", calls, NULL};
		pids[i] = (int)bower_spawn("ipctest", argv, give, 1);
	}
	unsigned long badges[CLIENTS] = {0};
	int counts[CLIENTS] = {0}, problems = 0, caps_passed = 0, closed = 0;
	char buf[BOWER_IPC_MAX];
	for (int served = 0; served < CLIENTS * (CALLS + 1);) {
		struct bower_ipc_recv info;
		if (bower_ipc_recv((int)port, buf, sizeof(buf), &info) < 0) {
			problems++;
			break;
		}
		if (info.flags & BOWER_IPC_CLOSED) { /* a client finished and went */
			closed++;
			continue;
		}
		served++;
		int k = 0;
		while (k < CLIENTS && badges[k] && badges[k] != info.badge)
			k++;
		if (k == CLIENTS) {
			problems++;
			k = 0;
		}
		badges[k] = info.badge;
		counts[k]++;
		int reply_cap = BOWER_NO_CAP;
		if (info.cap != BOWER_NO_CAP) {
			caps_passed++;
			bower_notify_signal(info.cap);
			bower_cap_delete(info.cap);
			reply_cap = (int)bower_notify_create();
		}
		for (unsigned long i = 0; i < info.len; i++)
			buf[i] = (char)toupper((unsigned char)buf[i]);
		bower_ipc_reply((long)info.badge, buf, info.len, reply_cap);
		if (reply_cap != BOWER_NO_CAP)
			bower_cap_delete(reply_cap);
	}
	while (closed < CLIENTS) { /* every connection is announced closed */
		struct bower_ipc_recv info;
		if (bower_ipc_recv((int)port, buf, sizeof(buf), &info) < 0 ||
		    !(info.flags & BOWER_IPC_CLOSED)) {
			problems++;
			break;
		}
		closed++;
	}
	for (int i = 0; i < CLIENTS; i++) {
		int status = -1;
		bower_wait(pids[i], &status);
		if (status != 0)
			problems++;
		printf("ipctest: badge %lu made %d calls\n", badges[i], counts[i]);
		if (counts[i] != CALLS + 1)
			problems++;
	}
	printf("ipctest: %d clients, %d distinct badges, %d capabilities passed, "
	       "%d connections closed, %d problems\n",
	       CLIENTS,
	       (badges[0] != badges[1] && badges[1] != badges[2] && badges[0] != badges[2]) ? 3 : 0,
	       caps_passed, closed, problems);
	return problems;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "client") == 0)
		return client(atoi(argv[2]));
	return server();
}
