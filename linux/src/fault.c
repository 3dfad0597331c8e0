/*
 * fault.c - the pager thread: one fault, answered first, learned after.
 *
 * The cases, for a touch of page p of a served mapping (a userfaultfd
 * "missing" fault; a write-protect fault is a first write, below):
 *
 *   p was read ahead and sits in a slot: a prefetched page used. It is
 *     placed now (UFFDIO_COPY from the slot, which wakes the thread) and
 *     the model is told it was used.
 *   p is being read for a prediction: used, but late. The slot is marked
 *     wanted; its reader places it when the read completes.
 *   p is held nowhere: a fault. The model is told, predicts, and the
 *     batch (p, then the predicted pages) goes through the budget's rule
 *     (budget.c); the predicted pages' reads are queued for the reader
 *     threads, each into a slot, and the pager thread reads p itself
 *     meanwhile. The thread waits only for p.
 *   p is placed already: either the fault raced with its placement (the
 *     thread was woken already) or the program dropped the page itself
 *     (MADV_DONTNEED): pagemap says which, and the second is a fault.
 *
 * Why a prefetched page is placed at its first touch, not at once: the
 * model learns from which predicted pages were used, and on this kernel
 * nothing reports a read access in bulk (no idle page tracking, no
 * soft-dirty; pagemap and PAGEMAP_SCAN report presence and writes, not
 * reads). A first touch costs a userfaultfd round trip without I/O: the
 * cost is measured in docs/linux.md. Only what was already read waits.
 *
 * A scan would pay that round trip for every page, so one first touch
 * places the run of read-ahead neighbours after it too (up to RUN_MAX
 * pages), and the run counts as used when the program next touches the
 * page right after it: it walked through them, which is what a scan does.
 * If it goes elsewhere the run is not credited (it may still have been
 * read; the model then counts it as wasted, the cautious mistake).
 *
 * Where the program reads in sequence, the pager reads ahead as Linux does
 * for a file, whatever the model predicts: a third fault in a row of
 * neighbours, or one at the page right after a run it walked through (of
 * WALK_MIN pages or more), reads a window of the pages after it and
 * another after that (RA_MIN, doubled at each window up to RA_MAX, and no
 * more than a quarter of the budget or of the slots); the first touch of a
 * window's first page places it (one copy) and reads one more after the
 * last. So while the program waits for one window the next is read beside
 * it, each window one request, and a scan costs one round trip a window.
 * Its pages count against the budget like any others, and the model is
 * told they are mapped, so it does not predict them again.
 *
 * Answer first, learn after: models are made with learn_later; the thread
 * learns (pf_learn, a few accesses at a time) only when no event is
 * waiting. A run's end learns everything before the profile is saved.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pager.h"

#define LEARN_STEP 16
/* Slots kept for faults: predictions never take the last ones. */
#define FAULT_RESERVE 16
/* Read-ahead windows (essay above): the first, and the largest. */
#define RA_MIN 32
#define RA_MAX 256
/* Read-ahead neighbours placed at one first touch, at most: a window. */
#define RUN_MAX RA_MAX
/* A run walked through that shows a scan: this many pages at least. */
#define WALK_MIN 4

void bp_trace_add(struct bp_region *r, uint32_t page)
{
	if (!bp.set.trace[0])
		return;
	if (r->trace_len == r->trace_cap) {
		size_t cap = r->trace_cap ? 2 * r->trace_cap : 1024;
		pf_page *t = realloc(r->trace, cap * sizeof(*t));
		if (!t)
			return;
		r->trace = t;
		r->trace_cap = cap;
	}
	r->trace[r->trace_len++] = page;
}

void bp_note_use(struct bp_region *r, uint32_t page)
{
	if (!(r->state[page] & PG_PREDICTED))
		return;
	r->state[page] &= (uint8_t)~PG_PREDICTED;
	r->n.used++;
	bp_trace_add(r, page);
	pf_observe_access(r->model, page);
	bp.learning = true;
}

