/*
 * io.c - staging slots and the threads that fill them from files.
 *
 * A page is read into a slot of the pager's own memory, then placed in the
 * mapping with UFFDIO_COPY. A slot holds one page from the moment it is
 * asked for until it is placed, or dropped unused. The faulting page is
 * read by the pager thread itself, at once (bp_io_read_here), while reader
 * threads take the predicted pages from a queue: the read a thread waits
 * for never waits behind predictions, nor for a hand-over to another
 * thread.
 *
 * Several reads in flight come from several reader threads, each blocked
 * in one pread (BOWER_PAGER_READERS, 4 by default; docs/linux.md has the
 * measurements behind the choice). Reads use an O_DIRECT descriptor where
 * the file system allows it, so they leave no page-cache pages behind to
 * count against the program's memory; otherwise they are cached reads
 * followed by POSIX_FADV_DONTNEED on what was read.
 *
 * Slots are few (at most SLOTS_MAX, 4 MiB) and reused lowest first;
 * their memory is kept when freed (returning it cost a system call and a
 * TLB flush per page), so the pool costs at most its size beside the
 * budget: docs/linux.md counts it.
 *
 * When a read completes, everything is decided under bp.lock: the region
 * may be gone (dead: drop), the page may have been evicted meanwhile
 * (cancelled: drop, unless a thread waits, which is then served anyway and
 * the page admitted again), a thread may wait (place it now) or nobody
 * (keep it read: the first touch places it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "pager.h"

unsigned char *bp_slot_mem(uint32_t s)
{
	return bp.slot_mem + (size_t)s * BP_PAGE;
}

static void push(uint32_t *head, uint32_t *tail, uint32_t s)
{
	bp.slots[s].next = SLOT_NONE;
	if (*tail == SLOT_NONE)
		*head = s;
	else
		bp.slots[*tail].next = s;
	*tail = s;
}

static uint32_t pop(uint32_t *head, uint32_t *tail)
{
	uint32_t s = *head;
	if (s != SLOT_NONE) {
		*head = bp.slots[s].next;
		if (*head == SLOT_NONE)
			*tail = SLOT_NONE;
	}
	return s;
}

/* Free slots are a bitmap, so that a run of neighbouring pages can take a
 * run of neighbouring slots: its pages then sit in one piece of memory and
 * are placed with one UFFDIO_COPY (bp_place_run), not one per page. */
static bool slot_is_free(uint32_t s)
{
	return bp.free_map[s / 64] >> (s % 64) & 1;
}

/* The first free slot, and up to want-1 free slots right after it. */
static uint32_t slots_take(uint32_t want, uint32_t *got)
{
	uint32_t s = SLOT_NONE;
	for (uint32_t w = 0; w < (bp.nslots + 63) / 64; w++)
		if (bp.free_map[w]) {
			s = w * 64 + (uint32_t)__builtin_ctzll(bp.free_map[w]);
			break;
		}
	*got = 0;
	if (s == SLOT_NONE)
		return s;
	while (*got < want && s + *got < bp.nslots && slot_is_free(s + *got)) {
		uint32_t t = s + *got;
		bp.free_map[t / 64] &= ~(1ull << (t % 64));
		(*got)++;
	}
	bp.free_slots -= *got;
	return s;
}

void bp_slot_free(uint32_t s)
{
	struct bp_slot *sl = &bp.slots[s];
	struct bp_region *r = sl->region;
	*sl = (struct bp_slot){.next = SLOT_NONE};
	bp.free_map[s / 64] |= 1ull << (s % 64);
	bp.free_slots++;
	if (r) {
		r->inflight--;
		bp_region_put(r);
	}
}

uint32_t bp_io_read_run(struct bp_region *r, uint32_t page, uint32_t n, bool urgent,
			uint32_t reserve, uint32_t *got)
{
	*got = 0;
	if (bp.free_slots <= reserve)
		return SLOT_NONE;
	if (n > bp.free_slots - reserve)
		n = bp.free_slots - reserve;
	uint32_t first = slots_take(n, got);
	for (uint32_t i = 0; i < *got; i++) {
		uint32_t s = first + i;
		bp.slots[s] = (struct bp_slot){
		    .region = r, .page = page + i, .flags = urgent ? SLOT_WANTED : 0};
		r->inflight++;
		if (!urgent)
			push(&bp.ahead_head, &bp.ahead_tail, s);
	}
	if (!urgent && *got > 0)
		pthread_cond_broadcast(&bp.work);
	return first;
}

uint32_t bp_io_read(struct bp_region *r, uint32_t page, bool urgent, uint32_t reserve)
{
	uint32_t got;
	uint32_t s = bp_io_read_run(r, page, 1, urgent, reserve, &got);
	return got ? s : SLOT_NONE;
}

