/*
 * pager.c - the user-level pager protocol.
 *
 * A fault on a file mapping, from the trap to the resumed thread:
 *   1. vmspace_handle_fault finds the region; the file PMO has no page
 *      there, so the fault path calls pager_handle_fault.
 *   2. If the pager's ring is full (as many unread messages as it has
 *      slots: the pager publishes how far it has read in ring->tail), the
 *      thread waits for room (every answer wakes it: answering means the
 *      pager has read that far). After the wait the region is looked up
 *      again: the program may have unmapped it meanwhile.
 *   3. The fault gets a token, joins pager->pending (through the thread's
 *      own pager_wait: nothing is allocated), and one message is written
 *      into the ring (pager_ring.c: pinned pages, written through the
 *      direct map); the pager's notification is signalled; the thread
 *      blocks: parked (sched_park), for a fault from user mode, so that
 *      the answer can finish it (settle) and send it straight back to
 *      user mode, and a pager thread parked in its wait likewise.
 *   4. The pager calls pager_map(token, entries, n, prot). The entries are
 *      copied in first, then everything is checked (the token pending on
 *      this pager, each client page aligned and inside the faulting
 *      mapping, each pager page aligned and present in the pager's memory,
 *      the protection no wider than the mapping's, the faulting page among
 *      them, no page twice), and every page-table page the batch needs is
 *      made; only then are the pages put in the file PMO (taking a
 *      reference on each physical page: the client and the server now
 *      share it) and in the client's page table, which cannot fail. The
 *      thread is woken once. The single-page case is the same call with
 *      one entry.
 *   5. The thread returns to user mode and retries the access.
 * pager_fail answers a fault with a bus error (beyond the end of the file,
 * or the pager could not read the page). A client killed while waiting
 * unwinds out of the pending list (its token then answers -ESRCH); a pager
 * that dies fails every fault it holds and every future fault on its
 * files: those clients are killed.
 *
 * MAP_LLM mappings keep their policy in llm.c: the batch is ordered and
 * trimmed to the cap there (llm_shape_batch) and admitted under the cap
 * after it is mapped (llm_batch_mapped); their news (prefetched pages
 * used, pages that left: several pieces a NEWS message, posted ahead of
 * the next fault) goes into the same ring without waking the pager, and is
 * dropped rather than waited for when the ring is half full, so faults
 * always find room; the end of a mapping (UNMAPPED) wakes it.
 */
#include <pager.h>
#include <pager_ring.h>
#include <notification.h>
#include <pmm.h>
#include <pmo.h>
#include <llm.h>
#include <process.h>
#include <sched.h>
#include <slab.h>
#include <syscall.h>
#include <mmio.h>
#include <printk.h>
#include <string.h>
#include <stddef.h>

struct pager {
	struct kobject kobj;
	struct process *owner;	/* NULL once it has ended */
	struct kobject *notify; /* one reference */
	struct pager_ring ring; /* in the owner's memory, pinned */
	struct list_node pending; /* struct pager_wait.node */
	struct list_node pmos;	  /* its file PMOs (struct pmo.pager_node) */
	struct waitq room;	  /* faulting threads waiting for a free slot */
};

static unsigned long next_token = 1;

/* Write one message into the ring; wake the pager if it must act. */
static void post(struct pager *pg, const struct bower_pager_msg *msg, bool wake)
{
	pager_ring_post(&pg->ring, msg);
	if (wake)
		notification_signal(pg->notify);
}

static bool ring_full(struct pager *pg)
{
	return pager_ring_used(&pg->ring) == pg->ring.slots;
}

/* The pager of pmo, if it is still there to be told anything. */
static struct pager *live_pager(struct pmo *pmo)
{
	struct pager *pg = pmo->pager;
	return pg && pg->owner ? pg : NULL;
}

/* News never waits for room: dropped (and counted) when the ring is half
 * full, so faults always find a slot. */
static bool room_for_news(struct pager *pg, unsigned pieces)
{
	if (2 * pager_ring_used(&pg->ring) < pg->ring.slots)
		return true;
	pager_ring_count_dropped(&pg->ring, pieces);
	return false;
}

