/*
 * pager.c - the fuzzer's own slow pager.
 *
 * The fuzzer registers as the pager of a small file object and maps it
 * three times (read-write, read-only, MAP_LLM with a cap of 4), so that
 * pointers into those mappings make the kernel fault in the middle of a
 * system call and sleep until this thread answers. It answers each fault
 * after a random number of yields, sometimes with pager_fail (the call then
 * gets EFAULT), with a random batch of neighbouring pages and protection;
 * in hostile mode a fault on the helpers' slow file is left unanswered until
 * teardown three times in ten, while main goes on deleting, unmapping and
 * killing. (Main and the server thread never point there: a fault of
 * theirs held for ever would stop the run, not test the kernel.)
 *
 * An answer the kernel refuses (the mapping went away, the batch reaches
 * outside it, the protection is too wide) falls back to a smaller answer and
 * finally to pager_fail, so no fault is ever left pending by mistake: a
 * pending fault is a thread blocked for ever.
 */
#include <string.h>
#include "fuzz.h"

#define RING_SLOTS 64
#define POOL_PAGES 8

static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[RING_SLOTS];
} ring __attribute__((aligned(64)));

uintptr_t pager_pool; /* POOL_PAGES eager pages: what the file pages are */

int pager_pool_page(struct rng *r)
{
	return (int)rng_below(r, POOL_PAGES);
}

static int vital(long slot)
{
	if (slot >= 0 && slot < NSLOTS)
		F.slots[slot].role = ROLE_VITAL;
	return (int)slot;
}

/* A copy of slot with only `rights`, the original deleted: the fuzzer's
 * own capabilities are not grantable, so none can leave main's view. */
int narrow(long slot, int type, unsigned rights)
{
	long copy = CALL(cap_copy, slot, rights);
	CALL(cap_delete, slot);
	model_clear((int)slot);
	if (copy >= 0)
		model_set((int)copy, type, rights, ROLE_VITAL, new_obj());
	return (int)copy;
}

