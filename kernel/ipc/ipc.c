/*
 * ipc.c - call, receive, reply.
 *
 * The protocol, for one call:
 *   client: ipc_call    request in its buffer -> queued on port->callers,
 *                       blocked (its state lives in thread.ipc)
 *   server: ipc_recv    takes the oldest caller, copies the request into
 *                       its own buffer, becomes that caller's peer
 *   server: ipc_reply   copies the reply into the client's buffer, sets
 *                       the return value, makes the client runnable
 * Nothing is allocated per call. A capability travelling with a message is
 * held (one reference) from the call until it is installed on the other
 * side, where it keeps the rights it had.
 *
 * Failure cases, each leaving no dangling pointer:
 *   - the client is killed while queued: the kill takes it off callers;
 *     while served: it clears the server's peer as it unwinds
 *     (abandon_call), and the server's reply gets -ESRCH;
 *   - the server thread dies while serving: the client gets -EPIPE;
 *   - the port's owner ends, or deletes the last capability to it with
 *     the receive right in its own table: the port closes, every queued
 *     and future caller gets -EPIPE.
 * Only the process that created a port receives on it.
 *
 * When a connection's last reference goes (its client ended or deleted it),
 * the connection is not freed at once: it waits on port->closed until the
 * server receives it as a BOWER_IPC_CLOSED notice, so a server keeping
 * per-client state learns when to drop it. Nothing is allocated for this.
 */
#include <ipc.h>
#include <pmo.h>
#include <process.h>
#include <sched.h>
#include <slab.h>
#include <syscall.h>
#include <vmspace.h>
#include <mmio.h>
#include <printk.h>
#include <string.h>

static unsigned long next_badge = 1;

static void connection_free(struct connection *c)
{
	kobj_put(&c->port->kobj);
	pmo_put(c->buffer);
	kfree(c);
}

/* Called with a reference held, so freeing the closed connections (each
 * holding one too) cannot free the port under us. */
static void port_close(struct port *port)
{
	if (!port->owner)
		return;
	while (!list_empty(&port->closed))
		connection_free(
		    container_of(list_pop_head(&port->closed), struct connection, closed_node));
	port->owner = NULL;
	list_remove(&port->owner_node);
	while (!list_empty(&port->callers)) {
		struct thread *c =
		    container_of(list_pop_head(&port->callers), struct thread, run_node);
		c->ipc.ret = -BOWER_EPIPE;
		c->ipc.done = true;
		sched_make_runnable(c);
	}
	while (!list_empty(&port->receivers))
		sched_make_runnable(
		    container_of(list_pop_head(&port->receivers), struct thread, run_node));
}

static void port_destroy(struct kobject *obj)
{
	struct port *port = container_of(obj, struct port, kobj);
	/* Every caller and closed connection holds a reference, so all that
	 * can be left is the owner's list. */
	if (port->owner)
		list_remove(&port->owner_node);
	kfree(port);
}

/* Only the owner's threads receive, and only through a capability with the
 * receive right in the owner's own table; one held anywhere else can never
 * be used. So when the owner's last one goes, no call to the port can ever
 * be answered and no closed connection told: close it as if the owner had
 * ended, so callers get -EPIPE and closed connections are freed now. */
static void port_cap_counted(struct kobject *obj, struct cap_table *t, uint32_t rights,
			     int delta)
{
	struct port *port = container_of(obj, struct port, kobj);
	if (!(rights & BOWER_RIGHT_RECEIVE) || !port->owner || t != &port->owner->caps)
		return;
	port->receive_caps += delta;
	if (port->receive_caps == 0)
		port_close(port); /* the deleted capability's reference is still held */
}

static const struct kobj_ops port_ops = {.destroy = port_destroy,
					 .cap_counted = port_cap_counted};

