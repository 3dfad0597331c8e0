/*
 * ipc.c - the IPC calls whose descriptions travel in registers.
 *
 * ipc_call, ipc_call_bulk and ipc_reply_recv take each field of their
 * description in a register and give their results back in x1, x2, ...
 * (tools/syscalls.tbl): the kernel copies nothing in or out for them, which
 * is most of what a null call's round trip used to cost beyond the two
 * traps and the two switches. Programs keep the structs of bower/abi.h;
 * these functions move the fields between the struct and the registers.
 * pager_map_wait, a pager's answer and wait in one, is here for the same
 * reason: a second result in x1.
 */
#include <bower/abi.h>
#include <bower/syscall_nr.h>

/* ipc_call and ipc_call_bulk: the same registers in (bulk in x3 or
 * nothing) and out. */
static long call(long nr, int conn, struct bower_ipc_call *msg, const struct bower_ipc_bulk *bulk)
{
	register long x0 __asm__("x0") = conn;
	register unsigned long x1 __asm__("x1") = msg->len;
	register long x2 __asm__("x2") = msg->cap;
	register long x3 __asm__("x3") = (long)bulk;
	register long x8 __asm__("x8") = nr;
	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : "r"(x8) : "memory");
	if (x0 == 0) {
		msg->len = x1;
		msg->cap = (int)x2;
		msg->ret = x3;
	}
	return x0;
}

long bower_ipc_call(int conn, struct bower_ipc_call *msg)
{
	return call(SYS_ipc_call, conn, msg, 0);
}

long bower_ipc_call_bulk(int conn, struct bower_ipc_call *msg, const struct bower_ipc_bulk *bulk)
{
	return call(SYS_ipc_call_bulk, conn, msg, bulk);
}

long bower_ipc_reply_recv(int port, struct bower_ipc_reply_recv *m)
{
	register long x0 __asm__("x0") = port;
	register long x1 __asm__("x1") = m->ret;
	register const void *x2 __asm__("x2") = m->reply;
	register unsigned long x3 __asm__("x3") = m->reply_len;
	register long x4 __asm__("x4") = m->reply_cap;
	register void *x5 __asm__("x5") = m->buf;
	register unsigned long x6 __asm__("x6") = m->buflen;
	register long x8 __asm__("x8") = SYS_ipc_reply_recv;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 : "r"(x5), "r"(x6), "r"(x8)
			 : "memory");
	if (x0 == 0) {
		m->info.badge = (unsigned long)x1;
		m->info.len = (unsigned long)x2;
		m->info.cap = (int)x3;
		m->info.flags = (unsigned)x4;
	}
	return x0;
}

long bower_pager_map_wait(int pager, unsigned long token, const struct bower_pager_entry *entries,
			  unsigned long n, int prot, int notify, int how, long *waited)
{
	register long x0 __asm__("x0") = pager;
	register unsigned long x1 __asm__("x1") = token;
	register const void *x2 __asm__("x2") = entries;
	register unsigned long x3 __asm__("x3") = n;
	register long x4 __asm__("x4") = prot;
	register long x5 __asm__("x5") = notify;
	register long x6 __asm__("x6") = how;
	register long x8 __asm__("x8") = SYS_pager_map_wait;
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1)
			 : "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x6), "r"(x8)
			 : "memory");
	*waited = (long)x1;
	return x0;
}