static bool present(struct bp_region *r, uint32_t page)
{
	uint64_t entry;
	off_t at = (off_t)((r->base / BP_PAGE + page) * sizeof(entry));
	if (bp.pagemap < 0 || pread(bp.pagemap, &entry, sizeof(entry), at) != sizeof(entry))
		return true; /* cannot tell: assume the race, and let it fault again */
	return entry >> 63;
}

/* Predicted pages from..from+n-1, none held: to the readers, neighbours in
 * neighbouring slots; those no slot is left for are let go. */
static void queue_run(struct bp_region *r, uint32_t from, uint32_t n)
{
	while (n > 0) {
		uint32_t got;
		uint32_t s = bp_io_read_run(r, from, n, false, FAULT_RESERVE, &got);
		if (got == 0)
			break;
		for (uint32_t i = 0; i < got; i++) {
			r->state[from + i] = PG_PENDING | PG_PREDICTED;
			r->slot[from + i] = s + i;
		}
		r->n.prefetched += got;
		from += got;
		n -= got;
	}
	r->n.no_slot += n;
	for (; n > 0; from++, n--) {
		bp_budget_forget(r, from);
		pf_note_evicted(r->model, from);
	}
}

/* The largest window the budget and the slots allow. */
static uint32_t ra_limit(void)
{
	uint32_t max = RA_MAX;
	if (bp.capped && max > bp.budget / 4)
		max = bp.budget / 4;
	if (max > (bp.nslots - FAULT_RESERVE) / 4)
		max = (bp.nslots - FAULT_RESERVE) / 4;
	/* A budget that small would only evict what it reads ahead; and the
	 * faults are then the model's alone, as prefetch-sim replays them. */
	return max < RA_MIN ? 0 : max;
}

/* Read the window of size pages from `from` on (those within the file and
 * not held), admitted to the budget as one batch. */
static void read_window(struct bp_region *r, uint32_t from, uint32_t size)
{
	pf_page pages[RA_MAX];
	size_t n = 0;
	for (uint32_t q = from; q < from + size && q < r->file_pages; q++)
		if ((r->state[q] & PG_STATE) == PG_ABSENT)
			pages[n++] = q;
	r->ra_size = size;
	r->ra_next = from + size;
	r->ra_marker = r->ra_start;
	r->ra_start = from;
	if (n == 0)
		return;
	pf_note_mapped_pages(r->model, pages, n);
	bp_budget_admit(r, pages, n);
	uint64_t before = r->n.prefetched;
	for (size_t i = 0; i < n;) { /* what the budget admitted, in runs */
		size_t j = i + 1;
		while (j < n && pages[j] == pages[j - 1] + 1)
			j++;
		queue_run(r, pages[i], (uint32_t)(j - i));
		i = j;
	}
	r->n.ahead += r->n.prefetched - before;
}

/* The next window after the last, twice its size as far as allowed. */
static void read_ahead(struct bp_region *r, uint32_t from)
{
	uint32_t max = ra_limit(), size = r->ra_size ? 2 * r->ra_size : RA_MIN;
	if (size > max)
		size = max;
	if (size == 0 || from >= r->file_pages)
		return;
	read_window(r, from, size);
}

/* The batch's predicted pages not held yet go to the readers. */
static void queue_predicted(struct bp_region *r, const pf_page *batch, size_t n)
{
	for (size_t i = 1; i < n;) {
		if ((r->state[batch[i]] & PG_STATE) != PG_ABSENT) {
			i++;
			continue; /* held already: the batch made it young */
		}
		size_t j = i + 1;
		while (j < n && batch[j] == batch[j - 1] + 1 &&
		       (r->state[batch[j]] & PG_STATE) == PG_ABSENT)
			j++;
		queue_run(r, batch[i], (uint32_t)(j - i));
		i = j;
	}
}

