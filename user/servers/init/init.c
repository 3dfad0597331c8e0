/*
 * init.c - the first user program, and the process manager.
 *
 * It sorts the devices the kernel gave it and starts a driver for each
 * disk (devices.c, drivers.c), starts the file server and learns its port
 * (the server calls init's port once with a connect capability), then
 * starts programs, giving each the file server capability in slot
 * FS_PORT_SLOT and, with a disk, the block driver's in BLK_PORT_SLOT,
 * waits for them and reports how each ended: its exit status, or the
 * signal it was killed by. What to run comes from the kernel command line:
 *
 *	run=prog[:arg...][,prog...]   run these one after another
 *	par=prog[:arg...][,prog...]   start these together, then wait for all
 *
 *	predictor=KIND                the file server predicts MAP_LLM faults
 *	                              with KIND (none, sequential, ..., hybrid)
 *	profiles=off                  ... starting cold, ignoring built-in profiles
 *	pager_cpu=N                   ... its pager thread pinned to CPU N (docs/smp.md)
 *	blk=PROG                      PROG drives each disk instead of blk
 *
 * With neither run= nor par=, it runs the shell. When everything has ended
 * it stops the file server too and powers the machine off, first printing
 * the kernel's free-page count from before the file server started and
 * after everything was reaped: with every process gone, every page the
 * kernel gave out on their behalf must be back, so the two counts are equal
 * after any run (tests/qemu/run.py checks them after every boot).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/fs_proto.h>
#include <bower/blk_proto.h>
#include <bower/syscall_nr.h>
#include <bower/counter.h>
#include "init.h"

#define MAX_JOBS 32

struct job {
	char *argv[BOWER_ARG_MAX + 1];
	int pid;
	uint64_t started; /* counter value at spawn */
};

static int fs_cap = -1; /* our capability to the file server's port */
static long fs_pid = -1;

static long free_pages(void)
{
	struct bower_memstat st;
	return bower_mem_stat(&st) < 0 ? -1 : (long)st.free_pages;
}

/* How a program ended, and how long it ran from its spawn to its end in
 * counter ticks (with QEMU's -icount shift=0, one tick is 16 instructions:
 * the benchmarks read the whole run's cost here). */
void report(const char *name, int pid, int status, uint64_t ticks)
{
	if ((status & 0x7f) == 0)
		printf("init: %s (pid %d) exited with status %d after %llu ticks\n", name, pid,
		       (status >> 8) & 0xff, (unsigned long long)ticks);
	else
		printf("init: %s (pid %d) was killed (signal %d) after %llu ticks\n", name, pid,
		       status & 0x7f, (unsigned long long)ticks);
}

/* "prog:a:b" -> argv {"prog", "a", "b", NULL}; modifies s. */
static void split_args(char *s, char **argv)
{
	int n = 0;
	argv[n++] = s;
	for (; *s && n < BOWER_ARG_MAX; s++)
		if (*s == ':') {
			*s = '\0';
			argv[n++] = s + 1;
		}
	argv[n] = NULL;
}

static int start(struct job *j)
{
	int caps[2] = {[FS_PORT_SLOT] = fs_cap, [BLK_PORT_SLOT] = drivers_port()};
	int ncaps = fs_cap < 0 ? 0 : caps[BLK_PORT_SLOT] < 0 ? 1 : 2;
	j->started = bower_counter();
	j->pid = (int)bower_spawn(j->argv[0], (const char *const *)j->argv, caps, ncaps);
	if (j->pid < 0)
		printf("init: cannot start %s: error %d\n", j->argv[0], -j->pid);
	return j->pid;
}

static void finish(struct job *j)
{
	int status;
	if (j->pid > 0 && bower_wait(j->pid, &status) == j->pid)
		report(j->argv[0], j->pid, status, bower_counter() - j->started);
}

/* Run the comma-separated list, in parallel or one by one. The jobs are
 * static, not on the stack: init's own memory then stays what it was at
 * start (its data is loaded eagerly, its stack is lazy), which keeps the
 * free-page count it prints at the end exact. */
static void run_list(char *list, int parallel)
{
	static struct job jobs[MAX_JOBS];
	int n = 0;
	for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
		if (n == MAX_JOBS) {
			printf(
			    "init: more than %d programs in one list; ignoring %s and the rest\n",
			    MAX_JOBS, item);
			break;
		}
		split_args(item, jobs[n].argv);
		start(&jobs[n]);
		if (!parallel)
			finish(&jobs[n]);
		n++;
	}
	if (parallel)
		for (int i = 0; i < n; i++)
			finish(&jobs[i]);
}