ssize_t bp_read_pages(struct bp_region *r, uint32_t page, unsigned char *const *bufs, unsigned n)
{
	struct iovec iov[READ_RUN_MAX];
	off_t at = r->offset + (off_t)page * BP_PAGE;
	ssize_t got;
	for (unsigned i = 0; i < n; i++)
		iov[i] = (struct iovec){.iov_base = bufs[i], .iov_len = BP_PAGE};
	if (r->direct_fd >= 0 && !r->direct_refused) {
		do
			got = preadv(r->direct_fd, iov, (int)n, at);
		while (got < 0 && errno == EINTR);
		if (got >= 0 || errno != EINVAL)
			return got < 0 ? -errno : got;
		r->direct_refused =
		    true; /* this file system refuses O_DIRECT: cached from now on */
	}
	do
		got = preadv(r->fd, iov, (int)n, at);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return -errno;
	if (bp.set.direct_io && !r->shared_write) /* leave no page cache behind */
		posix_fadvise(r->fd, at, (off_t)n * BP_PAGE, POSIX_FADV_DONTNEED);
	return got;
}

ssize_t bp_read_page(struct bp_region *r, uint32_t page, unsigned char *buf)
{
	return bp_read_pages(r, page, &buf, 1);
}

/* page of r is in the mapping now: its state says so, and whether it is
 * dirty from the start (written by this fault, or of a shared writable
 * mapping placed without write protection, whose writes nobody sees). */
static void placed(struct bp_region *r, uint32_t page, bool write)
{
	r->state[page] = (uint8_t)(PG_MAPPED | (r->state[page] & PG_PREDICTED) |
				   (r->shared_write && !r->wp ? PG_DIRTY : 0) |
				   (write && r->shared_write ? PG_DIRTY : 0));
}

void bp_place(struct bp_region *r, uint32_t page, unsigned char *buf, ssize_t got, bool write)
{
	uintptr_t addr = r->base + (uintptr_t)page * BP_PAGE;
	if (got <= 0) { /* past the file's end (or unreadable): SIGBUS, as Linux does */
		r->state[page] = PG_ABSENT;
		bp_budget_forget(r, page);
		pf_note_evicted(r->model, page);
		if (uffd_poison(&bp.uffd, addr, BP_PAGE) < 0)
			uffd_wake(&bp.uffd, addr, BP_PAGE); /* no poison: it faults again */
		return;
	}
	if (got < BP_PAGE)
		memset(buf + got, 0, BP_PAGE - (size_t)got);
	/* A write fault's page is dirty from the start; any other page of a
	 * written-back mapping is placed protected, so a write shows. */
	bool protect = r->wp && !write;
	int err = uffd_copy(&bp.uffd, addr, buf, BP_PAGE, protect);
	if (err == -EEXIST) {
		uffd_wake(&bp.uffd, addr, BP_PAGE);
	} else if (err < 0) { /* the range is not ours any more (unmapped behind us) */
		r->state[page] = PG_ABSENT;
		bp_budget_forget(r, page);
		return;
	}
	placed(r, page, write);
}

void bp_place_run(struct bp_region *r, uint32_t page, uint32_t n)
{
	uint32_t s = r->slot[page];
	uintptr_t addr = r->base + (uintptr_t)page * BP_PAGE;
	int err = uffd_copy(&bp.uffd, addr, bp_slot_mem(s), (size_t)n * BP_PAGE, r->wp);
	for (uint32_t i = 0; i < n; i++) {
		r->slot[page + i] = SLOT_NONE;
		if (err < 0) /* some page is there already, or the range went: one by one */
			bp_place(r, page + i, bp_slot_mem(s + i), BP_PAGE, false);
		else
			placed(r, page + i, false);
		bp_slot_free(s + i);
	}
}

void bp_wait_for(struct bp_region *r, uint32_t page, bool write, uint64_t since)
{
	uint32_t s = r->slot[page];
	struct bp_slot *sl = &bp.slots[s];
	if (sl->flags & SLOT_READ) { /* read already: place it now */
		r->slot[page] = SLOT_NONE;
		bp_place(r, page, bp_slot_mem(s), BP_PAGE, write);
		bp_slot_free(s);
		return;
	}
	sl->flags |= SLOT_WANTED | (write ? SLOT_WRITE : 0);
	if (!sl->wait_since)
		sl->wait_since = since;
}