/* p held nowhere: the fault proper. */
static void fault(struct bp_region *r, uint32_t page, bool write, uint64_t t0, bool sequential)
{
	pf_page batch[BP_BATCH_MAX];
	uint32_t max = bp.set.batch;
	if (bp.capped && max > bp.budget)
		max = bp.budget;
	r->n.faults++;
	r->fault_streak = page == r->last_fault ? r->fault_streak + 1 : 1;
	r->last_fault = page + 1;
	bp_trace_add(r, page);
	pf_observe_fault(r->model, page);
	size_t got = max > 1 ? pf_predict(r->model, page, batch + 1, max - 1) : 0;
	bp.learning = true;
	/* Keep what can be read: pages within the file, while slots last. */
	size_t n = 1;
	uint32_t room = bp.free_slots > FAULT_RESERVE + 1 ? bp.free_slots - FAULT_RESERVE - 1 : 0;
	batch[0] = page;
	for (size_t i = 1; i <= got; i++) {
		pf_page q = batch[i];
		if (q >= r->file_pages)
			continue;
		if ((r->state[q] & PG_STATE) == PG_ABSENT) {
			if (room == 0) {
				r->n.no_slot++;
				continue;
			}
			room--;
		}
		batch[n++] = q;
	}
	/* Told before the batch evicts, as the simulator tells it: the model
	 * scores its last prediction against residency as it was. */
	pf_note_mapped_pages(r->model, batch, n);
	bp_budget_admit(r, batch, n);
	uint32_t s = bp_io_read(r, page, true, 0);
	if (s == SLOT_NONE) { /* every slot busy: read it here, now */
		static unsigned char buf[BP_PAGE] __attribute__((aligned(BP_PAGE)));
		r->state[page] = PG_PENDING; /* (a reader's eviction sees it held) */
		ssize_t bytes = bp_read_page(r, page, buf);
		if (bytes > 0)
			r->n.bytes_read += (uint64_t)bytes;
		bp_place(r, page, buf, bytes, write);
		r->n.waits++;
		r->n.wait_ns += bp_now_ns() - t0;
	} else {
		bp.slots[s].wait_since = t0;
		if (write)
			bp.slots[s].flags |= SLOT_WRITE;
		r->state[page] = PG_PENDING;
		r->slot[page] = s;
	}
	queue_predicted(r, batch, n);
	if (sequential) { /* two windows: one to wait for, one read meanwhile */
		r->ra_start = page + 1;
		read_ahead(r, page + 1);
		read_ahead(r, r->ra_next);
	} else
		r->ra_size = 0; /* a new window starts small */
	if (s != SLOT_NONE)
		bp_io_read_here(s); /* the readers start on the rest meanwhile */
}

/* A walk through read-ahead neighbours (essay above): at the first touch
 * of a page, its neighbours after it that sit read in slots are placed
 * with it; they are taken as used when the program next touches the page
 * right after them, and left unused if it goes elsewhere. */
static void place_run(struct bp_region *r, uint32_t page)
{
	uint32_t q = page + 1;
	while (q < r->pages && q - page < RUN_MAX && q != r->ra_marker &&
	       (r->state[q] & PG_STATE) == PG_PENDING &&
	       (r->state[q] & PG_PREDICTED) && (bp.slots[r->slot[q]].flags & SLOT_READ) &&
	       !(bp.slots[r->slot[q]].flags & SLOT_WANTED)) {
		/* and with it the pages after it that sit in the slots after its */
		uint32_t n = 1;
		while (q + n < r->pages && q + n - page < RUN_MAX && q + n != r->ra_marker &&
		       (r->state[q + n] & PG_STATE) == PG_PENDING &&
		       (r->state[q + n] & PG_PREDICTED) && r->slot[q + n] == r->slot[q] + n &&
		       (bp.slots[r->slot[q + n]].flags & SLOT_READ) &&
		       !(bp.slots[r->slot[q + n]].flags & SLOT_WANTED))
			n++;
		bp_place_run(r, q, n);
		q += n;
	}
	r->walk_first = page + 1;
	r->walk_end = q;
}

/* The program touched page: did it walk through the last run placed? */
static void walked(struct bp_region *r, uint32_t page)
{
	if (r->walk_first < r->walk_end && page == r->walk_end)
		for (uint32_t q = r->walk_first; q < r->walk_end; q++)
			if ((r->state[q] & PG_STATE) == PG_MAPPED)
				bp_note_use(r, q);
	r->walk_first = r->walk_end = 0;
}

