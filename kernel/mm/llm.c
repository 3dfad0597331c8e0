/*
 * llm.c - MAP_LLM mappings: the resident cap, its counters, and what the
 * pager is told.
 *
 * The kernel's record of what is resident is the one truth: a resident
 * set (lib/rset, the eviction rule written once for the kernel, the
 * simulator and the tests) per mapping. A fault's batch is ordered and
 * trimmed here (llm_shape_batch), entered in the page table by pager.c, and
 * then admitted here (llm_batch_mapped): pages already resident become
 * young, the others come in, each pushing out the oldest page when the
 * mapping is at its cap. The pager learns every page that leaves (with
 * whether it had been used) and every first use of a prefetched page, as
 * news kept here until the mapping's next fault (or its end, or a full
 * message) and posted then as one NEWS message ahead of the fault: never a
 * wake-up, and a few words of ring per page.
 *
 * Pages the program locked (mlock: llm_pin) are held outside the set:
 * they count against the cap, so the set's own cap is the mapping's less
 * the pins, and nothing evicts them until they are unlocked, when they
 * join the set as its youngest.
 *
 * Eviction only removes the client's page-table entry: the page stays in
 * the file's memory object, in the file server, and a later touch faults it
 * back through the pager. Prefetched pages are mapped without the access
 * flag, so their first touch traps once (cheaply, in the kernel): that is
 * how a prefetched page is known to have been used.
 */
#include <llm.h>
#include <vmspace.h>
#include <pmo.h>
#include <pager.h>
#include <slab.h>
#include <printk.h>
#include <rset.h>
#include <process.h>

#define RING (2 * BOWER_LLM_CAP_MAX)

unsigned long llm_default_cap = BOWER_LLM_CAP_DEFAULT;

struct llm_region {
	struct rset set;
	struct bower_llm_stats stats;
	uint8_t *used; /* per page: touched since it was mapped, and so told */
	/* Prefetched pages not yet seen used: where a CPU that sets the
	 * access flag itself is asked, at the next fault (llm_collect_used). */
	uint32_t unseen[BOWER_LLM_CAP_MAX];
	uint32_t nunseen;
	/* News for the pager, kept until the next fault (or the end, or a full
	 * message): one NEWS message then, not one message a page. */
	unsigned news[BOWER_PAGER_NEWS_MAX];
	unsigned nnews;
	unsigned long client; /* the pid the news names */
	uint32_t cap;	      /* the mapping's: the set's cap plus the pins */
	/* Locked pages (PIN_*, per page; NULL until the first lock), how many
	 * are locked and how many of them are in the page table. */
	uint8_t *pin;
	uint32_t npinned, npinned_in;
	/* The pager's last answer past its batch, in its order (llm_hold),
	 * and the permission it was mapped with; and that batch's prefetched
	 * pages, whose use says whether the program followed the prediction. */
	uint32_t held[BOWER_PAGER_MAX_BATCH], nheld;
	unsigned held_perm;
	uint32_t last[BOWER_PAGER_MAX_BATCH], nlast;
	struct rset_entry ring[RING];
};

#define PIN_WANTED   1 /* locked: never evicted */
#define PIN_RESIDENT 2 /* and in the page table (outside the set) */

int llm_attach(struct vmregion *r)
{
	size_t pages = r->len / PAGE_SIZE;
	if (pages > UINT32_MAX)
		return -BOWER_EINVAL;
	struct llm_region *l = kzalloc(sizeof(*l));
	uint32_t *seq = kzalloc(pages * sizeof(uint32_t));
	uint8_t *used = kzalloc(pages);
	if (!l || !seq || !used) {
		kfree(l);
		kfree(seq);
		kfree(used);
		return -BOWER_ENOMEM;
	}
	rset_init(&l->set, (uint32_t)pages, (uint32_t)llm_default_cap, seq, l->ring, RING);
	l->used = used;
	l->cap = (uint32_t)llm_default_cap;
	l->client = (unsigned long)current_process()->pid;
	r->llm = l;
	return 0;
}

static uint32_t page_of(struct vmregion *r, vaddr_t va)
{
	return (uint32_t)((va - r->start) / PAGE_SIZE);
}

static vaddr_t va_of(struct vmregion *r, uint32_t page)
{
	return r->start + (vaddr_t)page * PAGE_SIZE;
}

static void flush_news(struct vmregion *r)
{
	struct llm_region *l = r->llm;
	pager_post_news(r->pmo, l->client, l->news, l->nnews);
	l->nnews = 0;
}

