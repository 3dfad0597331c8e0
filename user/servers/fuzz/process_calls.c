/*
 * process_calls.c - the fuzzer's calls about processes: spawning programs
 * (some of them children that run until killed), waiting for them, and
 * their capabilities (process_cap, kill, status, their address spaces),
 * with the model of the children the fuzzer has made.
 */
#include <string.h>
#include "fuzz.h"

/* A pid that is not one of our children, whatever pids this boot hands
 * out: the same seed then makes the same calls in any run. */
static int foreign_pid(struct rng *r)
{
	static const int pids[] = {0, -2, -0x7fffffff - 1, 0x7fffffff, 1};
	if (rng_chance(r, 20))
		return F.pid;
	if (rng_chance(r, 20))
		return (1 << 20) + (int)rng_below(r, 1 << 20);
	return pids[rng_below(r, sizeof(pids) / sizeof(pids[0]))];
}

static int live_children(void)
{
	int n = 0;
	for (int i = 0; i < F.nchildren; i++)
		n += F.children[i].live;
	return n;
}

static int add_child(int pid, bool idle)
{
	if (F.nchildren == (int)(sizeof(F.children) / sizeof(F.children[0]))) {
		/* reuse a reaped entry */
		for (int i = 0; i < F.nchildren; i++)
			if (!F.children[i].live) {
				F.children[i] = (struct child){pid, true, false, idle};
				return i;
			}
		return -1;
	}
	F.children[F.nchildren] = (struct child){pid, true, false, idle};
	return F.nchildren++;
}

static struct child *child_of_slot(int slot)
{
	if (slot < 0 || slot >= NSLOTS || F.slots[slot].role != ROLE_PROCESS)
		return NULL;
	struct obj_info *o = obj_info(F.slots[slot].obj);
	int pid = o ? o->pid : 0;
	for (int i = 0; i < F.nchildren; i++) /* entries are reused: match the pid */
		if (F.children[i].live && F.children[i].pid == pid)
			return &F.children[i];
	return NULL;
}

static char argv_strings[4][300];
static const char *argv_buf[BOWER_ARG_MAX + 4];
static int caps_buf[12];

void do_spawn(struct rng *r)
{
	static const char *const names[] = {
	    "exitcode", "no-such-program", "README", "broken-elf", "", "hello"};
	const char *path;
	bool idle = false, client = false;
	uintptr_t argv = (uintptr_t)argv_buf;
	int nargs = 0;
	bool may_start = live_children() < MAX_CHILDREN;
	switch (rng_below(r, 6)) {
	case 0: /* a child that runs until killed */
		path = may_start ? "fuzz" : "no-such-program";
		argv_buf[nargs++] = "fuzz";
		client = F.mode == MODE_HOSTILE && rng_chance(r, 50);
		idle = !client;
		argv_buf[nargs++] = client ? "client" : "idle";
		break;
	case 1:
		path = (const char *)any_ptr(r, false, 8);
		argv_buf[nargs++] = "x";
		break;
	default:
		path = names[rng_below(r, sizeof(names) / sizeof(names[0]) -
					      (rng_chance(r, 90) ? 1 : 0))];
		if (!may_start)
			path = "no-such-program";
		/* hostile arguments for a program that ignores them */
		for (int n = (int)rng_below(r, BOWER_ARG_MAX + 3); nargs < n;) {
			switch (rng_below(r, 5)) {
			case 0:
				memset(argv_strings[0], 'a', sizeof(argv_strings[0]) - 1);
				argv_buf[nargs++] = argv_strings[0]; /* too long */
				break;
			case 1:
				argv_buf[nargs++] = (const char *)any_ptr(r, false, 8);
				break;
			default:
				argv_buf[nargs++] = "3";
			}
		}
		if (rng_chance(r, 10))
			argv = any_ptr(r, false, 8);
	}
	argv_buf[nargs] = NULL;
	int ncaps = 0;
	uintptr_t caps = 0;
	if (client) {
		caps_buf[0] = F.served_give;
		caps = (uintptr_t)caps_buf;
		ncaps = 1;
	} else if (rng_chance(r, 50)) {
		ncaps = rng_chance(r, 80) ? (int)rng_below(r, 10) : (int)any_int(r);
		for (int i = 0; i < 10; i++)
			caps_buf[i] = any_slot(r, 0);
		caps = rng_chance(r, 80) ? (uintptr_t)caps_buf : any_ptr(r, false, 16);
	}
	if (caps == (uintptr_t)caps_buf)
		for (int i = 0; i < ncaps && i < 10; i++)
			if (caps_buf[i] >= 0 && caps_buf[i] < NSLOTS &&
			    obj_info(F.slots[caps_buf[i]].obj))
				obj_info(F.slots[caps_buf[i]].obj)->given = true;
	long pid = CALL(spawn, (long)path, (long)argv, (long)caps, ncaps);
	if (pid > 0 && add_child((int)pid, idle || client) < 0)
		fuzz_print("fuzz: more children than the fuzzer tracks\n");
}