void pager_post_news(struct pmo *pmo, unsigned long client, const unsigned *news, unsigned count)
{
	struct pager *pg = live_pager(pmo);
	if (!pg || count == 0 || !room_for_news(pg, count))
		return;
	struct bower_pager_msg msg = {
	    .kind = BOWER_PAGER_MSG_NEWS, .count = count, .client = client, .file_id = pmo->file_id};
	for (unsigned i = 0; i < count; i++)
		msg.news[i] = news[i];
	post(pg, &msg, false); /* read with the next fault */
}

void pager_post_unmapped(struct pmo *pmo, unsigned long client, vaddr_t va, unsigned long page,
			 unsigned faults)
{
	struct pager *pg = live_pager(pmo);
	if (!pg || !room_for_news(pg, 1))
		return;
	struct bower_pager_msg msg = {.kind = BOWER_PAGER_MSG_UNMAPPED,
				      .client = client,
				      .file_id = pmo->file_id,
				      .page = page,
				      .va = va,
				      .faults = faults};
	post(pg, &msg, true); /* the pager saves what it learned now */
}

void pager_post_unused(struct pmo *pmo)
{
	struct pager *pg = live_pager(pmo);
	if (!pg || !room_for_news(pg, 1))
		return;
	struct bower_pager_msg msg = {.kind = BOWER_PAGER_MSG_UNUSED, .file_id = pmo->file_id};
	post(pg, &msg, true);
}

static void pager_destroy(struct kobject *obj)
{
	struct pager *pg = container_of(obj, struct pager, kobj);
	pager_ring_release(&pg->ring);
	kobj_put(pg->notify);
	kfree(pg);
}

static const struct kobj_ops pager_ops = {.destroy = pager_destroy};

long pager_register(struct process *p, struct kobject *notify, uintptr_t ring, unsigned long slots)
{
	if (p->pager)
		return -BOWER_EBUSY;
	if (slots == 0 || slots > BOWER_PAGER_MAX_SLOTS)
		return -BOWER_EINVAL;
	struct pager *pg = kzalloc(sizeof(*pg));
	if (!pg)
		return -BOWER_ENOMEM;
	long err = pager_ring_attach(&pg->ring, p->vs, ring, slots);
	if (err) {
		kfree(pg);
		return err;
	}
	kobj_init(&pg->kobj, KOBJ_PAGER, &pager_ops);
	kobj_get(notify);
	pg->notify = notify;
	pg->owner = p;
	list_init(&pg->pending);
	list_init(&pg->pmos);
	waitq_init(&pg->room);
	long slot = cap_install(&p->caps, &pg->kobj, BOWER_RIGHT_PAGER);
	if (slot >= 0)
		p->pager = pg; /* keeps the reference kobj_init gave */
	else
		kobj_put(&pg->kobj);
	return slot;
}

long pager_create_file(struct pager *pg, unsigned long npages, unsigned long file_id)
{
	if (npages == 0 || npages > (1UL << 24))
		return -BOWER_EINVAL;
	struct pmo *pmo = pmo_create_file(pg, npages, file_id);
	if (!pmo)
		return -BOWER_ENOMEM;
	list_add_tail(&pg->pmos, &pmo->pager_node);
	long slot = cap_install(&current_process()->caps, &pmo->kobj,
				BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT);
	pmo_put(pmo);
	return slot;
}

void pager_forget_pmo(struct pmo *pmo)
{
	list_remove(&pmo->pager_node);
	pmo->pager = NULL;
}

static void fault_resume(void);
static enum fault_result fault_finish(struct thread *t);

/* Settle a waiting fault with a result and free its slot; the caller wakes
 * the thread. (Threads waiting for room in the ring are woken by whoever
 * answers: pager_map, pager_fail, pager_process_ending.) A parked fault
 * that is resolved has nothing left to do but retry its access: it is
 * finished here, so it can go straight back to user mode (sched_park). */
static struct thread *settle(struct thread *t, int result)
{
	struct pager_wait *w = &t->pager_wait;
	list_remove(&w->node);
	w->result = result;
	if (result == FAULT_RESOLVED && t->parked && t->resume == fault_resume) {
		fault_finish(t);
		t->resume = NULL;
	}
	return t;
}

static void answer(struct thread *t, int result)
{
	sched_make_runnable(settle(t, result));
}

/* Post the fault on page va of region r: the pager thread waiting for its
 * ring, taken off its wait to run at once (notification_signal_take), or
 * NULL. */