/* One piece of news about a page of the mapping (BOWER_PAGER_NEWS_*). A
 * file object has at most 2^24 pages, so its index fits the piece. */
static always_inline void tell_pager(struct vmregion *r, uint32_t page, unsigned what)
{
	struct llm_region *l = r->llm;
	l->news[l->nnews++] = ((unsigned)(r->pmo_first_page + page) & BOWER_PAGER_NEWS_PAGE) | what;
	if (l->nnews == BOWER_PAGER_NEWS_MAX)
		flush_news(r);
}

/* The first use of a prefetched page: counted, and news for the pager. */
static always_inline void note_used(struct vmregion *r, uint32_t page)
{
	if (r->llm->used[page])
		return;
	r->llm->used[page] = 1;
	r->llm->stats.prefetched_used++;
	tell_pager(r, page, BOWER_PAGER_NEWS_USED);
}

/* A page leaves the mapping's page table (the set already let it go). Its
 * TLB entry's invalidation is waited for once, after the batch or the
 * cap's change (arch_pt_sync). */
static void evict(void *arg, uint32_t page)
{
	struct vmregion *r = arg;
	bool used = arch_pt_evict(&r->vs->pt, va_of(r, page));
	if (used)
		note_used(r, page); /* a use the hardware saw and nobody asked about */
	else
		r->llm->stats.prefetched_unused++;
	r->llm->stats.evictions++;
	tell_pager(r, page, used ? BOWER_PAGER_NEWS_EVICTED_USED : BOWER_PAGER_NEWS_EVICTED);
}

static bool pinned_in(const struct llm_region *l, uint32_t page)
{
	return l->pin && (l->pin[page] & PIN_RESIDENT);
}

/* A locked page is in the page table now (outside the set). */
static void pinned_came_in(struct llm_region *l, uint32_t page)
{
	l->pin[page] |= PIN_RESIDENT;
	l->npinned_in++;
}

bool llm_resident(struct vmregion *r, uint32_t page)
{
	return rset_resident(&r->llm->set, page) || pinned_in(r->llm, page);
}

/* Evict the oldest pages until the set is within its cap. */
static void fit_cap(struct vmregion *r)
{
	struct rset *s = &r->llm->set;
	uint32_t page;
	while (s->count > s->cap && rset_pop_oldest(s, &page))
		evict(r, page);
	arch_pt_sync();
}

int llm_pin(struct vmregion *r, uint32_t first, uint32_t n)
{
	struct llm_region *l = r->llm;
	if (!l->pin && !(l->pin = kzalloc(l->set.npages)))
		return -BOWER_ENOMEM;
	uint32_t more = 0;
	for (uint32_t p = first; p < first + n; p++)
		more += !(l->pin[p] & PIN_WANTED);
	/* At most the cap; all of it only if no page is left unlocked to
	 * fault in (a fault needs room in the set). */
	uint32_t total = l->npinned + more;
	if (total > l->cap || (total == l->cap && total < l->set.npages))
		return -BOWER_ENOMEM;
	for (uint32_t p = first; p < first + n; p++) {
		if (l->pin[p] & PIN_WANTED)
			continue;
		l->pin[p] = PIN_WANTED;
		if (rset_resident(&l->set, p)) { /* out of the set: it stays */
			rset_remove(&l->set, p);
			pinned_came_in(l, p);
		}
	}
	l->npinned = total;
	l->set.cap = l->cap - total;
	fit_cap(r);
	return 0;
}

void llm_unpin(struct vmregion *r, uint32_t first, uint32_t n)
{
	struct llm_region *l = r->llm;
	if (!l->pin)
		return;
	for (uint32_t p = first; p < first + n; p++) {
		uint8_t was = l->pin[p];
		if (!(was & PIN_WANTED))
			continue;
		l->pin[p] = 0;
		l->npinned--;
		l->set.cap++; /* room for it: admitting it evicts nothing */
		if (was & PIN_RESIDENT) {
			l->npinned_in--;
			rset_admit_batch(&l->set, &p, 1, evict, r);
		}
	}
}

unsigned long llm_shape_batch(struct vmregion *r, uint32_t fault, uint32_t *pages, paddr_t *pa,
			      unsigned long n)
{
	/* The others keep the pager's order: it is the order the program is
	 * expected to use them in, and where the CPU sets the access flag
	 * itself, the order their uses are reported in. */
	for (unsigned long i = 1; i < n && pages[0] != fault; i++)
		if (pages[i] == fault) {
			paddr_t fpa = pa[i];
			for (unsigned long j = i; j > 0; j--)
				pages[j] = pages[j - 1], pa[j] = pa[j - 1];
			pages[0] = fault, pa[0] = fpa;
			break;
		}
	return n < r->llm->set.cap ? n : r->llm->set.cap;
}

