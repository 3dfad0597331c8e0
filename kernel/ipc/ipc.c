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
 *   - the client dies while queued: thread_destroy takes it off callers;
 *     while served: the server's peer is cleared, and its reply gets -ESRCH;
 *   - the server thread dies while serving: the client gets -EPIPE;
 *   - the port's owner ends: the port closes, every queued and future
 *     caller gets -EPIPE.
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

static const struct kobj_ops port_ops = {.destroy = port_destroy};

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

long ipc_connect(struct process *p, struct port *port, uintptr_t *buf_va)
{
	if (!port->owner)
		return -BOWER_EPIPE;
	struct connection *c = kzalloc(sizeof(*c));
	if (!c)
		return -BOWER_ENOMEM;
	c->buffer = pmo_create_anon(1, true);
	vaddr_t va = vmspace_find_free(p->vs, 0x0000000200000000UL, PAGE_SIZE);
	if (!c->buffer || !va ||
	    vmspace_map(p->vs, va, PAGE_SIZE, VM_READ | VM_WRITE, c->buffer, 0) < 0) {
		if (c->buffer)
			pmo_put(c->buffer);
		kfree(c);
		return -BOWER_ENOMEM;
	}
	kobj_init(&c->kobj, KOBJ_CONNECTION, &connection_ops);
	kobj_get(&port->kobj);
	c->port = port;
	c->badge = next_badge++;
	long slot = cap_install(&p->caps, &c->kobj, BOWER_RIGHT_CALL | BOWER_RIGHT_GRANT);
	kobj_put(&c->kobj);
	if (slot < 0)
		vmspace_unmap(p->vs, va, PAGE_SIZE);
	*buf_va = va;
	return slot;
}

static void *buffer_of(struct connection *c)
{
	return KVA(c->buffer->pages[0]);
}

/* Take a capability out of the current process to send (one reference). */
static long take_cap(int slot, struct kobject **obj, uint32_t *rights)
{
	*obj = NULL;
	if (slot == BOWER_NO_CAP)
		return 0;
	long err = cap_lookup(&current_process()->caps, slot, KOBJ_NONE, BOWER_RIGHT_GRANT, obj);
	if (err < 0)
		return err;
	*rights = current_process()->caps.slot[slot].rights;
	kobj_get(*obj);
	return 0;
}

long ipc_call(struct connection *c, size_t len, int cap_slot, struct bower_ipc_call *out)
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
	list_add_tail(&c->port->callers, &current->run_node);
	wake_receiver(c->port);
	sched_block();

	if (st->cap) /* never delivered: the port closed or the server died */
		kobj_put(st->cap);
	st->cap = NULL;
	st->conn = NULL;
	kobj_put(&c->kobj);
	if (st->ret == -BOWER_EPIPE)
		return -BOWER_EPIPE;
	struct bower_ipc_call reply = {.len = st->len, .cap = st->cap_slot_out, .ret = st->ret};
	return copy_to_user(out, &reply, sizeof(reply));
}

long ipc_recv(struct port *port, void *ubuf, size_t buflen, struct bower_ipc_recv *uinfo)
{
	struct process *self = current_process();
	if (port->owner != self)
		return port->owner ? -BOWER_EACCES : -BOWER_EPIPE;
	if (current->ipc.peer)
		return -BOWER_EBUSY; /* reply to the call you hold first */
	kobj_get(&port->kobj);
	long err = 0;
	for (;;) {
		if (!port->owner) {
			err = -BOWER_EPIPE;
			break;
		}
		if (!list_empty(&port->closed)) {
			struct connection *gone =
			    container_of(port->closed.next, struct connection, closed_node);
			struct bower_ipc_recv info = {
			    .badge = gone->badge, .cap = BOWER_NO_CAP, .flags = BOWER_IPC_CLOSED};
			if ((err = copy_to_user(uinfo, &info, sizeof(info))))
				break;
			list_remove(&gone->closed_node);
			connection_free(gone);
			break;
		}
		if (list_empty(&port->callers)) {
			list_add_tail(&port->receivers, &current->run_node);
			sched_block();
			continue;
		}
		struct thread *c = container_of(port->callers.next, struct thread, run_node);
		struct bower_ipc_recv info = {
		    .badge = c->ipc.conn->badge, .len = c->ipc.len, .cap = BOWER_NO_CAP};
		if ((err = copy_to_user(ubuf, buffer_of(c->ipc.conn), MIN(c->ipc.len, buflen))))
			break;
		if (c->ipc.cap) {
			info.cap = cap_install(&self->caps, c->ipc.cap, c->ipc.cap_rights);
			if (info.cap < 0) { /* our table is full: the call fails, not us */
				list_remove(&c->run_node);
				c->ipc.ret = info.cap;
				c->ipc.done = true;
				sched_make_runnable(c);
				continue;
			}
		}
		if ((err = copy_to_user(uinfo, &info, sizeof(info)))) {
			if (info.cap >= 0)
				cap_delete(&self->caps, info.cap);
			break;
		}
		if (c->ipc.cap) {
			kobj_put(c->ipc.cap); /* the new slot holds its own reference */
			c->ipc.cap = NULL;
		}
		list_remove(&c->run_node);
		c->ipc.peer = current;
		current->ipc.peer = c;
		current->ipc.done = false;
		break;
	}
	kobj_put(&port->kobj);
	return err;
}

long ipc_reply(long ret, const void *ubuf, size_t len, int cap_slot)
{
	struct thread *c = current->ipc.peer;
	if (!c) {
		bool client_gone = current->ipc.done;
		current->ipc.done = false;
		return client_gone ? -BOWER_ESRCH : -BOWER_EINVAL;
	}
	if (len > BOWER_IPC_MAX)
		return -BOWER_EINVAL;
	struct kobject *cap;
	uint32_t rights = 0;
	long err = take_cap(cap_slot, &cap, &rights);
	if (err < 0)
		return err;
	if ((err = copy_from_user(buffer_of(c->ipc.conn), ubuf, len)))
		goto fail;
	int slot = BOWER_NO_CAP;
	if (cap && (slot = cap_install(&c->proc->caps, cap, rights)) < 0) {
		err = slot;
		goto fail;
	}
	if (cap)
		kobj_put(cap);
	c->ipc.len = len;
	c->ipc.ret = ret;
	c->ipc.cap_slot_out = slot;
	c->ipc.done = true;
	c->ipc.peer = NULL;
	current->ipc.peer = NULL;
	sched_make_runnable(c);
	return 0;
fail:
	if (cap)
		kobj_put(cap);
	return err;
}

void ipc_thread_gone(struct thread *t)
{
	struct thread *peer = t->ipc.peer;
	if (t->ipc.conn) { /* a client: queued (taken off by the caller) or served */
		if (peer) {
			peer->ipc.peer = NULL;
			peer->ipc.done = true; /* tells its reply the client is gone */
		}
		if (t->ipc.cap)
			kobj_put(t->ipc.cap);
		kobj_put(&t->ipc.conn->kobj);
		t->ipc.conn = NULL;
		t->ipc.cap = NULL;
	} else if (peer) { /* a server in the middle of a call */
		peer->ipc.peer = NULL;
		peer->ipc.ret = -BOWER_EPIPE;
		peer->ipc.done = true;
		sched_make_runnable(peer);
	}
	t->ipc.peer = NULL;
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
