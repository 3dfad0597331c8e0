/*
 * aheadtest.c - pager_map_ahead: a pager maps predicted pages into a
 * MAP_LLM mapping with no fault pending, as their reads complete.
 *
 *	aheadtest          registers as a pager, serves a client and checks
 *	aheadtest client   (child) maps the object in slot 0 with MAP_LLM and a
 *	                   cap of 4, faults on page 0, waits for the signal in
 *	                   slot 1, reads pages 1-3 (mapped ahead: no fault),
 *	                   signals slot 2, waits again and checks what the cap
 *	                   left resident
 *
 * Every bad call returns an error and maps nothing; pages mapped ahead
 * obey the cap and its eviction rule like any prefetched page. Exit
 * status: wrong checks (the child's: its own).
 */
#include <stdio.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "aheadtest"
#include "expect.h"

#define PAGE  4096
#define PAGES 32
#define SLOTS 8

static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[SLOTS];
} ring;
static _Alignas(PAGE) char content[PAGE];
static unsigned long tail;

static struct bower_pager_msg next_fault(int notify)
{
	for (;;) {
		while (tail == __atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE))
			bower_notify_wait(notify, BOWER_WAIT_BLOCK);
		struct bower_pager_msg f = ring.entries[tail++ % SLOTS];
		__atomic_store_n(&ring.ring.tail, tail, __ATOMIC_RELEASE);
		if (f.kind == BOWER_PAGER_MSG_FAULT)
			return f;
	}
}

static int client(void)
{
	volatile char *m = (volatile char *)bower_vm_map_pmo(0, 0, PAGES * PAGE, BOWER_PROT_READ,
							     BOWER_MAP_LLM, 0);
	if ((long)m < 0 || bower_vm_llm_set_cap((uintptr_t)m, 4) < 0)
		return 10;
	int bad = m[0] != 'P'; /* the one fault */
	bower_notify_wait(1, BOWER_WAIT_BLOCK);
	for (int p = 1; p <= 3; p++)
		bad += m[p * PAGE + 7] != 'P';
	struct bower_llm_stats st;
	bower_vm_llm_stats((uintptr_t)m, &st);
	bad += st.faults != 1 || st.prefetched != 3 || st.ahead_calls != 1;
	bower_notify_signal(2);
	bower_notify_wait(1, BOWER_WAIT_BLOCK); /* six more mapped ahead, cap 4 */
	bower_vm_llm_stats((uintptr_t)m, &st);
	bad += st.resident != 4 || st.resident_in_table != 4 || st.faults != 1;
	return bad;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "client") == 0)
		return client();
	memset(content, 'P', sizeof(content));
	long notify = bower_notify_create(), go = bower_notify_create(), back = bower_notify_create();
	ring.ring.slots = SLOTS;
	long pager = bower_pager_register((int)notify, (uintptr_t)&ring, SLOTS);
	long pmo = bower_pmo_create_file((int)pager, PAGES, 9);
	long ro = bower_cap_copy((int)pmo, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	expect("a pager with a file", pager >= 0 && pmo >= 0 && ro >= 0, 1);
	const char *const argv2[] = {"aheadtest", "client", NULL};
	const int caps[] = {(int)ro, (int)go, (int)back};
	long pid = bower_spawn("aheadtest", argv2, caps, 3);
	struct bower_pager_msg f = next_fault((int)notify);
	struct bower_pager_entry one = {f.va, (uintptr_t)content};
	expect("the fault on page 0 answered", bower_pager_map((int)pager, f.token, &one, 1,
						       BOWER_PROT_READ),
	       1);

	struct bower_pager_entry e[8];
	for (int i = 0; i < 8; i++)
		e[i] = (struct bower_pager_entry){f.va + (unsigned long)(i + 1) * PAGE,
						  (uintptr_t)content};
	expect("no pages", bower_pager_map_ahead((int)pager, (int)pmo, f.client, e, 0,
						 BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("too many pages", bower_pager_map_ahead((int)pager, (int)pmo, f.client, e, 65,
						       BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("entries at a bad address",
	       bower_pager_map_ahead((int)pager, (int)pmo, f.client, (void *)16, 1,
				     BOWER_PROT_READ),
	       -BOWER_EFAULT);
	expect("another client", bower_pager_map_ahead((int)pager, (int)pmo, f.client + 100, e, 3,
						       BOWER_PROT_READ),
	       -BOWER_ESRCH);
	struct bower_pager_entry outside = {f.va + PAGES * PAGE, (uintptr_t)content};
	expect("outside the mapping",
	       bower_pager_map_ahead((int)pager, (int)pmo, f.client, &outside, 1, BOWER_PROT_READ),
	       -BOWER_ESRCH);
	struct bower_pager_entry spill[2] = {e[0], outside};
	expect("partly outside", bower_pager_map_ahead((int)pager, (int)pmo, f.client, spill, 2,
						       BOWER_PROT_READ),
	       -BOWER_EINVAL);
	struct bower_pager_entry twice[2] = {e[0], e[0]};
	expect("a page twice", bower_pager_map_ahead((int)pager, (int)pmo, f.client, twice, 2,
						     BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("wider rights than the mapping",
	       bower_pager_map_ahead((int)pager, (int)pmo, f.client, e, 3,
				     BOWER_PROT_READ | BOWER_PROT_WRITE),
	       -BOWER_EACCES);
	expect("an object no pager serves",
	       bower_pager_map_ahead((int)pager, (int)bower_pmo_create(1), f.client, e, 3,
				     BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("a notification as the pager",
	       bower_pager_map_ahead((int)notify, (int)pmo, f.client, e, 3, BOWER_PROT_READ),
	       -BOWER_EINVAL);
	expect("pages 1-3 mapped ahead", bower_pager_map_ahead((int)pager, (int)pmo, f.client, e, 3,
							       BOWER_PROT_READ),
	       3);
	bower_notify_signal((int)go);
	bower_notify_wait((int)back, BOWER_WAIT_BLOCK); /* it read them */
	/* Pages 4-9 next: the cap of 4 takes the first four of them, and
	 * they push out the four before. */
	for (int i = 0; i < 6; i++)
		e[i] = (struct bower_pager_entry){f.va + (unsigned long)(i + 4) * PAGE,
						  (uintptr_t)content};
	expect("six more, trimmed to the cap",
	       bower_pager_map_ahead((int)pager, (int)pmo, f.client, e, 6, BOWER_PROT_READ), 4);
	bower_notify_signal((int)go);
	int status = -1;
	bower_wait((int)pid, &status);
	expect("the client read them without faulting, within its cap", status, 0);
	expect("its mapping is gone", bower_pager_map_ahead((int)pager, (int)pmo, f.client, e, 1,
							    BOWER_PROT_READ),
	       -BOWER_ESRCH);
	printf("aheadtest: %d checks failed\n", failed);
	return failed;
}
