/*
 * regtest.c - a thread's user registers come back as they were, whichever
 * way the kernel ends its call or fault.
 *
 * A thread that waits in an IPC call, a receive or a page fault parks: it
 * keeps nothing on its kernel stack, and the thread that wakes it may end
 * its call for it and return it to user mode straight from its trap frame
 * (kernel/sched/sched.c, sched_park). So what user mode sees must all be
 * in that frame or put back: every general register the call does not
 * answer in, the condition flags, and the thread pointer (TPIDR_EL0, which
 * lives in the register file, not the frame). Each check fills x9-x28,
 * the flags and the thread pointer with a pattern of its own, makes the
 * call or the access in assembly, and compares what it finds.
 *
 *	regtest            serves CALLS calls from a client process through
 *	                   ipc_reply_recv, checking its registers after each;
 *	                   then takes faults through the file server's pager
 *	regtest client     the client (spawned with a connect capability):
 *	                   calls, checking after each; exits with what it found
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "regtest"
#include "expect.h"

#define CALLS 200
#define PAGES 64
#define PAGE  4096
#define NZCV  0xa0000000UL /* N and C set */

/* in: x0-x7, the call's number (x8), the pattern's seed, what a load
 * reads. after: x0-x28, then the thread pointer and NZCV, as found after
 * the svc or the load. */
struct regs {
	uint64_t in[8];
	uint64_t nr;
	uint64_t seed;
	uint64_t load_from;
	uint64_t after[31];
};
_Static_assert(__builtin_offsetof(struct regs, nr) == 64, "the assembly's layout");
_Static_assert(__builtin_offsetof(struct regs, after) == 88, "the assembly's layout");

/* Before: the callee-saved registers and the thread pointer kept, the
 * pattern in x9-x28, the thread pointer and the flags, the arguments in
 * x2-x7 (x0 is r until the call or load loads x0/x1 itself). After:
 * everything stored in r->after, the thread pointer put back (the C
 * library keeps its thread's data there). */
#define REGS_BEFORE                                                                      \
	" stp x29, x30, [sp, #-112]!\n mov x29, sp\n"                                     \
	" stp x19, x20, [sp, #16]\n stp x21, x22, [sp, #32]\n"                             \
	" stp x23, x24, [sp, #48]\n stp x25, x26, [sp, #64]\n"                             \
	" stp x27, x28, [sp, #80]\n str x0, [sp, #96]\n"                                   \
	" mrs x1, tpidr_el0\n str x1, [sp, #104]\n"                                        \
	" ldr x17, [x0, #72]\n add x1, x17, #100\n msr tpidr_el0, x1\n"                    \
	" mov x16, #0xa0000000\n msr nzcv, x16\n"                                          \
	" add x9, x17, #9\n add x10, x17, #10\n add x11, x17, #11\n add x12, x17, #12\n"   \
	" add x13, x17, #13\n add x14, x17, #14\n add x15, x17, #15\n add x16, x17, #16\n" \
	" add x18, x17, #18\n add x19, x17, #19\n add x20, x17, #20\n add x21, x17, #21\n" \
	" add x22, x17, #22\n add x23, x17, #23\n add x24, x17, #24\n add x25, x17, #25\n" \
	" add x26, x17, #26\n add x27, x17, #27\n add x28, x17, #28\n add x17, x17, #17\n" \
	" ldp x6, x7, [x0, #48]\n ldp x4, x5, [x0, #32]\n ldp x2, x3, [x0, #16]\n"
#define REGS_AFTER                                                                        \
	" stp x0, x1, [sp, #-16]!\n ldr x0, [sp, #112]\n add x0, x0, #88\n"                 \
	" stp x2, x3, [x0, #16]\n stp x4, x5, [x0, #32]\n stp x6, x7, [x0, #48]\n"          \
	" stp x8, x9, [x0, #64]\n stp x10, x11, [x0, #80]\n stp x12, x13, [x0, #96]\n"      \
	" stp x14, x15, [x0, #112]\n stp x16, x17, [x0, #128]\n stp x18, x19, [x0, #144]\n" \
	" stp x20, x21, [x0, #160]\n stp x22, x23, [x0, #176]\n stp x24, x25, [x0, #192]\n" \
	" stp x26, x27, [x0, #208]\n str x28, [x0, #224]\n"                                 \
	" mrs x1, tpidr_el0\n str x1, [x0, #232]\n mrs x1, nzcv\n str x1, [x0, #240]\n"     \
	" ldp x2, x3, [sp], #16\n stp x2, x3, [x0]\n"                                       \
	" ldr x1, [sp, #104]\n msr tpidr_el0, x1\n"                                         \
	" ldp x19, x20, [sp, #16]\n ldp x21, x22, [sp, #32]\n ldp x23, x24, [sp, #48]\n"    \
	" ldp x25, x26, [sp, #64]\n ldp x27, x28, [sp, #80]\n"                              \
	" ldp x29, x30, [sp], #112\n ret\n"

/* A system call: number r->nr, arguments r->in. */
void regs_svc(struct regs *r);
__asm__(".text\n .balign 4\n regs_svc:\n" REGS_BEFORE
	" ldr x8, [x0, #64]\n ldp x0, x1, [x0]\n svc #0\n" REGS_AFTER);

