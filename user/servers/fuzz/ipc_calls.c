/*
 * ipc_calls.c - the fuzzer's IPC calls: connect, call, receive (and the
 * server loop's reply-and-receive), a call with a bulk buffer, and the
 * server's copies to and from one, with hostile arguments.
 *
 * Main must never wait for ever (calls.c), so a call goes only to a
 * connection the model knows is served (the server thread, peers.c), and a
 * receive is made only with a buffer or info the kernel refuses first, or
 * when the model knows a closed notice is waiting.
 */
#include <string.h>
#include "fuzz.h"

/* Where a connection's buffer address comes back: a word of main's own, as
 * helpers write into scratch at any time. */
static uintptr_t connect_va;

void do_ipc_connect(struct rng *r)
{
	int port = any_slot(r, BOWER_CAP_PORT);
	uintptr_t buf = rng_chance(r, 60) ? (uintptr_t)&connect_va : any_ptr(r, true, 8);
	struct slot ps = port >= 0 && port < NSLOTS ? F.slots[port] : (struct slot){0};
	long ret = CALL(ipc_connect, port, (long)buf);
	if (ret >= NSLOTS) {
		wrong_success(SYS_ipc_connect, ret, (long[]){port, (long)buf}, 2, "no such slot");
		return;
	}
	bool served = ps.obj == F.served_obj && ps.type == BOWER_CAP_PORT;
	bool known = served || ps.role == ROLE_PORT;
	if (ret >= 0) {
		int obj = new_obj();
		obj_info(obj)->conn_port = served ? 0 : ps.obj;
		model_set((int)ret, BOWER_CAP_CONNECTION, BOWER_RIGHT_CALL | BOWER_RIGHT_GRANT,
			  !known   ? ROLE_NONE
			  : served ? ROLE_CONN
				   : ROLE_DEADCONN,
			  obj);
		if (buf == (uintptr_t)&connect_va)
			add_map(connect_va, BOWER_IPC_MAX, false, true, false);
	}
	/* A connect that failed made nothing the port hears of (docs/ipc.md). */
}

/* The connection a call goes to: one the model knows is served, or a
 * slot that must be refused; false if there is none to call. */
static bool served_conn(struct rng *r, int *out)
{
	int conn = any_slot(r, BOWER_CAP_CONNECTION);
	struct slot s = conn >= 0 && conn < NSLOTS ? F.slots[conn] : (struct slot){0};
	if (s.type == BOWER_CAP_CONNECTION && s.role != ROLE_CONN) {
		/* nobody would answer: call the served port instead */
		conn = slot_with_role(r, ROLE_CONN);
		if (conn < 0)
			return false;
	} else if (F.mode == MODE_HOSTILE && conn >= 0 && conn < NSLOTS && !s.type) {
		/* An empty slot may be filled behind the model at any moment:
		 * the server thread receives capabilities into this table, a
		 * connection to an unserved port among them, and a call on
		 * that would never be answered. A slot past the table is as
		 * empty, for good. */
		conn = NSLOTS;
	}
	*out = conn;
	return true;
}

/* A hostile call description: its length (mostly one that fits) and the
 * capability it sends (mostly none). */
static long any_call_len(struct rng *r)
{
	return rng_chance(r, 80) ? (long)rng_below(r, BOWER_IPC_MAX + 1) : any_int(r);
}

static long any_call_cap(struct rng *r)
{
	return rng_chance(r, 60) ? BOWER_NO_CAP : any_slot(r, 0);
}

/* A capability replied into the table (results[1], x2): the model learns
 * it. */
static void after_call(int nr, long ret, const long *args, const long *results)
{
	long cap = results[1];
	if (ret != 0 || cap == BOWER_NO_CAP)
		return;
	long id = CALL(cap_identify, cap);
	if (id < 0 || cap < 0 || cap >= NSLOTS)
		wrong_success(nr, cap, args, 3, "the replied capability is not in the table");
	else
		model_set((int)cap, (int)(id >> 16), (unsigned)id & 0xffff, ROLE_NONE, new_obj());
}