/* Keep in `unseen` only the pages still resident and not seen used. */
static void unseen_compact(struct llm_region *l)
{
	uint32_t kept = 0;
	for (uint32_t i = 0; i < l->nunseen; i++)
		if (rset_resident(&l->set, l->unseen[i]) && !l->used[l->unseen[i]])
			l->unseen[kept++] = l->unseen[i];
	l->nunseen = kept;
}

/* A fault the kernel answers with the held pages: counted, and told to the
 * pager as news in the order its model would have seen the pager's own
 * answer: the fault, then each page it brings (their evictions follow). */
static void held_fault(struct vmregion *r, const uint32_t *pages, const bool *fresh,
		       unsigned long n)
{
	struct llm_region *l = r->llm;
	l->stats.faults++;
	l->stats.held_faults++;
	tell_pager(r, pages[0], BOWER_PAGER_NEWS_HELD_FAULT);
	for (unsigned long i = 1; i < n; i++)
		if (fresh[i])
			tell_pager(r, pages[i], BOWER_PAGER_NEWS_MAPPED);
}

/* Inlined into the pager's two maps: it is most of a fault's work. */
always_inline void llm_batch_mapped(struct vmregion *r, const uint32_t *pages, const bool *fresh,
				    unsigned long n, enum llm_batch how)
{
	struct llm_region *l = r->llm;
	bool faulted = how != LLM_AHEAD;
	if (n == 0 || n > BOWER_PAGER_MAX_BATCH)
		return; /* pager_map never asks: a batch has the faulting page */
	if (how == LLM_HELD)
		held_fault(r, pages, fresh, n);
	if (!l->npinned) {
		rset_admit_batch(&l->set, pages, n, evict, r);
	} else { /* the locked pages stay out of the set */
		uint32_t unpinned[BOWER_PAGER_MAX_BATCH];
		unsigned long k = 0;
		for (unsigned long i = 0; i < n; i++) {
			if (!(l->pin[pages[i]] & PIN_WANTED))
				unpinned[k++] = pages[i];
			else if (!(l->pin[pages[i]] & PIN_RESIDENT))
				pinned_came_in(l, pages[i]);
		}
		rset_admit_batch(&l->set, unpinned, k, evict, r);
	}
	/* Where the CPU sets the access flag itself, the new prefetched pages
	 * join `unseen`, which the next fault's look reads. Full (pages
	 * evicted and mapped again between two looks), it is compacted;
	 * still full, a page's use is told when it leaves (evict reads its
	 * access flag). */
	bool track = arch_pt_hw_access_flag();
	uint8_t *used = l->used;
	unsigned long mapped = 0, prefetched = 0;
	uint32_t *last = l->last;
	for (unsigned long i = 0; i < n; i++) {
		if (!fresh[i])
			continue;
		mapped++;
		bool faulting = faulted && i == 0; /* being used */
		used[pages[i]] = faulting;
		if (faulting)
			continue;
		if (faulted)
			last[prefetched] = pages[i];
		prefetched++;
		if (!track)
			continue;
		if (l->nunseen == BOWER_LLM_CAP_MAX)
			unseen_compact(l);
		if (l->nunseen < BOWER_LLM_CAP_MAX)
			l->unseen[l->nunseen++] = pages[i];
	}
	l->stats.mapped += mapped;
	l->stats.prefetched += prefetched;
	if (faulted)
		l->nlast = (uint32_t)prefetched;
	if (how == LLM_ANSWER)
		l->stats.map_calls++; /* the pager's answers to faults */
	else if (how == LLM_AHEAD)
		l->stats.ahead_calls++;
}

void llm_hold(struct vmregion *r, const uint32_t *pages, unsigned long n, unsigned perm)
{
	struct llm_region *l = r->llm;
	if (n > BOWER_PAGER_MAX_BATCH)
		n = BOWER_PAGER_MAX_BATCH;
	for (unsigned long i = 0; i < n; i++)
		l->held[i] = pages[i];
	l->nheld = (uint32_t)n;
	l->held_perm = perm;
}

static void llm_collect_used(struct vmregion *r);

bool llm_holds(struct vmregion *r, uint32_t page)
{
	return r->llm->nheld && r->llm->held[0] == page;
}