/* A load of the word at r->load_from into x8 (x0-x7 hold r->in). */
void regs_load(struct regs *r);
__asm__(".text\n .balign 4\n regs_load:\n" REGS_BEFORE
	" ldr x8, [x0, #80]\n ldp x0, x1, [x0]\n ldr x8, [x8]\n" REGS_AFTER);

/* How many of the registers are not what they were before, leaving out
 * x0 .. x(answers - 1) and x8 (the call's or the load's own). */
static int regs_wrong(const struct regs *r, int answers)
{
	int wrong = 0;
	for (int k = answers; k < 8; k++)
		wrong += r->after[k] != r->in[k];
	for (int k = 9; k <= 28; k++)
		wrong += r->after[k] != r->seed + (uint64_t)k;
	wrong += r->after[29] != r->seed + 100; /* the thread pointer */
	wrong += (r->after[30] & 0xf0000000UL) != NZCV;
	return wrong;
}

static uint64_t seed_for(int who, int i)
{
	return ((uint64_t)0x5a5a << 48) | ((uint64_t)who << 32) | ((uint64_t)i << 12);
}

/* CALLS calls on the connection made from capability slot 0, each
 * checked: its registers, and the reply (the request's own bytes). The
 * exit status is what was wrong. */
static int client(void)
{
	uintptr_t va;
	long conn = bower_ipc_connect(0, &va);
	if (conn < 0)
		return 100;
	int wrong = 0;
	struct regs r = {.nr = SYS_ipc_call};
	for (int i = 0; i < CALLS; i++) {
		char want[64];
		int n = snprintf(want, sizeof(want), "call %d", i) + 1;
		memcpy((char *)va, want, (size_t)n);
		r.in[0] = (uint64_t)conn;
		r.in[1] = (uint64_t)n;
		r.in[2] = (uint64_t)(long)BOWER_NO_CAP;
		for (int k = 3; k < 8; k++)
			r.in[k] = 0x1000 + (uint64_t)(k * 17 + i);
		r.seed = seed_for(1, i);
		regs_svc(&r);
		wrong += regs_wrong(&r, 4); /* x0-x3: its results */
		wrong += r.after[0] != 0 || r.after[1] != (uint64_t)n || strcmp((char *)va, want);
	}
	return wrong;
}

/* Answer every call with its request's bytes, one ipc_reply_recv a turn
 * made through regs_svc: what was wrong in this thread's registers. */
static int serve(long port)
{
	static char buf[64];
	int wrong = 0;
	struct regs r = {.nr = SYS_ipc_reply_recv};
	r.in[0] = (uint64_t)port;
	r.in[1] = 0;			     /* ret */
	r.in[2] = (uint64_t)(uintptr_t)buf; /* the reply's bytes: the request's */
	r.in[3] = 0;			     /* no call held yet */
	r.in[4] = (uint64_t)(long)BOWER_NO_CAP;
	r.in[5] = (uint64_t)(uintptr_t)buf;
	r.in[6] = sizeof(buf);
	r.in[7] = 0x77;
	for (int i = 0; i <= CALLS; i++) { /* the last: the connection's close */
		r.seed = seed_for(2, i);
		regs_svc(&r);
		if ((long)r.after[0] < 0)
			return 1000 + i;
		wrong += regs_wrong(&r, 5); /* x0-x4: its results */
		r.in[3] = r.after[2];	    /* echo what came */
	}
	return wrong;
}

/* Each page of a file, first touched with the pattern in place: a fault
 * through the file server's pager each. */
static void faults(void)
{
	int fd = open("/regtest", O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (int p = 0; p < PAGES; p++) {
		uint64_t word = 0xf11e0000UL + (uint64_t)p;
		pwrite(fd, &word, sizeof(word), (off_t)p * PAGE);
	}
	char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	expect("map the file", m != MAP_FAILED, 1);
	int wrong = 0, read_right = 0;
	for (int p = 0; p < PAGES; p++) {
		struct regs f = {.load_from = (uint64_t)(uintptr_t)(m + (size_t)p * PAGE)};
		for (int k = 0; k < 8; k++)
			f.in[k] = 0x2000 + (uint64_t)(k * 31 + p);
		f.seed = seed_for(3, p);
		regs_load(&f);
		wrong += regs_wrong(&f, 0);
		read_right += f.after[8] == 0xf11e0000UL + (uint64_t)p;
	}
	expect("pages read through the pager", read_right, PAGES);
	expect("registers wrong after a fault", wrong, 0);
	munmap(m, PAGES * PAGE);
	close(fd);
	unlink("/regtest");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "client") == 0)
		return client();
	long port = bower_port_create();
	long connect_only = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const int give[] = {(int)connect_only};
	const char *const argv2[] = {"regtest", "client", NULL};
	long pid = bower_spawn("regtest", argv2, give, 1);
	expect("the client runs", pid > 0, 1);
	if (pid > 0) {
		expect("registers wrong after a receive", serve(port), 0);
		int status = -1;
		bower_wait((int)pid, &status);
		expect("what the client found wrong", status, 0);
	}
	faults();
	printf("regtest: %d checks failed\n", failed);
	return failed;
}