static void touch(struct bp_region *r, uint32_t page, bool write, uint64_t t0)
{
	uintptr_t addr = r->base + (uintptr_t)page * BP_PAGE;
	/* In sequence: the third fault in a row of neighbours, or past a run
	 * walked. A sparse reader meets two neighbours often enough (and runs
	 * of one or two predicted ones) that less would read ahead for it. */
	bool sequential = (r->fault_streak >= 2 && page == r->last_fault) ||
			  (r->walk_end >= r->walk_first + WALK_MIN && page == r->walk_end);
	walked(r, page);
	switch (r->state[page] & PG_STATE) {
	case PG_PENDING: {
		const struct bp_slot *sl = &bp.slots[r->slot[page]];
		bool read = sl->flags & SLOT_READ;
		if (!(sl->flags & (SLOT_READ | SLOT_WANTED)))
			r->n.late++; /* used, but still being read */
		bp_note_use(r, page);
		bp_wait_for(r, page, write, t0);
		if (page == r->ra_marker && r->ra_size > 0)
			read_ahead(r, r->ra_next); /* first: the run placed stops at its marker */
		if (read)
			place_run(r, page);
		return;
	}
	case PG_MAPPED:
		if (present(r, page)) {
			uffd_wake(&bp.uffd, addr, BP_PAGE);
			return;
		}
		/* dropped by the program: news we did not get */
		r->state[page] = PG_ABSENT;
		bp_budget_forget(r, page);
		pf_note_evicted(r->model, page);
		break;
	default:
		break;
	}
	fault(r, page, write, t0, sequential);
}

static void event(const struct uffd_msg *m, uint64_t t0)
{
	if (m->event != UFFD_EVENT_PAGEFAULT)
		return;
	uintptr_t addr = (uintptr_t)m->arg.pagefault.address & ~(uintptr_t)(BP_PAGE - 1);
	uint64_t flags = m->arg.pagefault.flags;
	struct bp_region *r = bp_region_at(addr);
	if (!r) { /* ended meanwhile: let it retry and meet what is there now */
		uffd_wake(&bp.uffd, addr, BP_PAGE);
		return;
	}
	uint32_t page = (uint32_t)((addr - r->base) / BP_PAGE);
	if (flags & UFFD_PAGEFAULT_FLAG_WP) { /* a first write to a placed page */
		r->state[page] |= PG_DIRTY;
		uffd_protect(&bp.uffd, addr, BP_PAGE, false);
		return;
	}
	touch(r, page, (flags & UFFD_PAGEFAULT_FLAG_WRITE) != 0, t0);
}

/* Learn a little of what some model kept; false when nothing is left. */
static bool learn_some(void)
{
	bool more = false;
	for (struct bp_region *r = bp.regions; r; r = r->next)
		if (pf_lessons(r->model) > 0 && pf_learn(r->model, LEARN_STEP) > 0)
			more = true;
	return more;
}

static void *pager(void *arg)
{
	(void)arg;
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	struct uffd_msg msgs[16];
	for (;;) {
		struct pollfd pfd = {.fd = bp.uffd.fd, .events = POLLIN};
		int ready = poll(&pfd, 1, bp.learning ? 0 : -1);
		if (ready == 0) {
			pthread_mutex_lock(&bp.lock);
			bp.learning = learn_some();
			pthread_mutex_unlock(&bp.lock);
			continue;
		}
		if (ready < 0)
			continue;
		ssize_t got = read(bp.uffd.fd, msgs, sizeof(msgs));
		if (got <= 0)
			continue; /* EAGAIN: another wake took it */
		uint64_t t0 = bp_now_ns();
		pthread_mutex_lock(&bp.lock);
		for (size_t i = 0; i < (size_t)got / sizeof(msgs[0]); i++)
			event(&msgs[i], t0);
		pthread_mutex_unlock(&bp.lock);
	}
	return NULL;
}

int bp_fault_start(void)
{
	pthread_t t;
	if (pthread_create(&t, NULL, pager, NULL) != 0)
		return -EAGAIN;
	pthread_detach(t);
	return 0;
}