unsigned long llm_take_held(struct vmregion *r, uint32_t page, unsigned access, uint32_t *pages,
			    unsigned *perm)
{
	struct llm_region *l = r->llm;
	unsigned long n = l->nheld;
	if (n == 0 || l->held[0] != page || (access & ~l->held_perm))
		return 0;
	llm_collect_used(r); /* where the CPU sets the access flag itself */
	for (uint32_t i = 0; i < l->nlast; i++)
		if (!l->used[l->last[i]])
			return 0; /* off the track: the pager predicts anew */
	l->nheld = 0;
	if (n > l->set.cap)
		n = l->set.cap;
	for (unsigned long i = 0; i < n; i++)
		pages[i] = l->held[i];
	*perm = l->held_perm;
	return n;
}

unsigned long llm_client(struct vmregion *r)
{
	return r->llm->client;
}

/* Where the CPU sets the access flag itself (no fault tells a first use):
 * the prefetched pages touched since the last look, told before each
 * fault, so the pager reads the uses before the fault. The pages still
 * resident and untouched stay for the next look; the rest leave. */
static void llm_collect_used(struct vmregion *r)
{
	struct llm_region *l = r->llm;
	if (!arch_pt_hw_access_flag())
		return; /* each first use trapped, and llm_used told it then */
	uint32_t kept = 0, n = l->nunseen;
	const uint8_t *used = l->used;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t page = l->unseen[i];
		if (!rset_resident(&l->set, page) || used[page])
			continue;
		if (arch_pt_accessed(&r->vs->pt, va_of(r, page)))
			note_used(r, page);
		else
			l->unseen[kept++] = page;
	}
	l->nunseen = kept;
}

void llm_forget(struct vmregion *r, vaddr_t va)
{
	struct llm_region *l = r->llm;
	uint32_t page = page_of(r, va);
	if (!llm_resident(r, page))
		return;
	bool used = arch_pt_accessed(&r->vs->pt, va);
	if (used)
		note_used(r, page_of(r, va));
	if (pinned_in(l, page)) { /* still locked: back in at its next touch */
		l->pin[page] &= (uint8_t)~PIN_RESIDENT;
		l->npinned_in--;
	} else {
		rset_remove(&l->set, page);
	}
	tell_pager(r, page_of(r, va), used ? BOWER_PAGER_NEWS_EVICTED_USED : BOWER_PAGER_NEWS_EVICTED);
}

unsigned long llm_fault(struct vmregion *r)
{
	llm_collect_used(r);
	flush_news(r);
	r->llm->nheld = 0; /* the pager's answer holds anew */
	r->llm->stats.faults++;
	return r->llm->set.cap; /* the room a batch has: the locked pages take the rest */
}

void llm_used(struct vmregion *r, vaddr_t va)
{
	note_used(r, page_of(r, va));
}

void llm_counters(struct vmregion *r, struct bower_llm_stats *out)
{
	*out = r->llm->stats;
	out->cap = r->llm->cap;
	out->resident = r->llm->set.count + r->llm->npinned_in;
}

void llm_stats(struct vmregion *r, struct bower_llm_stats *out)
{
	llm_collect_used(r); /* so the counters include uses the hardware saw */
	llm_counters(r, out);
	out->resident_in_table = 0; /* a check on the bookkeeping, so a walk */
	for (size_t off = 0; off < r->len; off += PAGE_SIZE)
		out->resident_in_table += arch_pt_mapped(&r->vs->pt, r->start + off);
}

int llm_set_cap(struct vmregion *r, unsigned long cap)
{
	struct llm_region *l = r->llm;
	if (cap == 0 || cap > BOWER_LLM_CAP_MAX || cap < l->npinned ||
	    (cap == l->npinned && cap < l->set.npages))
		return -BOWER_EINVAL; /* not below what is locked (llm_pin's rule) */
	l->cap = (uint32_t)cap;
	l->set.cap = l->cap - l->npinned;
	fit_cap(r);
	return 0;
}

void llm_detach(struct vmregion *r)
{
	llm_collect_used(r); /* the run's last uses, before its end */
	flush_news(r);
	unsigned long faults = r->llm->stats.faults;
	/* The original lab's grader lines, spelling and all. */
	printk("llm page fault times %lu\n", faults);
	if (faults <= 16)
		printk("llm page fault times <= 16\n");
	if (faults <= 8)
		printk("llm page fault time <= 8\n");
	if (faults <= 2)
		printk("llm page fault time <= 2\n");
	pager_post_unmapped(r->pmo, r->llm->client, r->start, r->pmo_first_page, (unsigned)faults);
	kfree(r->llm->set.seq);
	kfree(r->llm->used);
	kfree(r->llm->pin);
	kfree(r->llm);
	r->llm = NULL;
}
