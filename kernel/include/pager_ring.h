/*
 * pager_ring.h - the ring a user-level pager reads its messages from.
 *
 * The ring lives in the pager's own memory (struct bower_pager_ring). Its
 * pages are pinned when the pager registers, and the kernel keeps their
 * physical addresses, so posting a message or reading how far the pager
 * has read is a plain memory access through the direct map: no walk of the
 * pager's regions, nothing that can fault or sleep.
 */
#ifndef KERNEL_PAGER_RING_H
#define KERNEL_PAGER_RING_H

#include <types.h>
#include <bower/abi.h>

struct vmspace;

struct pager_ring {
	uintptr_t va; /* where the pager sees it */
	paddr_t *pages;
	size_t npages;
	unsigned long slots, head, dropped;
	/* The header's words in the kernel's view (8-byte words at 8-aligned
	 * offsets of an 8-aligned ring: each lies in one page). */
	unsigned long *head_word, *tail_word, *dropped_word;
};

/* Check that [va, va + the ring's size) lies in one writable, non-file
 * mapping of vs, pin its pages and write the empty header: 0, -EINVAL or
 * -ENOMEM. */
int pager_ring_attach(struct pager_ring *r, struct vmspace *vs, uintptr_t va, unsigned long slots);
void pager_ring_release(struct pager_ring *r);
/* Unread messages; a pager that wrote nonsense in tail gets a full ring
 * (only its own clients wait). */
unsigned long pager_ring_used(struct pager_ring *r);
/* Append one message (the caller has checked there is room). */
void pager_ring_post(struct pager_ring *r, const struct bower_pager_msg *msg);
/* News found no room: count its pieces where the pager can see. */
void pager_ring_count_dropped(struct pager_ring *r, unsigned pieces);

#endif
