/*
 * ipc_bulk.c - a call's bulk buffer: the server copies straight to or from
 * its caller's memory.
 *
 * A message goes through the connection's buffer, so file data read from a
 * server is copied twice (the server's page to the connection's buffer,
 * that to the program's buffer) and in pieces of one message. A caller may
 * instead name a bulk buffer with its call (ipc_call_bulk, which is
 * ipc_call between ipc_bulk_begin and ipc_bulk_end): an address
 * range of its own and what the server may do to it (BOWER_BULK_READ,
 * BOWER_BULK_WRITE). While the server holds the call, ipc_caller_write and
 * ipc_caller_read copy between the server's memory and that range, once,
 * as much as the server wants in one system call. This is QNX's
 * MsgWrite/MsgRead.
 *
 * The copy never sleeps, which is what makes it safe: the kernel runs on
 * one CPU with interrupts masked, so while it copies no other thread runs,
 * none of the caller's threads can unmap the buffer and the caller cannot
 * go, and each page is looked up just before it is copied (each system
 * call looks at the held call again, and at the caller's regions, which
 * its page table only caches). So a page is copied only if it can be
 * reached at once: anonymous memory, a page never touched being made as
 * the program's own first touch would make it. A page a pager serves (a
 * file mapping, MAP_LLM) is not: its pager may be the very server that
 * copies, which would wait for itself. Nor is a page the region forbids.
 * Then the copy stops there: it returns the bytes copied before that page,
 * or the error if it was the first, and the server falls back to sending
 * the data by message, where the caller's own accesses take their faults
 * as they always do. The server's own side goes by the same rule, so a
 * server pointing into a file mapping of its own cannot sleep either.
 *
 * Rejected: copying under the caller's address space with LDTR/STTR (an
 * address-space switch per copy, and a fault there would sleep); taking
 * only the pages the caller's table holds now (arch_pt_user_page, as a
 * request handed to a waiting server is delivered): a buffer never touched
 * would be refused, and a file page present in a mapping written behind
 * its pager; and pinning the pages for the length of the call (a
 * reference per page for every call, and a buffer unmapped meanwhile
 * would still be written).
 */
#include <ipc.h>
#include <process.h>
#include <sched.h>
#include <syscall.h>
#include <vmspace.h>
#include <mmio.h>
#include <arch/cpu.h>

void ipc_bulk_begin(const struct ipc_bulk *bulk)
{
	current->ipc.bulk = *bulk;
}

void ipc_bulk_end(void)
{
	current->ipc.bulk = (struct ipc_bulk){0};
}

/* The call this thread holds, if its caller is still in it; else the
 * error for having none (-EINVAL) or for one given up (-ESRCH). */
static long held_caller(struct thread **out)
{
	struct thread *c = current->ipc.caller;
	if (!c)
		return current->ipc.caller_gone ? -BOWER_ESRCH : -BOWER_EINVAL;
	/* Killed but not yet unwound: it is leaving, so it is gone. */
	if (c->killed || !c->proc->vs)
		return -BOWER_ESRCH;
	*out = c;
	return 0;
}

long ipc_caller_copy(unsigned long offset, uintptr_t mine, size_t len, bool to_caller)
{
	struct thread *c;
	long err = held_caller(&c);
	if (err < 0)
		return err;
	const struct ipc_bulk *b = &c->ipc.bulk;
	if (!(b->rights & (to_caller ? BOWER_BULK_WRITE : BOWER_BULK_READ)))
		return -BOWER_EACCES;
	if (offset > b->len || len > b->len - offset)
		return -BOWER_ERANGE;
	if (!user_range_ok((const void *)mine, len))
		return -BOWER_EFAULT;
	struct vmspace *theirs = c->proc->vs, *ours = current_process()->vs;
	uintptr_t their = b->addr + offset;
	unsigned their_access = to_caller ? VM_WRITE : VM_READ;
	unsigned our_access = to_caller ? VM_READ : VM_WRITE;
	struct vmregion *their_region = NULL, *our_region = NULL; /* nothing sleeps here */
	size_t done = 0;
	while (done < len) {
		paddr_t their_pa, our_pa;
		size_t their_off = (their + done) & (PAGE_SIZE - 1);
		size_t our_off = (mine + done) & (PAGE_SIZE - 1);
		err =
		    vmspace_page_now(theirs, their + done, their_access, &their_region, &their_pa);
		if (!err)
			err = vmspace_page_now(ours, mine + done, our_access, &our_region, &our_pa);
		if (err)
			return done ? (long)done : err;
		size_t n = MIN(len - done, PAGE_SIZE - MAX(their_off, our_off));
		char *their_kva = (char *)KVA(their_pa) + their_off;
		char *our_kva = (char *)KVA(our_pa) + our_off;
		if (to_caller)
			arch_copy_bytes(their_kva, our_kva, n);
		else
			arch_copy_bytes(our_kva, their_kva, n);
		done += n;
	}
	return (long)done;
}