static struct thread *post_fault(struct pager *pg, struct vmregion *r, vaddr_t va, unsigned access)
{
	struct pager_wait *w = &current->pager_wait;
	w->vs = r->vs;
	w->va = va;
	w->token = next_token++;
	list_add_tail(&pg->pending, &w->node);
	struct bower_pager_msg msg = {
	    .token = w->token,
	    .client = (unsigned long)current_process()->pid,
	    .file_id = r->pmo->file_id,
	    .page = r->pmo_first_page + (va - r->start) / PAGE_SIZE,
	    .va = va,
	    /* A private mapping's write goes to a copy: of the file it
	     * only reads the page (and the file is not written). */
	    .access = access == VM_EXEC			  ? BOWER_PROT_EXEC
		      : access == VM_WRITE && !r->copies ? BOWER_PROT_WRITE
							  : BOWER_PROT_READ,
	    .kind = BOWER_PAGER_MSG_FAULT,
	};
	if (r->llm) /* its news first: what the program did before this fault */
		msg.cap = llm_fault(r);
	pager_ring_post(&pg->ring, &msg);
	return notification_signal_take(pg->notify);
}

/* The end of t's posted fault: its result, and the references it held let
 * go. Run by t when it wakes, or, for a parked fault (one from user mode),
 * for it by the pager thread that answered it (settle). */
static enum fault_result fault_finish(struct thread *t)
{
	struct pager_wait *w = &t->pager_wait;
	enum fault_result result = (enum fault_result)w->result;
	if (!list_empty(&w->node)) { /* not answered: killed. Its message stays in
				      * the ring until read, and its token then
				      * answers -ESRCH. */
		list_remove(&w->node);
		result = FAULT_INTERRUPTED;
	}
	pmo_put(w->pmo);
	kobj_put(&w->pager->kobj);
	return result;
}

static void fault_resume(void)
{
	struct pager_wait *w = &current->pager_wait;
	trap_user_fault_done(fault_finish(current), w->far, w->access);
}

enum fault_result pager_handle_fault(struct vmspace *vs, struct vmregion *r, vaddr_t va,
				     unsigned access, bool from_user)
{
	struct pmo *pmo = r->pmo;
	struct pager *pg = pmo->pager;
	struct pager_wait *w = &current->pager_wait;
	if (!pg || !pg->owner)
		return FAULT_NO_PAGER;
	/* Held until the answer: the fault names both. */
	kobj_get(&pg->kobj);
	pmo_get(pmo);
	w->pmo = pmo;
	w->pager = pg;
	list_init(&w->node);
	int err = 0;
	if (ring_full(pg)) {
		while (!err && pg->owner && ring_full(pg))
			err = waitq_sleep(&pg->room);
		/* The program may have unmapped or replaced the region while
		 * we slept: look again, and if it is not the same, let the
		 * access retry against what is mapped now. */
		r = vmspace_find_region(vs, va);
	}
	enum fault_result result;
	if (err)
		result = FAULT_INTERRUPTED;
	else if (!pg->owner)
		result = FAULT_NO_PAGER;
	else if (!r || r->pmo != pmo)
		result = FAULT_RESOLVED;
	else {
		/* A pager thread waiting for its ring runs at once, here. */
		struct thread *pager = post_fault(pg, r, ALIGN_DOWN(va, PAGE_SIZE), access);
		if (from_user) {
			w->far = va;
			w->access = access;
			sched_park(fault_resume, pager); /* on to fault_finish */
		}
		if (pager)
			sched_block_switch(pager);
		else
			sched_block();
		return fault_finish(current);
	}
	pmo_put(pmo);
	kobj_put(&pg->kobj);
	return result;
}

static struct thread *find_pending(struct pager *pg, unsigned long token)
{
	struct pager_wait *w;
	list_for_each_entry (w, &pg->pending, node)
		if (w->token == token)
			return container_of(w, struct thread, pager_wait);
	return NULL;
}

static unsigned prot_to_perm(int prot)
{
	return (prot & BOWER_PROT_READ ? VM_READ : 0) | (prot & BOWER_PROT_WRITE ? VM_WRITE : 0) |
	       (prot & BOWER_PROT_EXEC ? VM_EXEC : 0);
}

