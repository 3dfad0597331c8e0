/*
 * procs.c - ps, kill and free: processes and memory, as the kernel and the
 * file server report them.
 *
 * ps prints the kernel's list of processes (process_list), then each
 * CPU's share of busy ticks since boot, the pid/thread it runs now and
 * how many threads are pinned to it (cpu_info); kill ends a
 * process the shell started (only a parent can get the capability that
 * ends a process); free prints the kernel's page counts (mem_stat) and the
 * file server's (FS_MEMSTAT).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bower/abi.h>
#include <bower/fs_info.h>
#include <bower/syscall_nr.h>
#include "builtins.h"
#include "jobs.h"

static const char *state_name(unsigned state)
{
	static const char *const names[] = {"?", "running", "waiting", "ending", "zombie"};
	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

/* Each CPU's load since boot (cpu_info), and what it runs now. */
static void ps_cpus(const struct cmd *c)
{
	struct bower_cpu_info cpus[16];
	long n = bower_cpu_info(cpus, 16);
	char line[96];
	say(c->out, "  CPU  BUSY RUNNING PINNED\n");
	for (long i = 0; i < n && i < 16; i++) {
		unsigned long all = cpus[i].busy_ticks + cpus[i].idle_ticks;
		unsigned long busy = all ? 100 * cpus[i].busy_ticks / all : 0;
		char what[24] = "idle";
		if (cpus[i].pid)
			snprintf(what, sizeof(what), "%d/%d", cpus[i].pid, cpus[i].tid);
		snprintf(line, sizeof(line), "%5ld %4lu%% %-7s %6d\n", i, busy, what,
			 cpus[i].pinned);
		say(c->out, line);
	}
}

int cmd_ps(const struct cmd *c)
{
	/* Room for a few more, should some start between the two calls. */
	long room = bower_process_list(NULL, 0) + 8;
	struct bower_process_info *all = calloc((size_t)room, sizeof(*all));
	if (!all) {
		printf("ps: out of memory\n");
		return 1;
	}
	long n = bower_process_list(all, (unsigned long)room);
	char line[128];
	say(c->out, "  PID  PPID STATE   THREADS NAME             WAITING IN\n");
	for (long i = 0; i < n && i < room; i++) {
		const struct bower_process_info *p = &all[i];
		snprintf(line, sizeof(line), "%5d %5d %-7s %7u %-16s %s\n", p->pid, p->parent,
			 state_name(p->state), p->threads, p->name, p->waiting_in);
		say(c->out, line);
	}
	free(all);
	ps_cpus(c);
	return 0;
}

int cmd_kill(const struct cmd *c)
{
	int status = 0, first = 1;
	if (c->argc > 1 && c->argv[1][0] == '-')
		first = 2; /* kill -9 PID: every signal ends a process the same way */
	if (c->argc <= first) {
		printf("kill: usage: kill PID|%%job...\n");
		return 1;
	}
	for (int i = first; i < c->argc; i++) {
		const char *arg = c->argv[i];
		char *end;
		long pid = strtol(arg, &end, 10);
		if (arg[0] == '%') {
			status |= jobs_kill(arg) < 0;
		} else if (*end || end == arg || pid <= 0) {
			printf("kill: %s: not a process id\n", arg);
			status = 1;
		} else if (pid == getpid()) {
			printf("kill: %ld: that is this shell (exit leaves it)\n", pid);
			status = 1;
		} else if (kill((pid_t)pid, SIGKILL) < 0) {
			printf("kill: %ld: %s\n", pid,
			       errno == EPERM ? "not started by this shell" : strerror(errno));
			status = 1;
		}
	}
	return status;
}

int cmd_free(const struct cmd *c)
{
	int out = c->out;
	struct bower_memstat st;
	struct fs_memstat fs;
	char line[160];
	if (bower_mem_stat(&st) < 0)
		return 1;
	unsigned long used = st.total_pages - st.free_pages;
	say(out, "        pages      KiB\n");
	snprintf(line, sizeof(line), "total %7lu %8lu\nused  %7lu %8lu\nfree  %7lu %8lu\n",
		 st.total_pages, st.total_pages * 4, used, used * 4, st.free_pages,
		 st.free_pages * 4);
	say(out, line);
	if (bower_fs_memstat(&fs) == 0) {
		snprintf(line, sizeof(line),
			 "file server: %llu pages of file data in a pool of %llu (%llu KiB), "
			 "%llu bytes of heap, %llu files\n",
			 (unsigned long long)fs.data_pages, (unsigned long long)fs.pool_pages,
			 (unsigned long long)fs.pool_pages * 4, (unsigned long long)fs.heap_bytes,
			 (unsigned long long)fs.nodes);
		say(out, line);
		snprintf(line, sizeof(line), "prediction models: %llu, %llu KiB\n",
			 (unsigned long long)fs.models, (unsigned long long)fs.model_bytes / 1024);
		say(out, line);
		if (fs.cache_pages) { /* a disk is mounted */
			snprintf(line, sizeof(line),
				 "page cache: %llu pages (%llu KiB), %llu holding data, %llu lent to "
				 "mappings\n",
				 (unsigned long long)fs.cache_pages,
				 (unsigned long long)fs.cache_pages * 4,
				 (unsigned long long)fs.cache_filled, (unsigned long long)fs.cache_lent);
			say(out, line);
		}
	}
	return 0;
}
