/*
 * peers.c - the fuzzer's other threads and child processes.
 *
 * The server thread receives on the one served port, so that main's IPC
 * calls are answered and reach the kernel's receive and reply paths with
 * hostile buffers (a bad receive is retried; a bad reply is followed by a
 * good one, since the caller waits for it).
 *
 * Helpers are short-lived threads: a few calls, then thread_exit. In safe
 * mode they touch no mapping, so only main's calls fault and the sequence
 * follows from the seed. In hostile mode they make the calls that sleep in
 * the kernel with objects in hand (a call, a spawn, a pager answer, a
 * connect, each with its buffer in a file page the pager may not answer
 * for a long time) while main deletes the capabilities, unmaps the file
 * and kills the children.
 *
 * Children are this program again: `fuzz idle` yields until killed, and
 * `fuzz client` (hostile mode) calls the served port until killed, so that
 * a client dies while the server thread is in the middle of its call.
 */
#include <string.h>
#include "fuzz.h"

#define STACK_BYTES (16 * 1024)

char scratch[SCRATCH_BYTES] __attribute__((aligned(4096)));
static char server_buf[BOWER_IPC_MAX] __attribute__((aligned(16)));
static struct bower_ipc_recv server_info;
/* Helpers 0..3, the server (4), the pager (5); calls.c names a thread by
 * the stack it runs on. */
static char stacks[MAX_HELPERS + 2][STACK_BYTES] __attribute__((aligned(16)));
char *const stacks_base_ptr = stacks[0];

/* Copies between the server and the call it holds (ipc_caller_write,
 * ipc_caller_read), made before it replies. The kernel may write a page of
 * the server's own side, and of the caller's buffer only its first page,
 * main's known one (fuzz.h) past that being named only to be refused. */
static void server_copies(struct rng *r)
{
	int n = F.bulk_known ? 1 + (int)rng_below(r, 4) : (int)rng_below(r, 3);
	for (; n > 0; n--) {
		const struct bower_ipc_bulk *b = &F.bulk;
		unsigned long off =
		    rng_chance(r, 70) ? rng_below(r, PAGE) : (unsigned long)any_int(r);
		/* often scratch's second half, so that copies get through */
		uintptr_t p = rng_chance(r, 50)
				  ? (uintptr_t)scratch + 8 * PAGE + rng_below(r, 7 * PAGE)
				  : any_ptr(r, true, PAGE);
		size_t len = rng_chance(r, 70) ? rng_below(r, PAGE + 1) : any_len(r, p);
		if (F.bulk_known && rng_chance(r, 60)) { /* within main's buffer's first page */
			size_t room = b->len < PAGE ? b->len : PAGE;
			off = rng_below(r, room + 1);
			len = rng_below(r, room - off + 1);
		}
		bool to_caller = rng_chance(r, 50);
		if (!to_caller && len > PAGE)
			len = PAGE;
		/* Judged on the length asked for, after that clamp. */
		bool inside = F.bulk_known && off <= b->len && len <= b->len - off;
		if (to_caller && inside && off + len > PAGE)
			continue;
		long args[] = {(long)off, (long)p, (long)len};
		int nr = to_caller ? SYS_ipc_caller_write : SYS_ipc_caller_read;
		long ret = call_checked(nr, args, 3);
		/* Safe mode: main's is the only call there is to hold. */
		if (F.mode == MODE_SAFE && F.bulk_known && !inside && len && ret >= 0)
			wrong_success(nr, ret, args, 3, "a copy outside the bulk buffer");
		if (ret >= 0 && (size_t)ret > len)
			wrong_success(nr, ret, args, 3, "copied more than asked");
	}
}