/* The physical page behind the pager's own page at va, if present. */
static paddr_t pager_page(struct process *p, uintptr_t va)
{
	struct vmregion *r = vmspace_find_region(p->vs, va);
	if (!r || r->pmo->kind == PMO_FILE)
		return 0;
	size_t index = r->pmo_first_page + (va - r->start) / PAGE_SIZE;
	return index < r->pmo->npages ? r->pmo->pages[index] : 0;
}

/* Is page among page[0..n)? */
static bool batch_has_page(const uint32_t *page, unsigned long n, uint32_t p)
{
	for (unsigned long j = 0; j < n; j++)
		if (page[j] == p)
			return true;
	return false;
}

/* No faulting page in the batch (pager_map_ahead). */
#define NO_FAULT UINT32_MAX

/* Invoke: enter the batch's pages (page[], their physical pages pa[],
 * where each goes slot[], all reserved) in r's page table, and admit a
 * MAP_LLM batch under the cap (how). Cannot fail; the pages entered. Pages
 * the file already has stay. Every new page is entered in the table
 * before the cap is applied, so an eviction can only empty a table that
 * holds none of this batch (and evictions keep their tables: the slots
 * stay good). */
static always_inline long enter_batch(struct vmspace *vs, struct vmregion *r, uint32_t fault,
				      const uint32_t *page, const paddr_t *pa,
				      struct arch_pt_slot *slot, unsigned long n, unsigned perm,
				      enum llm_batch how)
{
	struct pmo *pmo = r->pmo;
	paddr_t *file = pmo->pages + r->pmo_first_page; /* the region's first page's */
	vaddr_t start = r->start;
	long mapped = 0;
	bool fresh[BOWER_PAGER_MAX_BATCH];
	if (r->copies) /* a private mapping sees the file read-only: its writes copy */
		perm &= ~VM_WRITE;
	uint64_t template = arch_pt_template(perm);
	paddr_t *copies = r->copies ? r->copies->pages + r->pmo_first_page : NULL;
	struct vmregion *llm = r->llm ? r : NULL;
	for (unsigned long i = 0; i < n; i++) {
		uint32_t p = page[i];
		/* A resident page stays; llm_batch_mapped makes it young. */
		fresh[i] = !(llm && llm_resident(llm, p));
		if (!fresh[i] || (copies && copies[p]))
			continue; /* its own copy stays */
		if (!file[p]) {
			page_ref(pa[i]);
			pmo_set_page(pmo, r->pmo_first_page + p, pa[i]);
		}
		/* A prefetched page goes in without the access flag: its first
		 * use is how the kernel knows it was used (llm.c). */
		arch_pt_fill(&vs->pt, &slot[i], start + (vaddr_t)p * PAGE_SIZE, pa[i], template,
			     !llm || p == fault);
		mapped++;
	}
	if (llm)
		llm_batch_mapped(llm, page, fresh, n, how);
	arch_pt_sync();
	return mapped;
}

/* The rest of a MAP_LLM answer, past what the mapping had room for: into
 * the file's memory object (checked as the batch was), and held for the
 * next fault (llm_hold). Out of line: a plain fault never comes here. */
static __attribute__((noinline)) void hold_rest(struct vmregion *r, const uint32_t *page,
						const paddr_t *pa, unsigned long n, unsigned perm)
{
	paddr_t *file = r->pmo->pages + r->pmo_first_page;
	for (unsigned long i = 0; i < n; i++)
		if (!file[page[i]]) {
			page_ref(pa[i]);
			pmo_set_page(r->pmo, r->pmo_first_page + page[i], pa[i]);
		}
	llm_hold(r, page, n, perm);
}

/* Check, then map, a batch of pager entries into region r of vs: the
 * faulting page `fault` among them (NO_FAULT: none, every page is a
 * prefetched one). Nothing changes unless every check passes: the pages
 * mapped, or an error. A MAP_LLM answer longer than the mapping's room
 * holds the rest for the next fault (llm_hold): those pages go into the
 * file's memory object now, checked as the others are. */
