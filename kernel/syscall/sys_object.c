/*
 * sys_object.c - system calls on capabilities, notifications and IPC.
 *
 * Each copies in its user arguments, then looks up its capability with the
 * type and rights it needs, then hands the object to object/ or ipc/ code
 * (the rule in docs/syscalls.md).
 */
#include <syscall.h>
#include <process.h>
#include <notification.h>
#include <ipc.h>
#include <sched.h>

static struct cap_table *caps(void)
{
	return &current_process()->caps;
}

long sys_cap_copy(int slot, unsigned rights)
{
	struct kobject *obj;
	long err = cap_lookup(caps(), slot, KOBJ_NONE, 0, &obj);
	if (err < 0)
		return err;
	return cap_install(caps(), obj, cap_rights(caps(), slot) & rights);
}

long sys_cap_delete(int slot)
{
	return cap_delete(caps(), slot);
}

long sys_cap_identify(int slot)
{
	struct kobject *obj;
	long err = cap_lookup(caps(), slot, KOBJ_NONE, 0, &obj);
	if (err < 0)
		return err;
	return (long)obj->type << 16 | cap_rights(caps(), slot);
}

long sys_cap_set_limit(unsigned long n)
{
	return cap_set_limit(caps(), n);
}

long sys_notify_create(void)
{
	struct kobject *n = notification_create();
	if (!n)
		return -BOWER_ENOMEM;
	long slot =
	    cap_install(caps(), n, BOWER_RIGHT_SIGNAL | BOWER_RIGHT_WAIT | BOWER_RIGHT_GRANT);
	kobj_put(n);
	return slot;
}

long sys_notify_signal(int slot)
{
	struct kobject *n;
	long err = cap_lookup(caps(), slot, KOBJ_NOTIFICATION, BOWER_RIGHT_SIGNAL, &n);
	if (err < 0)
		return err;
	notification_signal(n);
	return 0;
}

long sys_notify_wait(int slot, int how)
{
	struct kobject *n;
	if (how != BOWER_WAIT_POLL && how != BOWER_WAIT_BLOCK && how != BOWER_WAIT_OR_IDLE)
		return -BOWER_EINVAL;
	long err = cap_lookup(caps(), slot, KOBJ_NOTIFICATION, BOWER_RIGHT_WAIT, &n);
	if (err < 0)
		return err;
	kobj_get(n); /* the wait's, until it ends */
	return notification_wait(n, how, NULL, 0);
}

long sys_port_create(void)
{
	return ipc_port_create(current_process());
}

long sys_ipc_connect(int port_slot, uintptr_t *ubuf)
{
	struct kobject *port;
	struct connection *c;
	uintptr_t va = 0;
	long err = cap_lookup(caps(), port_slot, KOBJ_PORT, BOWER_RIGHT_CONNECT, &port);
	if (err < 0)
		return err;
	if (!user_range_ok(ubuf, sizeof(*ubuf)))
		return -BOWER_EFAULT;
	int slot = cap_reserve(caps());
	if (slot < 0)
		return slot;
	err = ipc_connect(current_process(), container_of(port, struct port, kobj), &va, &c);
	if (err < 0) {
		cap_unreserve(caps(), slot);
		return err;
	}
	/* The copy may sleep: the connection is ours alone until it is in
	 * the reserved slot, which nothing else can take meanwhile. */
	if (copy_to_user(ubuf, &va, sizeof(va))) {
		cap_unreserve(caps(), slot);
		ipc_connect_undo(current_process(), c, va);
		return -BOWER_EFAULT;
	}
	cap_fill(caps(), slot, &c->kobj, BOWER_RIGHT_CALL | BOWER_RIGHT_GRANT);
	kobj_put(&c->kobj); /* the capability holds it now */
	return slot;
}

long sys_ipc_call(int conn_slot, unsigned long len, int cap)
{
	/* Nothing to copy (the call is described in registers), so nothing
	 * sleeps between the lookup and ipc_call's own hold. */
	struct kobject *conn;
	long err = cap_lookup(caps(), conn_slot, KOBJ_CONNECTION, BOWER_RIGHT_CALL, &conn);
	if (err < 0)
		return err;
	return ipc_call(container_of(conn, struct connection, kobj), len, cap);
}

long sys_ipc_recv(int port_slot, void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo)
{
	struct kobject *port;
	long err = cap_lookup(caps(), port_slot, KOBJ_PORT, BOWER_RIGHT_RECEIVE, &port);
	if (err < 0)
		return err;
	if (!user_range_ok(ubuf, buflen) || !user_range_ok(uinfo, sizeof(*uinfo)))
		return -BOWER_EFAULT;
	return ipc_recv(container_of(port, struct port, kobj), ubuf, buflen, uinfo);
}

long sys_ipc_reply(long ret, const void *ubuf, size_t len, int cap_slot)
{
	return ipc_reply(ret, ubuf, len, cap_slot);
}

long sys_ipc_reply_recv(int port_slot, long ret, const void *reply, unsigned long reply_len,
			int reply_cap, void *buf, unsigned long buflen)
{
	struct kobject *port;
	long err = cap_lookup(caps(), port_slot, KOBJ_PORT, BOWER_RIGHT_RECEIVE, &port);
	if (err < 0)
		return err;
	/* As ipc_recv: ranges the kernel refuses are refused before anything
	 * is sent or waited for. */
	if (!user_range_ok(buf, buflen))
		return -BOWER_EFAULT;
	kobj_get(port); /* the reply's copy may sleep; ipc_reply_recv drops it */
	return ipc_reply_recv(container_of(port, struct port, kobj), ret, reply, reply_len,
			      reply_cap, buf, buflen);
}

long sys_ipc_call_bulk(int conn_slot, unsigned long len, int cap,
		       const struct bower_ipc_bulk *ubulk)
{
	struct bower_ipc_bulk b;
	if (copy_from_user(&b, ubulk, sizeof(b)))
		return -BOWER_EFAULT;
	if (b.rights & ~(BOWER_BULK_READ | BOWER_BULK_WRITE))
		return -BOWER_EINVAL;
	/* A range that leaves user space is refused now; what is mapped
	 * there is the server's copy's business, as it may change. */
	uintptr_t addr = (uintptr_t)b.addr;
	if (b.len && (addr < BOWER_USER_BASE || !user_range_ok(b.addr, b.len)))
		return -BOWER_EFAULT;
	struct ipc_bulk bulk = {.addr = addr, .len = b.len, .rights = b.len ? b.rights : 0};
	/* The call itself is ipc_call's, made by its handler in the dispatch
	 * table with this call's own trap frame, which holds conn, len and
	 * cap where ipc_call's does. Calling sys_ipc_call here instead would give
	 * it a second caller, and the compiler would no longer inline it (and
	 * ipc_call in it) in the plain call's path: an instruction or four on
	 * every null IPC. */
	(void)conn_slot;
	(void)len;
	(void)cap;
	ipc_bulk_begin(&bulk);
	long ret = syscall_table[SYS_ipc_call](thread_user_frame(current));
	ipc_bulk_end();
	return ret;
}

long sys_ipc_caller_write(unsigned long offset, const void *src, size_t len)
{
	return ipc_caller_copy(offset, (uintptr_t)src, len, true);
}

long sys_ipc_caller_read(unsigned long offset, void *dst, size_t len)
{
	return ipc_caller_copy(offset, (uintptr_t)dst, len, false);
}