/* Start the file server and take the capability it sends us. */
static void start_file_server(const char *predictor, const char *profiles, const char *cache,
			      const char *pager_cpu)
{
	long port = bower_port_create();
	long give = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const char *argv[] = {"fs", NULL, NULL, NULL, NULL, NULL};
	int n = 1;
	if (predictor)
		argv[n++] = predictor;
	if (profiles)
		argv[n++] = profiles;
	if (cache)
		argv[n++] = cache;
	if (pager_cpu)
		argv[n++] = pager_cpu;
	/* With a disk, the file server mounts it: the driver's port in slot
	 * BLK_PORT_SLOT, as programs get it. */
	const int caps[] = {[FS_PORT_SLOT] = (int)give, [BLK_PORT_SLOT] = drivers_port()};
	long pid = bower_spawn("fs", argv, caps, caps[BLK_PORT_SLOT] < 0 ? 1 : 2);
	bower_cap_delete((int)give);
	if (pid < 0) {
		printf("init: cannot start the file server: error %ld\n", -pid);
		return;
	}
	fs_pid = pid;
	struct bower_ipc_recv info;
	char buf[16];
	do
		bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	while (info.flags & BOWER_IPC_CLOSED);
	fs_cap = info.cap;
	bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP);
	bower_cap_delete((int)port);
}

/* Ask the file server to put everything written to disk files on the
 * disk (FS_SYNC): write() went through at once, but pages that writable
 * mappings dirtied are in its cache. init talks the protocol itself: its
 * capability to the server is not in FS_PORT_SLOT. */
static void sync_file_server(void)
{
	uintptr_t va;
	long conn = bower_ipc_connect(fs_cap, &va);
	if (conn < 0)
		return;
	struct fs_request *req = (struct fs_request *)va;
	memset(req, 0, FS_REQUEST_HEAD);
	req->op = FS_SYNC;
	struct bower_ipc_call msg = {.len = FS_REQUEST_HEAD, .cap = BOWER_NO_CAP};
	if (bower_ipc_call((int)conn, &msg) < 0 || msg.ret < 0)
		printf("init: the file server could not sync: error %ld\n", -msg.ret);
	bower_cap_delete((int)conn);
	bower_vm_unmap(va, BOWER_IPC_MAX); /* the connection's buffer */
}

/* End the file server once every program has ended, and reap it, once
 * what it holds for the disk is there: tmpfs's files live only in its
 * memory, so ending it then loses nothing that a later boot would see. */
static void stop_file_server(void)
{
	if (fs_pid < 0)
		return;
	sync_file_server();
	long proc = bower_process_cap((int)fs_pid);
	if (proc >= 0) {
		bower_process_kill((int)proc);
		bower_cap_delete((int)proc);
	}
	bower_cap_delete(fs_cap);
	bower_wait((int)fs_pid, NULL);
}

int main(int argc, char **argv)
{
	char shell[] = "shell";
	int ran = 0;

	uint64_t started = bower_counter();
	printf("init: pid %ld, main reached at counter %llu (%llu Hz)\n", bower_getpid(),
	       (unsigned long long)started, (unsigned long long)bower_counter_freq());
	const char *predictor = NULL, *profiles = NULL, *cache = NULL, *pager_cpu = NULL;
	const char *blk = "blk";
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "predictor=", 10) == 0)
			predictor = argv[i];
		if (strncmp(argv[i], "profiles=", 9) == 0)
			profiles = argv[i];
		if (strncmp(argv[i], "cache=", 6) == 0)
			cache = argv[i];
		if (strncmp(argv[i], "pager_cpu=", 10) == 0)
			pager_cpu = argv[i];
		if (strncmp(argv[i], "blk=", 4) == 0)
			blk = argv[i] + 4;
	}
	devices_sort(); /* before the count: it frees the objects of idle devices */
	long free_at_start = free_pages();
	drivers_start(blk);
	start_file_server(predictor, profiles, cache, pager_cpu);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "run=", 4) == 0) {
			run_list(argv[i] + 4, 0);
			ran = 1;
		} else if (strncmp(argv[i], "par=", 4) == 0) {
			run_list(argv[i] + 4, 1);
			ran = 1;
		}
	}
	if (!ran)
		run_list(shell, 0);
	stop_file_server();
	drivers_stop();
	printf("init: all programs done; free pages before %ld, after %ld; powering off\n",
	       free_at_start, free_pages());
	bower_poweroff(0);
	return 1;
}
