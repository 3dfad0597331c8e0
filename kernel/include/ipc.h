/*
 * ipc.h - synchronous calls between processes through ports.
 *
 * A server creates a port and receives calls on it; a client holding a
 * capability to the port opens a connection, which gets a badge chosen by
 * the kernel and a one-page message buffer mapped into the client. A call
 * sends the buffer's first len bytes (and optionally one capability) and
 * blocks until the server replies; the reply comes back in the same buffer.
 * The server receives into a buffer of its own, so no memory is shared
 * between client and server, and the badge tells it which client called.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <object.h>
#include <list.h>

struct process;
struct thread;

struct port {
	struct kobject kobj;
	struct process *owner; /* receives calls; NULL once closed */
	struct list_node owner_node;
	struct list_node callers;   /* client threads with a call waiting (run_node) */
	struct list_node receivers; /* owner threads waiting for a call (run_node) */
	struct list_node closed;    /* connections gone, not yet told to the owner */
	unsigned receive_caps;	    /* in the owner's table, with the receive right */
};

struct connection {
	struct kobject kobj;
	struct port *port; /* one reference held */
	unsigned long badge;
	struct pmo *buffer;	      /* one page; one reference held */
	struct list_node closed_node; /* in port->closed once the last reference went */
};

long ipc_port_create(struct process *p);
/* A new connection to port with its buffer mapped in p at *buf_va; the
 * caller holds the one reference and installs it (sys_ipc_connect). */
long ipc_connect(struct process *p, struct port *port, uintptr_t *buf_va,
		 struct connection **out);
/* Drop a connection ipc_connect made that was never installed. */
void ipc_connect_undo(struct process *p, struct connection *c, uintptr_t buf_va);
/* The system calls' bodies; see docs/ipc.md. */
/* ipc_call's and ipc_reply_recv's descriptions travel in registers: their
 * results go back in the caller's x1.. (syscall_result). */
long ipc_call(struct connection *c, size_t len, int cap_slot);
long ipc_recv(struct port *port, void *ubuf, size_t buflen, struct bower_ipc_recv *info);
long ipc_reply(long ret, const void *ubuf, size_t len, int cap_slot);
/* ipc_reply of the call this thread holds, if it holds one (a caller that
 * has gone is no error), then ipc_recv on port: the caller holds a
 * reference on port for it, which it drops. Both ipc_call and this may
 * end their system call where they wait (sched_park): they return only
 * what they say without waiting. */
long ipc_reply_recv(struct port *port, long ret, const void *reply, size_t reply_len,
		    int reply_cap, void *ubuf, size_t buflen);

/* The current thread's calls name bulk as their bulk buffer, which the
 * server holding one may copy to or from (ipc_bulk.c), until
 * ipc_bulk_end: sys_ipc_call_bulk makes its ipc_call between the two, bulk
 * checked (inside user space, known rights). */
struct ipc_bulk;
void ipc_bulk_begin(const struct ipc_bulk *bulk);
void ipc_bulk_end(void);
/* The server's copy between its memory at mine and its caller's bulk
 * buffer at offset, len bytes, to_caller or from it; never sleeps. The
 * bytes copied (all, or those before the first page that could not be
 * reached), or if none: -EINVAL (no call held), -ESRCH (its caller is
 * gone), -EACCES (the buffer lacks the right), -ERANGE (outside the
 * buffer), -EFAULT, -EAGAIN or -ENOMEM (vmspace_page_now, either side). */
long ipc_caller_copy(unsigned long offset, uintptr_t mine, size_t len, bool to_caller);

/* A thread is going away: fail the call it serves. (A client never leaves
 * in the middle of its call: ipc_call unwinds first.) */
void ipc_thread_gone(struct thread *t);
/* A process is ending: close the ports it owns, failing their callers. */
void ipc_process_ending(struct process *p);

#endif