void do_ipc_call(struct rng *r)
{
	int conn;
	if (!served_conn(r, &conn))
		return;
	long args[] = {conn, any_call_len(r), any_call_cap(r)}, results[4];
	after_call(SYS_ipc_call, call_results(SYS_ipc_call, args, 3, results), args, results);
}

unsigned any_bulk_rights(struct rng *r)
{
	return rng_chance(r, 85) ? (unsigned)rng_below(r, 4) : (unsigned)any_int(r);
}

/* A call naming a bulk buffer, hostile, which the server thread copies
 * to and from; or a descriptor the kernel cannot read (fuzz.h). */
void do_ipc_call_bulk(struct rng *r)
{
	struct bower_ipc_bulk *bulk = &F.bulk;
	int conn;
	if (!served_conn(r, &conn))
		return;
	/* often scratch's first half, so that copies get through */
	bulk->addr = (void *)(rng_chance(r, 50) ? (uintptr_t)scratch + rng_below(r, 8 * PAGE)
						: any_ptr(r, true, PAGE));
	bulk->len = rng_chance(r, 60) ? rng_below(r, 2 * PAGE) : any_len(r, (uintptr_t)bulk->addr);
	bulk->rights = any_bulk_rights(r);
	uintptr_t desc = rng_chance(r, 80) ? (uintptr_t)bulk : any_bad_ptr(r, sizeof(*bulk));
	F.bulk_known = desc == (uintptr_t)bulk;
	long args[] = {conn, any_call_len(r), any_call_cap(r), (long)desc}, results[4];
	long ret = call_results(SYS_ipc_call_bulk, args, 4, results);
	F.bulk_known = false;
	after_call(SYS_ipc_call_bulk, ret, args, results);
}

/* Main holds no call, so every copy must be refused, whatever it names. */
void do_caller_copy(struct rng *r)
{
	uintptr_t p = any_ptr(r, true, 64);
	long off = rng_chance(r, 50) ? (long)rng_below(r, 2 * PAGE) : any_int(r);
	int nr = rng_chance(r, 50) ? SYS_ipc_caller_write : SYS_ipc_caller_read;
	long args[] = {off, (long)p, (long)any_len(r, p)};
	long ret = call_checked(nr, args, 3);
	if (ret >= 0)
		wrong_success(nr, ret, args, 3, "a copy with no call held");
}

void do_ipc_recv(struct rng *r)
{
	int port = any_slot(r, BOWER_CAP_PORT);
	struct slot s = port >= 0 && port < NSLOTS ? F.slots[port] : (struct slot){0};
	uintptr_t buf = any_ptr(r, true, 64),
		  info = any_ptr(r, true, sizeof(struct bower_ipc_recv));
	size_t len = any_len(r, buf);
	/* Only a closed notice main knows is waiting can be received without
	 * blocking; everything else gets a range the kernel refuses first. */
	struct obj_info *o = s.role == ROLE_PORT ? obj_info(s.obj) : NULL;
	bool real = F.mode == MODE_SAFE && o && o->closed_pending > 0;
	if (!real && range_ok(buf, len) && range_ok(info, sizeof(struct bower_ipc_recv))) {
		if (rng_chance(r, 50))
			buf = KERNEL_VA;
		else
			info = BOWER_USER_TOP - 4;
	}
	long ret;
	if (rng_chance(r, 50)) {
		ret = CALL(ipc_recv, port, (long)buf, (long)len, (long)info);
	} else {
		/* The same receive through the server loop's call: main holds
		 * no call, so there is nothing to answer first. */
		long args[] = {port,
			       any_int(r),
			       (long)any_ptr(r, true, 8),
			       (long)any_len(r, 0),
			       any_slot(r, 0),
			       (long)(real ? buf : KERNEL_VA),
			       (long)len};
		ret = call_checked(SYS_ipc_reply_recv, args, 7);
		if (ret == 0 && !real)
			wrong_success(SYS_ipc_reply_recv, ret, args, 7,
				      "received with a buffer the kernel must refuse");
	}
	if (real && ret == 0)
		o->closed_pending--;
}