static void server_thread(uintptr_t unused)
{
	(void)unused;
	struct rng r;
	rng_seed(&r, F.seed, 2);
	for (;;) {
		uintptr_t buf = (uintptr_t)server_buf, info = (uintptr_t)&server_info;
		size_t len = sizeof(server_buf);
		if (rng_chance(&r, 20)) {
			buf = any_ptr(&r, true, 64);
			len = any_len(&r, buf);
		}
		if (rng_chance(&r, 10))
			info = any_ptr(&r, true, sizeof(server_info));
		server_info.flags = 0;
		server_info.cap = BOWER_NO_CAP;
		if (CALL(ipc_recv, F.served_port, (long)buf, (long)len, (long)info) < 0)
			continue; /* a bad buffer: the caller is still queued */
		if (info == (uintptr_t)&server_info && (server_info.flags & BOWER_IPC_CLOSED))
			continue;
		/* In safe mode main is blocked in its call: a capability it
		 * passed is dropped again before it runs, so its table stays
		 * as it knows it. In hostile mode they pile up for main to
		 * find, delete, or run out of slots with. */
		if (F.mode == MODE_SAFE && info == (uintptr_t)&server_info && server_info.cap >= 0)
			CALL(cap_delete, server_info.cap);
		server_copies(&r);
		for (int tries = (int)rng_below(&r, 3); tries > 0; tries--) {
			uintptr_t p = any_ptr(&r, false, 16);
			int cap =
			    F.mode == MODE_HOSTILE || rng_chance(&r, 50) ? any_slot(&r, 0) : NSLOTS;
			if (F.mode == MODE_SAFE && cap >= 0 && cap < NSLOTS)
				cap = NSLOTS; /* a granted copy would change main's table */
			long ret = CALL(ipc_reply, any_int(&r), (long)p, (long)any_len(&r, p), cap);
			if (ret == 0 || ret == -BOWER_ESRCH || ret == -BOWER_EINVAL)
				break; /* replied, or nobody to reply to */
		}
		/* The good reply (refused if a bad one got through: no peer). */
		CALL(ipc_reply, any_int(&r), (long)scratch, (long)rng_below(&r, 64), BOWER_NO_CAP);
	}
}

/* A thread of our own, named by a capability only to wait: not grantable. */
static int start_thread(void (*fn)(uintptr_t), uintptr_t arg, int stack)
{
	long t = CALL(thread_create, (long)fn, (long)arg, (long)(stacks[stack] + STACK_BYTES));
	return t < 0 ? (int)t : narrow(t, BOWER_CAP_THREAD, BOWER_RIGHT_WAIT);
}

int pager_thread_slot;

