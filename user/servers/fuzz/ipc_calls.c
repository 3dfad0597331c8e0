/*
 * ipc_calls.c - the fuzzer's IPC calls: connect, call, receive (and the
 * server loop's reply-and-receive), with hostile arguments.
 *
 * Main must never wait for ever (calls.c), so a call goes only to a
 * connection the model knows is served (the server thread, peers.c), and a
 * receive is made only with a buffer or info the kernel refuses first, or
 * when the model knows a closed notice is waiting.
 */
#include <string.h>
#include "fuzz.h"

static struct bower_ipc_call msg_buf;

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

void do_ipc_call(struct rng *r)
{
	int conn = any_slot(r, BOWER_CAP_CONNECTION);
	struct slot s = conn >= 0 && conn < NSLOTS ? F.slots[conn] : (struct slot){0};
	if (s.type == BOWER_CAP_CONNECTION && s.role != ROLE_CONN) {
		/* nobody would answer: call the served port instead */
		conn = slot_with_role(r, ROLE_CONN);
		if (conn < 0)
			return;
	} else if (F.mode == MODE_HOSTILE && conn >= 0 && conn < NSLOTS && !s.type) {
		/* An empty slot may be filled behind the model at any moment:
		 * the server thread receives capabilities into this table, a
		 * connection to an unserved port among them, and a call on
		 * that would never be answered. A slot past the table is as
		 * empty, for good. */
		conn = NSLOTS;
	}
	uintptr_t msg = (uintptr_t)&msg_buf;
	msg_buf.len =
	    rng_chance(r, 80) ? rng_below(r, BOWER_IPC_MAX + 1) : (unsigned long)any_int(r);
	msg_buf.cap = rng_chance(r, 60) ? BOWER_NO_CAP : any_slot(r, 0);
	msg_buf.ret = 0;
	if (rng_chance(r, 40))
		msg = any_ptr(r, true, sizeof(msg_buf));
	long ret = CALL(ipc_call, conn, (long)msg);
	if (ret == 0 && msg == (uintptr_t)&msg_buf && msg_buf.cap != BOWER_NO_CAP) {
		long id = CALL(cap_identify, msg_buf.cap);
		if (id < 0 || msg_buf.cap >= NSLOTS)
			wrong_success(SYS_ipc_call, msg_buf.cap, (long[]){conn, (long)msg}, 2,
				      "the replied capability is not in the table");
		else
			model_set(msg_buf.cap, (int)(id >> 16), (unsigned)id & 0xffff, ROLE_NONE,
				  new_obj());
	} else if (ret == 0 && msg != (uintptr_t)&msg_buf) {
		rescan(); /* a capability may have come back where we cannot see */
	}
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
		static struct bower_ipc_reply_recv m;
		m = (struct bower_ipc_reply_recv){.ret = any_int(r), .reply = (void *)any_ptr(r, true, 8),
						  .reply_len = any_len(r, 0), .reply_cap = any_slot(r, 0),
						  .buf = (void *)(real ? buf : KERNEL_VA), .buflen = len};
		uintptr_t um = (uintptr_t)&m;
		if (!real && rng_chance(r, 10))
			um = rng_chance(r, 50) ? KERNEL_VA : BOWER_USER_TOP - 8; /* refused at once */
		ret = CALL(ipc_reply_recv, port, (long)um);
		if (ret == 0 && um == (uintptr_t)&m && !real)
			wrong_success(SYS_ipc_reply_recv, ret, (long[]){port, (long)um}, 2,
				      "received with a buffer or info the kernel must refuse");
	}
	if (real && ret == 0)
		o->closed_pending--;
}