static long map_batch(struct pager *pg, struct vmspace *vs, struct vmregion *r, uint32_t fault,
		      const struct bower_pager_entry *e, unsigned long n, unsigned perm)
{
	uint32_t page[BOWER_PAGER_MAX_BATCH]; /* each entry's page in the region */
	paddr_t pa[BOWER_PAGER_MAX_BATCH];
	struct arch_pt_slot slot[BOWER_PAGER_MAX_BATCH];
	if ((perm & r->perm) != perm || !(perm & VM_READ))
		return -BOWER_EACCES;
	struct pmo *pmo = r->pmo;
	/* The region's fields in locals: the stores into page[] and pa[] could
	 * be stores into it for all the compiler knows. */
	paddr_t *file = pmo->pages + r->pmo_first_page; /* the region's first page's */
	vaddr_t start = r->start;
	size_t len = r->len;
	bool has_fault_page = fault == NO_FAULT, twice = false;
	/* A page twice: a filter of 1024 bits (a bit per page number modulo
	 * 1024), cleared in sixteen stores; only a page whose bit is set
	 * already is looked for among the pages before it, which a batch of
	 * distinct pages (near or spread) almost never needs. */
	uint64_t seen[1024 / 64] = {0};
	for (unsigned long i = 0; i < n; i++) {
		vaddr_t offset = e[i].client_va - start; /* huge if below the start */
		if (!IS_ALIGNED(e[i].client_va | e[i].pager_va, PAGE_SIZE) || offset >= len)
			return -BOWER_EINVAL;
		uint32_t p = (uint32_t)(offset / PAGE_SIZE);
		page[i] = p;
		/* A page the file already has is what gets mapped (the file's
		 * page stays the one truth), so the pager's is not looked up:
		 * a learned batch is mostly such pages. */
		paddr_t a = file[p];
		if (!a && !(a = pager_page(pg->owner, e[i].pager_va)))
			return -BOWER_EFAULT;
		pa[i] = a;
		has_fault_page |= p == fault;
		uint64_t bit = 1ULL << (p & 63), *word = &seen[(p >> 6) & 15];
		if (*word & bit)
			twice |= batch_has_page(page, i, p);
		*word |= bit;
	}
	if (!has_fault_page || twice)
		return -BOWER_EINVAL;

	unsigned long whole = n;
	if (r->llm) /* the faulting page first, trimmed to the cap */
		n = llm_shape_batch(r, fault, page, pa, n);
	/* The last check reserves what the invoke needs: every page-table
	 * page the batch will use, and where each entry goes. */
	if (arch_pt_prepare_pages(&vs->pt, start, page, n, slot))
		return -BOWER_ENOMEM; /* a fault stays pending: try again */

	/* Invoke: cannot fail from here. */
	long mapped = enter_batch(vs, r, fault, page, pa, slot, n, perm,
				  fault == NO_FAULT ? LLM_AHEAD : LLM_ANSWER);
	if (r->llm && fault != NO_FAULT && whole > n)
		hold_rest(r, page + n, pa + n, whole - n, perm);
	return mapped;
}

/* Out of line: the plain fault path's map_batch keeps its own copy of the
 * invoke, and the fault path pays only the call for a mapping with
 * nothing held. */
bool pager_map_held(struct vmspace *vs, struct vmregion *r, uint32_t fault, unsigned access)
{
	uint32_t page[BOWER_PAGER_MAX_BATCH];
	paddr_t pa[BOWER_PAGER_MAX_BATCH];
	struct arch_pt_slot slot[BOWER_PAGER_MAX_BATCH];
	unsigned perm;
	if (!live_pager(r->pmo)) /* the file's pager is gone: so are its answers */
		return false;
	unsigned long n = llm_take_held(r, fault, access, page, &perm), k = 0;
	/* Held pages the file object no longer has (taken back since:
	 * truncation, the page cache) are not mapped; without the faulting
	 * page, the pager answers. */
	const paddr_t *file = r->pmo->pages + r->pmo_first_page;
	for (unsigned long i = 0; i < n; i++)
		if (file[page[i]]) {
			page[k] = page[i];
			pa[k++] = file[page[i]];
		}
	if (k == 0 || page[0] != fault || arch_pt_prepare_pages(&vs->pt, r->start, page, k, slot))
		return false;
	enter_batch(vs, r, fault, page, pa, slot, k, perm, LLM_HELD);
	return true;
}

long pager_map(struct pager *pg, unsigned long token, const struct bower_pager_entry *uentries,
	       unsigned long n, int prot)
{
	struct thread *answered;
	long mapped = pager_map_settle(pg, token, uentries, n, prot, &answered);
	if (answered)
		sched_make_runnable(answered);
	return mapped;
}