void server_setup(void)
{
	long port = CALL0(port_create);
	F.served_obj = new_obj();
	F.served_give = (int)CALL(cap_copy, port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	model_set(F.served_give, BOWER_CAP_PORT, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT,
		  ROLE_VITAL, F.served_obj);
	F.served_port = narrow(port, BOWER_CAP_PORT, BOWER_RIGHT_RECEIVE | BOWER_RIGHT_CONNECT);
	F.slots[F.served_port].obj = F.served_obj;
	/* One connection to start with; main makes more. */
	long c = CALL(ipc_connect, F.served_port, (long)scratch);
	if (c >= 0)
		model_set((int)c, BOWER_CAP_CONNECTION, BOWER_RIGHT_CALL | BOWER_RIGHT_GRANT,
			  ROLE_CONN, new_obj());
	start_thread(server_thread, 0, MAX_HELPERS);
	pager_thread_slot = start_thread(pager_thread, 0, MAX_HELPERS + 1);
}

/* --- helpers --- */

static const char *const helper_argv[] = {"exitcode", "5", NULL};

static void helper_call(struct rng *r)
{
	bool hostile = F.mode == MODE_HOSTILE;
	uintptr_t p = hostile ? any_ptr(r, true, 64) : any_plain_ptr(r, 64);
	/* a page of the slow file (if main unmapped it: no mapping at all) */
	uintptr_t slow = (F.file_slow ? F.file_slow : UNMAPPED) + rng_below(r, FILE_PAGES) * PAGE;
	if (hostile && rng_chance(r, 30))
		p = slow + rng_below(r, PAGE / 8) * 8;
	switch (rng_below(r, hostile ? 12 : 6)) {
	case 0:
		CALL0(getpid);
		break;
	case 1:
		CALL0(yield);
		break;
	case 2:
		CALL(cap_identify, any_slot(r, 0));
		break;
	case 3:
		CALL(mem_stat, (long)p);
		break;
	case 4: {
		size_t len = any_len(r, p);
		CALL(console_write, (long)p,
		     (long)(len > 8 && p + len >= p ? rng_below(r, 9) : len));
		break;
	}
	case 5:
		CALL(vm_llm_stats, (long)F.file_llm, (long)p);
		break;
	/* hostile only: sleep in the kernel with objects looked up */
	case 6: {
		int conn = slot_with_role(r, ROLE_CONN);
		long len = (long)rng_below(r, 9);
		if (rng_chance(r, 50)) {
			/* the call's bulk descriptor is in the slow file */
			CALL(ipc_call_bulk, conn, len, BOWER_NO_CAP, (long)slow);
			break;
		}
		/* A bulk buffer in the slow file: the server's copies must
		 * be refused at once, never wait for its pager. */
		struct bower_ipc_bulk bulk = {
		    .addr = (void *)slow, .len = PAGE, .rights = any_bulk_rights(r)};
		CALL(ipc_call_bulk, conn, len, BOWER_NO_CAP, (long)&bulk);
		break;
	}
	case 7: {
		int caps[3] = {any_slot(r, 0), any_slot(r, 0), any_slot(r, 0)};
		/* the path, "exitcode", is in a slow page */
		CALL(spawn, (long)slow, (long)helper_argv, (long)caps, (int)rng_below(r, 4));
		break;
	}
	case 8: {
		CALL(pager_map, F.pager_slot, (long)F.tokens[rng_below(r, 8)], (long)slow,
		     1 + (int)rng_below(r, 3), BOWER_PROT_READ);
		break;
	}
	case 9:
		CALL(ipc_connect, any_slot(r, BOWER_CAP_PORT), (long)slow);
		break;
	case 10:
		CALL(process_kill, any_slot(r, BOWER_CAP_PROCESS));
		break;
	default:
		CALL(vm_map_pmo, any_slot(r, BOWER_CAP_PMO), 0,
		     (long)((1 + rng_below(r, 4)) * PAGE), BOWER_PROT_READ, 0, 0);
	}
}

static void helper_entry(uintptr_t arg)
{
	int i = (int)(arg & 0xff);
	struct rng r;
	rng_seed(&r, F.seed, 100 + (arg >> 8));
	for (int n = 1 + (int)rng_below(&r, 12); n > 0 && !F.final; n--)
		helper_call(&r);
	F.helper_done[i] = true;
	__atomic_add_fetch(&F.calls, 1, __ATOMIC_RELAXED);
	bower_thread_exit();
}

/* Wait for helper i to end and free its stack. */
void helper_reap(int i)
{
	if (!F.helper_busy[i])
		return;
	if (F.helper_join[i] >= 0) {
		CALL(thread_join, F.helper_join[i]);
		CALL(cap_delete, F.helper_join[i]);
		model_clear(F.helper_join[i]);
	} else {
		while (!F.helper_done[i]) /* its join capability did not fit */
			bower_yield();
		for (int k = 0; k < 8; k++) /* past its last instruction on our stack */
			bower_yield();
	}
	F.helper_busy[i] = false;
}

int helper_start(struct rng *r)
{
	if (F.mode == MODE_HOSTILE && !F.file_slow)
		slow_file_map(); /* main unmapped it: give the helpers a new one */
	int i = (int)rng_below(r, MAX_HELPERS);
	if (F.helper_busy[i]) {
		/* Safe mode: every helper ends, so join it (whether it has yet is
		 * timing, and main's calls must not depend on timing). Hostile:
		 * it may sleep on a fault until teardown. */
		if (F.mode == MODE_HOSTILE && !F.helper_done[i])
			return -1;
		helper_reap(i);
	}
	F.helper_done[i] = false;
	F.helper_busy[i] = true;
	unsigned long run = F.helper_runs++;
	long t = CALL(thread_create, (long)helper_entry, (long)(i | run << 8),
		      (long)(stacks[i] + STACK_BYTES));
	if (t < 0) {
		F.helper_busy[i] = false;
		return -1;
	}
	long j = CALL(cap_copy, t, BOWER_RIGHT_WAIT);
	F.helper_join[i] = (int)j;
	if (j >= 0)
		model_set((int)j, BOWER_CAP_THREAD, BOWER_RIGHT_WAIT, ROLE_VITAL, new_obj());
	/* The capability main's random calls see: delete it, copy it, join it. */
	int obj = new_obj();
	obj_info(obj)->helper = i;
	model_set((int)t, BOWER_CAP_THREAD, BOWER_RIGHT_WAIT | BOWER_RIGHT_GRANT, ROLE_THREAD, obj);
	return i;
}

/* --- children --- */

void child_main(const char *role)
{
	if (strcmp(role, "client") == 0) {
		/* Every other call names a bulk buffer of its own, so that the
		 * server is copying to it when main kills us. */
		static char mine[2 * PAGE];
		uintptr_t buf;
		long conn = bower_ipc_connect(0, &buf);
		for (unsigned long n = 0;; n++) {
			struct bower_ipc_call msg = {.len = 8, .cap = BOWER_NO_CAP};
			struct bower_ipc_bulk bulk = {.addr = mine,
						      .len = sizeof(mine),
						      .rights = BOWER_BULK_READ | BOWER_BULK_WRITE};
			if (conn >= 0 && n % 2)
				bower_ipc_call_bulk((int)conn, &msg, &bulk);
			else if (conn >= 0)
				bower_ipc_call((int)conn, &msg);
			bower_yield();
		}
	}
	for (;;)
		bower_yield();
}