void do_wait(struct rng *r)
{
	int pid, status_kind = (int)rng_below(r, 3);
	uintptr_t status = status_kind == 0   ? 0
			   : status_kind == 1 ? (uintptr_t)scratch
					      : any_ptr(r, true, 4);
	struct child *c = NULL;
	switch (rng_below(r, 4)) {
	case 0: { /* a child that has certainly ended: no blocking */
		int k[MAX_CHILDREN * 4], n = 0;
		for (int i = 0; i < F.nchildren; i++)
			if (F.children[i].live && F.children[i].killed)
				k[n++] = i;
		if (!n)
			return;
		c = &F.children[k[rng_below(r, (uint64_t)n)]];
		pid = c->pid;
		break;
	}
	case 1: /* any child, if every one still here has ended */
		for (int i = 0; i < F.nchildren; i++)
			if (F.children[i].live && !F.children[i].killed)
				return;
		pid = -1;
		status = rng_chance(r, 50) ? 0 : (uintptr_t)scratch; /* to learn which */
		break;
	default:
		pid = foreign_pid(r); /* not a child: nothing to wait for */
	}
	long ret = CALL(wait, pid, (long)status);
	if (c && (ret == pid || ret == -BOWER_EFAULT))
		c->live = false; /* reaped (EFAULT: the status could not be stored) */
	if (pid == -1 && ret > 0)
		for (int i = 0; i < F.nchildren; i++)
			if (F.children[i].pid == ret)
				F.children[i].live = false;
	if (pid == -1 && ret == -BOWER_EFAULT)
		rescan(); /* cannot happen with these pointers; noted by check */
}

void do_children_calls(struct rng *r, int which)
{
	switch (which) {
	case 0: {
		int pid;
		int k = F.nchildren ? (int)rng_below(r, (uint64_t)F.nchildren) : -1;
		pid = k >= 0 && rng_chance(r, 70) ? F.children[k].pid : foreign_pid(r);
		long ret = CALL(process_cap, pid);
		if (ret >= NSLOTS)
			wrong_success(SYS_process_cap, ret, (long[]){pid}, 1, "no such slot");
		else if (ret >= 0) {
			int obj = new_obj(), ci = -1;
			for (int i = 0; i < F.nchildren; i++)
				if (F.children[i].pid == pid && F.children[i].live)
					ci = i;
			obj_info(obj)->pid = pid;
			model_set((int)ret, BOWER_CAP_PROCESS,
				  BOWER_RIGHT_WAIT | BOWER_RIGHT_KILL | BOWER_RIGHT_MAP |
				      BOWER_RIGHT_GRANT,
				  ci >= 0 ? ROLE_PROCESS : ROLE_NONE, obj);
		}
		break;
	}
	case 1: {
		int slot = any_slot(r, BOWER_CAP_PROCESS);
		struct child *c = child_of_slot(slot);
		long ret = CALL(process_kill, slot);
		if (c && (ret == 0 || ret == -BOWER_ESRCH))
			c->killed = true;
		break;
	}
	case 2:
		CALL(process_status, any_slot(r, BOWER_CAP_PROCESS));
		break;
	case 3: {
		long ret = CALL(process_vmspace, any_slot(r, BOWER_CAP_PROCESS));
		if (ret >= 0 && ret < NSLOTS)
			model_set((int)ret, BOWER_CAP_VMSPACE, BOWER_RIGHT_MAP | BOWER_RIGHT_GRANT,
				  ROLE_VMSPACE, new_obj());
		break;
	}
	default: {
		uintptr_t addr = rng_chance(r, 60) ? 0x10000000UL + rng_below(r, 64) * PAGE
						   : (uintptr_t)any_int(r);
		size_t len = rng_chance(r, 70) ? (1 + rng_below(r, 8)) * PAGE : any_len(r, addr);
		int prot = rng_chance(r, 80) ? (int)rng_below(r, 4) : (int)any_int(r);
		CALL(vm_map_pmo_into, any_slot(r, BOWER_CAP_VMSPACE), any_slot(r, BOWER_CAP_PMO),
		     (long)addr, (long)len, prot);
	}
	}
}