long ipc_port_create(struct process *p)
{
	struct port *port = kzalloc(sizeof(*port));
	if (!port)
		return -BOWER_ENOMEM;
	kobj_init(&port->kobj, KOBJ_PORT, &port_ops);
	port->owner = p;
	list_add_tail(&p->ports, &port->owner_node);
	list_init(&port->callers);
	list_init(&port->receivers);
	list_init(&port->closed);
	long slot = cap_install(&p->caps, &port->kobj,
				BOWER_RIGHT_RECEIVE | BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	kobj_put(&port->kobj); /* the capability holds it now */
	return slot;
}

static void wake_receiver(struct port *port)
{
	if (!list_empty(&port->receivers))
		sched_make_runnable(
		    container_of(list_pop_head(&port->receivers), struct thread, run_node));
}

static void connection_destroy(struct kobject *obj)
{
	struct connection *c = container_of(obj, struct connection, kobj);
	if (!c->port->owner) {
		connection_free(c);
		return;
	}
	list_add_tail(&c->port->closed, &c->closed_node);
	wake_receiver(c->port);
}

static const struct kobj_ops connection_ops = {.destroy = connection_destroy};

long ipc_connect(struct process *p, struct port *port, uintptr_t *buf_va,
		 struct connection **out)
{
	if (!port->owner)
		return -BOWER_EPIPE;
	struct connection *c = kzalloc(sizeof(*c));
	if (!c)
		return -BOWER_ENOMEM;
	c->buffer = pmo_create_anon(BOWER_IPC_MAX / PAGE_SIZE, true);
	vaddr_t va = vmspace_find_free(p->vs, 0x0000000200000000UL, BOWER_IPC_MAX);
	if (!c->buffer || !va ||
	    vmspace_map(p->vs, va, BOWER_IPC_MAX, VM_READ | VM_WRITE, c->buffer, 0) < 0) {
		if (c->buffer)
			pmo_put(c->buffer);
		kfree(c);
		return -BOWER_ENOMEM;
	}
	kobj_init(&c->kobj, KOBJ_CONNECTION, &connection_ops);
	kobj_get(&port->kobj);
	c->port = port;
	c->badge = next_badge++;
	*buf_va = va;
	*out = c;
	return 0;
}

void ipc_connect_undo(struct process *p, struct connection *c, uintptr_t buf_va)
{
	/* Unmap the buffer only if it is still what is mapped there: the
	 * program could have unmapped it, and mapped something else, while
	 * the kernel slept. */
	struct vmregion *r = vmspace_find_region(p->vs, buf_va);
	if (r && r->start == buf_va && r->pmo == c->buffer)
		vmspace_unmap(p->vs, buf_va, BOWER_IPC_MAX);
	connection_free(c); /* never named: no close notice for the server */
}

/* The connection's buffer is BOWER_IPC_MAX / PAGE_SIZE pages that need not
 * be contiguous: a message moves to or from user memory a page at a time. */
static long buffer_to_user(void *udst, struct connection *c, size_t len)
{
	for (size_t done = 0; done < len; done += PAGE_SIZE) {
		long err = copy_to_user((char *)udst + done, KVA(c->buffer->pages[done / PAGE_SIZE]),
					MIN(len - done, PAGE_SIZE));
		if (err)
			return err;
	}
	return 0;
}

static long buffer_from_user(struct connection *c, const void *usrc, size_t len)
{
	for (size_t done = 0; done < len; done += PAGE_SIZE) {
		long err = copy_from_user(KVA(c->buffer->pages[done / PAGE_SIZE]),
					  (const char *)usrc + done, MIN(len - done, PAGE_SIZE));
		if (err)
			return err;
	}
	return 0;
}

/* Take a capability out of the current process to send (one reference).
 * Inline: most messages carry none. */
static always_inline long take_cap(int slot, struct kobject **obj, uint32_t *rights)
{
	*obj = NULL;
	if (slot == BOWER_NO_CAP)
		return 0;
	long err = cap_lookup(&current_process()->caps, slot, KOBJ_NONE, BOWER_RIGHT_GRANT, obj);
	if (err < 0)
		return err;
	*rights = cap_rights(&current_process()->caps, slot);
	kobj_get(*obj);
	return 0;
}

/* A client gives up its call before the reply (it was killed): its server,
 * if one is serving it, learns that the client is gone. A queued client
 * was already taken off port->callers by the kill. */
static void abandon_call(struct thread *t)
{
	struct thread *server = t->ipc.server;
	if (server) {
		server->ipc.caller = NULL;
		server->ipc.caller_gone = true; /* tells its reply the client is gone */
	}
	t->ipc.server = NULL;
}

/* The server thread s serves the call of thread c from now on. */
static void claim(struct thread *s, struct thread *c)
{
	c->ipc.server = s;
	s->ipc.caller = c;
	s->ipc.caller_gone = false;
}

/* The short way in, taken when a server thread waits in ipc_recv on the
 * port and nothing is ahead of this call (no caller queued, no closed
 * connection to report): the caller claims that server for itself, as
 * recv_call would, and runs it at once (sched_park), with no trip
 * through the port's queue or the run queue; the server takes the request
 * as it wakes (take_handed_call). NULL if no server waits. */
static struct thread *hand_to_waiting(struct connection *c)
{
	struct port *port = c->port;
	if (list_empty(&port->receivers) || !list_empty(&port->callers) ||
	    !list_empty(&port->closed))
		return NULL;
	struct thread *s = container_of(list_pop_head(&port->receivers), struct thread, run_node);
	claim(s, current);
	s->ipc.handed = true;
	return s;
}

/* The end of t's call, its reply come or the call given up: what t's
 * system call returns, its other results written in t's frame. Runs as
 * the client (ipc_call_resume) or for it, by the server that replied
 * (the fast reply, recv_on). */
static always_inline long call_finish(struct thread *t)
{
	struct ipc_call_state *st = &t->ipc;
	if (!st->done) { /* woken with no reply: killed */
		abandon_call(t);
		st->ret = -BOWER_EINTR;
	}
	if (st->cap) /* never delivered: the port closed or the server died */
		kobj_put(st->cap);
	st->cap = NULL;
	st->bulk = (struct ipc_bulk){0};
	kobj_put(&st->conn->kobj);
	st->conn = NULL;
	if (st->ret == -BOWER_EPIPE || st->ret == -BOWER_EINTR)
		return st->ret;
	struct trap_frame *f = thread_user_frame(t);
	f->x[1] = st->len;
	f->x[2] = (uint64_t)(long)st->cap_slot_out;
	f->x[3] = (uint64_t)st->ret;
	return 0;
}

static void ipc_call_resume(void)
{
	syscall_result(0, (uint64_t)call_finish(current));
}

static void ipc_recv_resume(void);
static void deliver_fast(struct thread *s);

long ipc_call(struct connection *c, size_t len, int cap_slot)
{
	struct ipc_call_state *st = &current->ipc;
	if (len > BOWER_IPC_MAX)
		return -BOWER_EINVAL;
	if (!c->port->owner)
		return -BOWER_EPIPE;
	long err = take_cap(cap_slot, &st->cap, &st->cap_rights);
	if (err < 0)
		return err;
	kobj_get(&c->kobj);
	st->conn = c;
	st->len = len;
	st->ret = 0;
	st->done = false;
	st->cap_slot_out = BOWER_NO_CAP;
	struct thread *server = hand_to_waiting(c);
	if (server)
		deliver_fast(server);
	else {
		list_add_tail(&c->port->callers, &current->run_node);
		wake_receiver(c->port);
	}
	sched_park(ipc_call_resume, server); /* on to call_finish */
}

/* Where a receive's description goes: ipc_recv's info in user memory, or
 * the receiver's registers (ipc_reply_recv). No user pointer is this one:
 * sys_ipc_recv refuses a range that wraps. */
#define INFO_IN_REGISTERS ((struct bower_ipc_recv *)~(uintptr_t)0)

static long give_info(struct bower_ipc_recv *uinfo, const struct bower_ipc_recv *info)
{
	if (uinfo != INFO_IN_REGISTERS)
		return copy_to_user(uinfo, info, sizeof(*info));
	syscall_result(1, info->badge);
	syscall_result(2, info->len);
	syscall_result(3, (uint64_t)(long)info->cap);
	syscall_result(4, info->flags);
	return 0;
}

/* Tell the owner about a connection that has gone. It is taken off the
 * list before the copy (which may sleep), so no other receiver takes it. */
static long recv_closed(struct port *port, struct bower_ipc_recv *uinfo)
{
	struct connection *gone =
	    container_of(list_pop_head(&port->closed), struct connection, closed_node);
	struct bower_ipc_recv info = {
	    .badge = gone->badge, .cap = BOWER_NO_CAP, .flags = BOWER_IPC_CLOSED};
	long err = give_info(uinfo, &info);
	if (err && port->owner)
		list_add_head(&port->closed, &gone->closed_node); /* told later */
	else
		connection_free(gone);
	return err;
}

/* Copy the request of the caller we have claimed (recv_call, or the caller
 * itself: hand_to_waiting) into our buffer and say what it is. Its
 * connection is held so the request stays readable, and a slot is reserved
 * for its capability; after the copies (which may sleep) the claim is
 * checked again, since the caller may have been killed meanwhile.
 * -EAGAIN: nothing was received, wait for the next caller. */
static long take_request(struct thread *c, void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo)
{
	struct process *self = current_process();
	struct connection *conn = c->ipc.conn;
	struct bower_ipc_recv info = {.badge = conn->badge, .len = c->ipc.len, .cap = BOWER_NO_CAP};
	if (c->ipc.cap && (info.cap = cap_reserve(&self->caps)) < 0) {
		/* our table is full: the call fails, not us */
		c->ipc.server = NULL;
		current->ipc.caller = NULL;
		c->ipc.ret = info.cap;
		c->ipc.done = true;
		sched_make_runnable(c);
		return -BOWER_EAGAIN;
	}
	kobj_get(&conn->kobj);
	long err = buffer_to_user(ubuf, conn, MIN(info.len, buflen));
	if (!err)
		err = give_info(uinfo, &info);
	bool client_here = current->ipc.caller == c;
	if (info.cap >= 0 && (err || !client_here))
		cap_unreserve(&self->caps, info.cap);
	if (!client_here) { /* killed while we copied: as if it never called */
		current->ipc.caller_gone = false;
		err = err ? err : -BOWER_EAGAIN;
	} else if (err) { /* our buffer is bad: the call waits for the next receive */
		c->ipc.server = NULL;
		current->ipc.caller = NULL;
		/* Unless it was killed while we copied: then it is already on
		 * the run queue, on its way out, and its node is not ours. */
		if (!c->killed)
			list_add_head(&conn->port->callers, &c->run_node);
	} else if (info.cap >= 0) {
		cap_fill(&self->caps, info.cap, c->ipc.cap, c->ipc.cap_rights);
		kobj_put(c->ipc.cap); /* the new slot holds its own reference */
		c->ipc.cap = NULL;
	}
	kobj_put(&conn->kobj);
	return err;
}

/* Make the oldest caller ours and take its request. */
static long recv_call(struct port *port, void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo)
{
	struct thread *c = container_of(list_pop_head(&port->callers), struct thread, run_node);
	claim(current, c);
	return take_request(c, ubuf, buflen, uinfo);
}

/* A call handed to us while we waited (hand_to_waiting): take it, or,
 * if its caller gave it up before we ran, wait again (-EAGAIN). */
static long take_handed_call(void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo)
{
	current->ipc.handed = false;
	if (!current->ipc.caller) {
		current->ipc.caller_gone = false;
		return -BOWER_EAGAIN;
	}
	return take_request(current->ipc.caller, ubuf, buflen, uinfo);
}

/* ipc_recv, holding one reference on port, which it drops when done; if
 * handoff is not NULL (a client just replied to, not yet runnable), it
 * runs at once should this thread wait, and is made runnable otherwise.
 * The wait parks (ipc_recv_resume goes on); a client it answered, its
 * call finished here, goes straight back to user mode if nothing stands
 * in the way: the reply half of the fast path. */
static long recv_on(struct port *port, void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo,
		    struct thread *handoff)
{
	struct process *self = current_process();
	long err = 0;
	if (port->owner != self)
		err = port->owner ? -BOWER_EACCES : -BOWER_EPIPE;
	else if (current->ipc.caller)
		err = -BOWER_EBUSY; /* reply to the call you hold first */
	if (err) {
		if (handoff)
			sched_make_runnable(handoff);
		kobj_put(&port->kobj);
		return err;
	}
	do {
		if (port->owner && list_empty(&port->closed) && list_empty(&port->callers)) {
			/* Wait; a caller may hand us its call (hand_to_waiting). */
			list_add_tail(&port->receivers, &current->run_node);
			current->ipc.wait_port = port;
			current->ipc.wait_buf = ubuf;
			current->ipc.wait_buflen = buflen;
			current->ipc.wait_info = uinfo;
			if (handoff && handoff->parked && handoff->resume == ipc_call_resume) {
				/* the fast reply: its call ends here */
				thread_user_frame(handoff)->x[0] = (uint64_t)call_finish(handoff);
				handoff->resume = NULL;
			}
			sched_park(ipc_recv_resume, handoff);
		}
		if (handoff) {
			sched_make_runnable(handoff);
			handoff = NULL;
		}
		if (!port->owner)
			err = -BOWER_EPIPE;
		else if (!list_empty(&port->closed))
			err = recv_closed(port, uinfo);
		else
			err = recv_call(port, ubuf, buflen, uinfo);
	} while (err == -BOWER_EAGAIN);
	kobj_put(&port->kobj);
	return err;
}

/* A parked receive goes on: woken by a call handed to it the slow way, a
 * closed connection or queued caller to look at, the port's end, or a
 * kill. */
static long recv_resumed(void)
{
	struct ipc_call_state *st = &current->ipc;
	struct port *port = st->wait_port;
	st->wait_port = NULL;
	long err = -BOWER_EAGAIN;
	if (current->killed)
		err = -BOWER_EINTR;
	else if (st->handed)
		err = take_handed_call(st->wait_buf, st->wait_buflen, st->wait_info);
	st->handed = false;
	if (err == -BOWER_EAGAIN)
		return recv_on(port, st->wait_buf, st->wait_buflen, st->wait_info, NULL);
	kobj_put(&port->kobj);
	return err;
}

static void ipc_recv_resume(void)
{
	syscall_result(0, (uint64_t)recv_resumed());
}

/* The call half of the fast path: the current thread's call, claimed for
 * s (hand_to_waiting), a thread parked in a receive, is taken
 * here as take_request would take it as s, and s can go straight back to
 * user mode (sched_park). Only a call with no capability, and only if the
 * request goes into pages s has in its table now (no fault, no sleep:
 * this thread is not s); else s takes the call itself when it resumes. */
static void deliver_fast(struct thread *s)
{
	struct ipc_call_state *st = &current->ipc;
	if (s->ipc.wait_info != INFO_IN_REGISTERS || st->cap)
		return;
	struct connection *conn = st->conn;
	size_t len = MIN(st->len, s->ipc.wait_buflen);
	uintptr_t to = (uintptr_t)s->ipc.wait_buf;
	for (size_t done = 0; done < len; done += PAGE_SIZE)
		if (vmspace_copy_resident(s->proc->vs, to + done,
					  KVA(conn->buffer->pages[done / PAGE_SIZE]),
					  MIN(len - done, PAGE_SIZE)))
			return;
	struct trap_frame *f = thread_user_frame(s);
	f->x[0] = 0;
	f->x[1] = conn->badge;
	f->x[2] = st->len;
	f->x[3] = (uint64_t)(long)BOWER_NO_CAP;
	f->x[4] = 0;
	s->ipc.handed = false;
	kobj_put(&s->ipc.wait_port->kobj); /* conn holds the port too */
	s->ipc.wait_port = NULL;
	s->resume = NULL; /* its receive is done */
}

long ipc_recv(struct port *port, void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo)
{
	kobj_get(&port->kobj);
	return recv_on(port, ubuf, buflen, uinfo, NULL);
}

/* ipc_reply, except that the client is left for the caller to make
 * runnable (*client; NULL when nothing was sent). */
static long reply_to_caller(long ret, const void *ubuf, size_t len, int cap_slot,
			    struct thread **client)
{
	struct thread *c = current->ipc.caller;
	*client = NULL;
	if (!c) {
		bool client_gone = current->ipc.caller_gone;
		current->ipc.caller_gone = false;
		return client_gone ? -BOWER_ESRCH : -BOWER_EINVAL;
	}
	if (len > BOWER_IPC_MAX)
		return -BOWER_EINVAL;
	/* The reply goes straight into the client's buffer; the copy may
	 * sleep, so hold the connection, and look at the peer again after.
	 * An empty reply copies nothing and cannot sleep. */
	long err = 0;
	if (len) {
		struct connection *conn = c->ipc.conn;
		kobj_get(&conn->kobj);
		err = buffer_from_user(conn, ubuf, len);
		kobj_put(&conn->kobj);
		if (current->ipc.caller != c) {
			current->ipc.caller_gone = false;
			err = -BOWER_ESRCH;
		}
	}
	struct kobject *cap = NULL;
	uint32_t rights = 0;
	if (!err)
		err = take_cap(cap_slot, &cap, &rights);
	int slot = BOWER_NO_CAP;
	if (!err && cap && (slot = cap_install(&c->proc->caps, cap, rights)) < 0)
		err = slot;
	if (cap)
		kobj_put(cap); /* the client's new slot, if any, holds its own */
	if (err)
		return err;
	c->ipc.len = len;
	c->ipc.ret = ret;
	c->ipc.cap_slot_out = slot;
	c->ipc.done = true;
	c->ipc.server = NULL;
	current->ipc.caller = NULL;
	*client = c;
	return 0;
}

long ipc_reply(long ret, const void *ubuf, size_t len, int cap_slot)
{
	struct thread *client;
	long err = reply_to_caller(ret, ubuf, len, cap_slot, &client);
	if (client)
		sched_make_runnable(client);
	return err;
}

long ipc_reply_recv(struct port *port, long ret, const void *reply, size_t reply_len,
		    int reply_cap, void *ubuf, size_t buflen)
{
	struct thread *client = NULL;
	if (current->ipc.caller || current->ipc.caller_gone) { /* holds a call, or held one */
		long err = reply_to_caller(ret, reply, reply_len, reply_cap, &client);
		if (err && err != -BOWER_ESRCH) {
			kobj_put(&port->kobj);
			return err; /* nothing was sent: the call is still held */
		}
	}
	/* The client runs at once if this thread now waits for the next call;
	 * what it receives is said in its registers. */
	return recv_on(port, ubuf, buflen, INFO_IN_REGISTERS, client);
}

void ipc_thread_gone(struct thread *t)
{
	if (t->ipc.server) /* a client whose call was being served */
		abandon_call(t);
	struct thread *caller = t->ipc.caller;
	if (caller) { /* a server in the middle of a call */
		caller->ipc.server = NULL;
		caller->ipc.ret = -BOWER_EPIPE;
		caller->ipc.done = true;
		sched_make_runnable(caller);
	}
	t->ipc.caller = NULL;
}

void ipc_process_ending(struct process *p)
{
	while (!list_empty(&p->ports)) {
		struct port *port = container_of(p->ports.next, struct port, owner_node);
		kobj_get(&port->kobj);
		port_close(port);
		kobj_put(&port->kobj);
	}
}