/* A read finished: see the essay above. Called with bp.lock held. */
static void complete(uint32_t s, ssize_t got)
{
	struct bp_slot *sl = &bp.slots[s];
	struct bp_region *r = sl->region;
	uint32_t page = sl->page;
	sl->flags |= SLOT_READ;
	if (got > 0)
		r->n.bytes_read += (uint64_t)got;
	if (r->dead || ((sl->flags & SLOT_CANCELLED) && !(sl->flags & SLOT_WANTED))) {
		bp_slot_free(s);
		return;
	}
	if (sl->flags & SLOT_CANCELLED) { /* evicted while a thread waited for it */
		if ((r->state[page] & PG_STATE) != PG_ABSENT) {
			/* held again meanwhile: by a read of its own, which the
			 * waiter now waits for, or placed (and the waiter woken) */
			if ((r->state[page] & PG_STATE) == PG_PENDING)
				bp_wait_for(r, page, sl->flags & SLOT_WRITE, sl->wait_since);
			bp_slot_free(s);
			return;
		}
		pf_page one = page;
		bp_budget_admit(r, &one, 1);
		pf_note_mapped(r->model, page);
	}
	if (got <= 0 && !(sl->flags & SLOT_WANTED)) { /* a prediction past the end */
		r->state[page] = PG_ABSENT;
		r->slot[page] = SLOT_NONE;
		bp_budget_forget(r, page);
		pf_note_evicted(r->model, page);
		bp_slot_free(s);
		return;
	}
	if (!(sl->flags & SLOT_WANTED))
		return; /* read ahead: the first touch places it */
	if (sl->wait_since) {
		r->n.waits++;
		r->n.wait_ns += bp_now_ns() - sl->wait_since;
	}
	r->slot[page] = SLOT_NONE;
	bp_place(r, page, bp_slot_mem(s), got, sl->flags & SLOT_WRITE);
	bp_slot_free(s);
}

void bp_io_read_here(uint32_t s)
{
	struct bp_region *r = bp.slots[s].region;
	uint32_t page = bp.slots[s].page;
	pthread_mutex_unlock(&bp.lock);
	ssize_t got = bp_read_page(r, page, bp_slot_mem(s)); /* r is held by the slot */
	pthread_mutex_lock(&bp.lock);
	complete(s, got);
}

/* Take the next predicted read from the queue, with the queued reads of
 * the pages right after it in the same mapping (a batch's pages are often
 * neighbours): one request for the run, not one per page. */
static unsigned take_run(uint32_t *run)
{
	unsigned n = 0;
	while (n < READ_RUN_MAX) {
		uint32_t s = bp.ahead_head;
		if (s == SLOT_NONE)
			break;
		struct bp_slot *sl = &bp.slots[s];
		if (n > 0 && (sl->region != bp.slots[run[0]].region ||
			      sl->page != bp.slots[run[0]].page + n))
			break;
		pop(&bp.ahead_head, &bp.ahead_tail);
		if (sl->region->dead ||
		    ((sl->flags & SLOT_CANCELLED) && !(sl->flags & SLOT_WANTED))) {
			bp_slot_free(s); /* nobody wants it any more: not read at all */
			if (n > 0)
				break;
			continue;
		}
		run[n++] = s;
	}
	return n;
}

static void *reader(void *arg)
{
	(void)arg;
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	pthread_mutex_lock(&bp.lock);
	for (;;) {
		uint32_t run[READ_RUN_MAX];
		unsigned char *bufs[READ_RUN_MAX];
		unsigned n = take_run(run);
		if (n == 0) {
			pthread_cond_wait(&bp.work, &bp.lock);
			continue;
		}
		struct bp_region *r = bp.slots[run[0]].region;
		uint32_t page = bp.slots[run[0]].page;
		for (unsigned i = 0; i < n; i++)
			bufs[i] = bp_slot_mem(run[i]);
		pthread_mutex_unlock(&bp.lock);
		/* r stays allocated while these slots name it (inflight). */
		ssize_t got = bp_read_pages(r, page, bufs, n);
		pthread_mutex_lock(&bp.lock);
		for (unsigned i = 0; i < n; i++) { /* each page gets its part */
			ssize_t part = got < 0 ? got : got - (ssize_t)i * BP_PAGE;
			complete(run[i], part < 0 && got >= 0 ? 0
					 : part > BP_PAGE     ? BP_PAGE
							      : part);
		}
	}
	return NULL;
}

int bp_io_start(uint32_t nslots, unsigned readers)
{
	bp.nslots = nslots;
	bp.slots = calloc(nslots, sizeof(*bp.slots));
	bp.slot_mem = (unsigned char *)syscall(SYS_mmap, NULL, (size_t)nslots * BP_PAGE,
					       PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!bp.slots || bp.slot_mem == MAP_FAILED)
		return -ENOMEM;
	for (uint32_t s = 0; s < nslots; s++)
		bp.free_map[s / 64] |= 1ull << (s % 64);
	bp.free_slots = nslots;
	bp.ahead_head = bp.ahead_tail = SLOT_NONE;
	pthread_cond_init(&bp.work, NULL);
	for (unsigned i = 0; i < readers; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, reader, NULL) != 0)
			return -EAGAIN;
		pthread_detach(t);
	}
	return 0;
}