void pager_setup(void)
{
	long n = CALL0(notify_create);
	F.pager_notify =
	    vital(narrow(n, BOWER_CAP_NOTIFICATION, BOWER_RIGHT_SIGNAL | BOWER_RIGHT_WAIT));
	ring.ring.slots = RING_SLOTS;
	F.pager_slot = vital(CALL(pager_register, F.pager_notify, (long)&ring, RING_SLOTS));
	model_set(F.pager_slot, BOWER_CAP_PAGER, BOWER_RIGHT_PAGER, ROLE_VITAL, new_obj());
	pager_pool = (uintptr_t)CALL(vm_map, 0, POOL_PAGES * PAGE,
				     BOWER_PROT_READ | BOWER_PROT_WRITE, BOWER_MAP_EAGER);
	/* Each page starts with a program's name, so that a path in a file
	 * page can get as far as starting a program. */
	for (int i = 0; i < POOL_PAGES; i++)
		strcpy((char *)(pager_pool + i * PAGE), "exitcode");
	F.file_pmo = (int)CALL(pmo_create_file, F.pager_slot, FILE_PAGES, 1);
	model_set(F.file_pmo, BOWER_CAP_PMO,
		  BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT, ROLE_FILEPMO,
		  new_obj());
	size_t len = FILE_PAGES * PAGE;
	F.file_rw = (uintptr_t)CALL(vm_map_pmo, F.file_pmo, 0, (long)len,
				    BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	F.file_ro = (uintptr_t)CALL(vm_map_pmo, F.file_pmo, 0, (long)len, BOWER_PROT_READ, 0, 0);
	F.file_llm = (uintptr_t)CALL(vm_map_pmo, F.file_pmo, 0, (long)len,
				     BOWER_PROT_READ | BOWER_PROT_WRITE, BOWER_MAP_LLM, 0);
	CALL(vm_llm_set_cap, (long)F.file_llm, 4);
	if (F.mode == MODE_HOSTILE)
		slow_file_map();
	add_map(F.file_rw, len, true, true, false);
	add_map(F.file_ro, len, true, false, false);
	add_map(F.file_llm, len, true, true, true);
}

/* (Again) make and map the helpers' slow file; main may delete its
 * capability at once, the mapping keeps the object. */
void slow_file_map(void)
{
	long pmo = CALL(pmo_create_file, F.pager_slot, FILE_PAGES, SLOW_FILE);
	if (pmo < 0)
		return;
	model_set((int)pmo, BOWER_CAP_PMO, BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT,
		  ROLE_FILEPMO, new_obj());
	/* Far from main's mappings: a pointer running off the end of one of
	 * those must not land here, where a fault may be held for ever. */
	long a = CALL(vm_map_pmo, pmo, 0x500000000L, FILE_PAGES * PAGE,
		      BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	F.file_slow = a < 0 ? 0 : (uintptr_t)a;
}

struct pending {
	unsigned long token, va, due;
	unsigned access;
	bool never; /* hostile: held until teardown */
};

static struct pending pend[RING_SLOTS];
static int npend;

static void answer(struct rng *r, struct pending *p)
{
	long ret;
	if (rng_chance(r, F.mode == MODE_HOSTILE ? 15 : 8)) {
		CALL(pager_fail, F.pager_slot, (long)p->token,
		     rng_chance(r, 50) ? BOWER_PAGER_BEYOND_EOF : BOWER_PAGER_IO_ERROR);
		return;
	}
	struct bower_pager_entry e[4];
	int n = 1 + (int)rng_below(r, 4);
	e[0].client_va = p->va;
	for (int i = 1; i < n; i++) /* distinct neighbours, maybe outside the mapping */
		e[i].client_va = p->va + (i % 2 ? 1 : -1) * (long)((i + 1) / 2) * (long)PAGE;
	for (int i = 0; i < n; i++)
		e[i].pager_va = pager_pool + (uintptr_t)pager_pool_page(r) * PAGE;
	int prot = rng_chance(r, 50) ? BOWER_PROT_READ : BOWER_PROT_READ | BOWER_PROT_WRITE;
	ret = CALL(pager_map, F.pager_slot, (long)p->token, (long)e, n, prot);
	if (ret == -BOWER_EACCES) /* a read-only mapping */
		ret = CALL(pager_map, F.pager_slot, (long)p->token, (long)e, n, BOWER_PROT_READ);
	if (ret == -BOWER_EINVAL && n > 1) /* a neighbour outside the mapping */
		ret = CALL(pager_map, F.pager_slot, (long)p->token, (long)e, 1, BOWER_PROT_READ);
	if (ret < 0 && ret != -BOWER_ESRCH) /* the mapping went away: the call fails */
		CALL(pager_fail, F.pager_slot, (long)p->token, BOWER_PAGER_IO_ERROR);
	/* ESRCH: main answered it first, or the thread is gone. */
}

void pager_thread(uintptr_t unused)
{
	(void)unused;
	struct rng r;
	rng_seed(&r, F.seed, 1);
	unsigned long tail = 0, iteration = 0;
	for (;;) {
		iteration++;
		unsigned long head = __atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE);
		while (tail != head) {
			struct bower_pager_msg f = ring.entries[tail % RING_SLOTS];
			tail++;
			__atomic_store_n(&ring.ring.tail, tail, __ATOMIC_RELEASE);
			if (f.kind != BOWER_PAGER_MSG_FAULT)
				continue; /* news of MAP_LLM use: nothing to learn here */
			F.tokens[f.token % 8] = f.token;
			unsigned long delay = rng_chance(&r, 40) ? 0 : rng_below(&r, 40);
			if (F.mode == MODE_HOSTILE)
				delay *= 4;
			/* Only helpers point into the slow file's mapping (main may
			 * map the file elsewhere too: those faults are answered). */
			uintptr_t slow = F.file_slow;
			bool held = F.mode == MODE_HOSTILE && f.file_id == SLOW_FILE && slow &&
				    f.va - slow < FILE_PAGES * PAGE;
			struct pending p = {f.token, f.va, iteration + delay, f.access,
					    held && rng_chance(&r, 30)};
			if (npend == RING_SLOTS)
				answer(&r, &p); /* cannot happen with six faulting threads */
			else
				pend[npend++] = p;
		}
		bool waiting_only = true;
		for (int i = 0; i < npend;) {
			if (F.stop || (!pend[i].never && iteration >= pend[i].due)) {
				answer(&r, &pend[i]);
				pend[i] = pend[--npend];
			} else {
				waiting_only &= pend[i].never;
				i++;
			}
		}
		if (F.final && npend == 0)
			break;
		/* Nothing due: sleep until the kernel posts a fault or main
		 * signals teardown. Something due: a yield is one unit of delay. */
		if (npend == 0 || waiting_only)
			bower_notify_wait(F.pager_notify, 1);
		else
			bower_yield();
	}
	__atomic_add_fetch(&F.calls, 1, __ATOMIC_RELAXED);
	bower_thread_exit();
}