long pager_map_settle(struct pager *pg, unsigned long token,
		      const struct bower_pager_entry *uentries, unsigned long n, int prot,
		      struct thread **answered)
{
	struct bower_pager_entry e[BOWER_PAGER_MAX_BATCH];
	*answered = NULL;
	waitq_wake_all(&pg->room); /* it answers: it has read its ring this far */
	if (n == 0 || n > BOWER_PAGER_MAX_BATCH || (prot & ~(BOWER_PROT_READ | BOWER_PROT_WRITE)))
		return -BOWER_EINVAL;
	/* Copy first (it may sleep), then find the fault: nothing found
	 * before the copy is trusted after it. */
	if (copy_from_user(e, uentries, n * sizeof(e[0])))
		return -BOWER_EFAULT;
	struct thread *t = find_pending(pg, token);
	if (!t)
		return -BOWER_ESRCH; /* no such fault pending on this pager */
	struct pager_wait *w = &t->pager_wait;
	struct vmregion *r = vmspace_find_region(w->vs, w->va);
	if (!r || r->pmo != w->pmo) {
		/* The client unmapped (or replaced) the mapping while its
		 * fault waited: its access retries against what is there. */
		*answered = settle(t, FAULT_RESOLVED);
		return 0;
	}
	long mapped = map_batch(pg, w->vs, r, (uint32_t)((w->va - r->start) / PAGE_SIZE), e, n,
				prot_to_perm(prot));
	if (mapped >= 0)
		*answered = settle(t, FAULT_RESOLVED);
	return mapped;
}

long pager_map_ahead(struct pager *pg, struct pmo *pmo, unsigned long client,
		     const struct bower_pager_entry *uentries, unsigned long n, int prot)
{
	struct bower_pager_entry e[BOWER_PAGER_MAX_BATCH];
	if (n == 0 || n > BOWER_PAGER_MAX_BATCH || (prot & ~(BOWER_PROT_READ | BOWER_PROT_WRITE)))
		return -BOWER_EINVAL;
	if (pmo->kind != PMO_FILE || pmo->pager != pg)
		return -BOWER_EINVAL;
	if (copy_from_user(e, uentries, n * sizeof(e[0])))
		return -BOWER_EFAULT;
	/* The client's MAP_LLM mapping of this object that holds the first
	 * page: gone (unmapped, the client ended) is ESRCH, which a pager
	 * takes as "drop these pages". */
	struct vmregion *r;
	list_for_each_entry (r, &pmo->mappings, pmo_node)
		if (r->llm && llm_client(r) == client && e[0].client_va >= r->start &&
		    e[0].client_va - r->start < r->len)
			return map_batch(pg, r->vs, r, NO_FAULT, e, n, prot_to_perm(prot));
	return -BOWER_ESRCH;
}

long pager_fail(struct pager *pg, unsigned long token, int reason)
{
	waitq_wake_all(&pg->room); /* it answers: it has read its ring this far */
	struct thread *t = find_pending(pg, token);
	if (!t)
		return -BOWER_ESRCH;
	if (reason != BOWER_PAGER_BEYOND_EOF && reason != BOWER_PAGER_IO_ERROR)
		return -BOWER_EINVAL;
	answer(t, reason == BOWER_PAGER_BEYOND_EOF ? FAULT_BEYOND_EOF : FAULT_IO_ERROR);
	return 0;
}

long pager_invalidate(struct pager *pg, struct pmo *pmo, unsigned long first_page,
		      unsigned long count)
{
	if (pmo->kind != PMO_FILE || pmo->pager != pg || count == 0)
		return -BOWER_EINVAL;
	if (first_page < pmo->npages)
		pmo_drop_pages(pmo, first_page, count);
	return 0;
}

void pager_process_ending(struct process *p)
{
	struct pager *pg = p->pager;
	if (!pg)
		return;
	p->pager = NULL;
	pg->owner = NULL;
	while (!list_empty(&pg->pending))
		answer(container_of(container_of(pg->pending.next, struct pager_wait, node),
				    struct thread, pager_wait),
		       FAULT_NO_PAGER);
	waitq_wake_all(&pg->room);
	while (!list_empty(&pg->pmos))
		pager_forget_pmo(container_of(pg->pmos.next, struct pmo, pager_node));
	kobj_put(&pg->kobj);
}
