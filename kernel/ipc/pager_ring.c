/*
 * pager_ring.c - the pager's message ring, pinned (see pager_ring.h).
 */
#include <pager_ring.h>
#include <vmspace.h>
#include <pmo.h>
#include <pmm.h>
#include <slab.h>
#include <mmio.h>
#include <string.h>
#include <stddef.h>

_Static_assert(sizeof(struct bower_pager_msg) % 8 == 0, "messages are stored in words");

static size_t ring_bytes(unsigned long slots)
{
	return sizeof(struct bower_pager_ring) + slots * sizeof(struct bower_pager_msg);
}

/* Copy to or from the ring at byte offset off, across page boundaries. */
static void ring_copy(struct pager_ring *r, size_t off, void *buf, size_t len, bool to_ring)
{
	char *b = buf;
	while (len) {
		size_t at = (r->va & (PAGE_SIZE - 1)) + off;
		char *kva = (char *)KVA(r->pages[at / PAGE_SIZE]) + at % PAGE_SIZE;
		size_t n = MIN(len, PAGE_SIZE - at % PAGE_SIZE);
		if (to_ring)
			memcpy(kva, b, n);
		else
			memcpy(b, kva, n);
		off += n, b += n, len -= n;
	}
}

/* Where byte off of the ring is in the kernel's view, if the len bytes from
 * there lie in one page (always so for the header's words, which are 8
 * bytes at 8-aligned offsets of an 8-aligned ring): NULL otherwise. */
static void *ring_at(struct pager_ring *r, size_t off, size_t len)
{
	size_t at = (r->va & (PAGE_SIZE - 1)) + off;
	if (at % PAGE_SIZE + len > PAGE_SIZE)
		return NULL;
	return (char *)KVA(r->pages[at / PAGE_SIZE]) + at % PAGE_SIZE;
}

static unsigned long *ring_word(struct pager_ring *r, size_t off)
{
	return ring_at(r, off, sizeof(unsigned long));
}

int pager_ring_attach(struct pager_ring *r, struct vmspace *vs, uintptr_t va, unsigned long slots)
{
	size_t size = ring_bytes(slots);
	struct vmregion *reg = vmspace_find_region(vs, va);
	if (!reg || !IS_ALIGNED(va, 8) || !(reg->perm & VM_WRITE) || reg->pmo->kind == PMO_FILE ||
	    reg->pmo->kind == PMO_DEVICE || /* registers, not pages to pin */
	    va + size > reg->start + reg->len || va + size < va)
		return -BOWER_EINVAL;
	vaddr_t first = ALIGN_DOWN(va, PAGE_SIZE);
	size_t npages = (ALIGN_UP(va + size, PAGE_SIZE) - first) / PAGE_SIZE;
	*r = (struct pager_ring){.va = va, .slots = slots};
	r->pages = kzalloc(npages * sizeof(paddr_t));
	if (!r->pages)
		return -BOWER_ENOMEM;
	for (; r->npages < npages; r->npages++) {
		vaddr_t page_va = first + r->npages * PAGE_SIZE;
		size_t index = reg->pmo_first_page + (page_va - reg->start) / PAGE_SIZE;
		paddr_t pa;
		if (reg->pmo->ops->get_page(reg->pmo, index, &pa) < 0) {
			pager_ring_release(r);
			return -BOWER_ENOMEM;
		}
		page_ref(pa); /* it stays, whatever the pager does to its mapping */
		r->pages[r->npages] = pa;
	}
	struct bower_pager_ring header = {.slots = slots};
	ring_copy(r, 0, &header, sizeof(header), true);
	r->head_word = ring_word(r, offsetof(struct bower_pager_ring, head));
	r->tail_word = ring_word(r, offsetof(struct bower_pager_ring, tail));
	r->dropped_word = ring_word(r, offsetof(struct bower_pager_ring, dropped));
	return 0;
}

void pager_ring_release(struct pager_ring *r)
{
	for (size_t i = 0; i < r->npages; i++)
		page_unref(r->pages[i]);
	kfree(r->pages);
	r->pages = NULL;
	r->npages = 0;
}

unsigned long pager_ring_used(struct pager_ring *r)
{
	unsigned long tail = __atomic_load_n(r->tail_word, __ATOMIC_RELAXED);
	if (tail > r->head || r->head - tail > r->slots)
		return r->slots;
	return r->head - tail;
}

void pager_ring_post(struct pager_ring *r, const struct bower_pager_msg *msg)
{
	size_t at = sizeof(struct bower_pager_ring) + (r->head % r->slots) * sizeof(*msg);
	uint64_t *slot = ring_at(r, at, sizeof(*msg));
	if (slot) { /* one page, as most slots are: word stores, not a memcpy call */
		const uint64_t *words = (const uint64_t *)msg;
		for (size_t i = 0; i < sizeof(*msg) / 8; i++)
			slot[i] = words[i];
	} else
		ring_copy(r, at, (void *)msg, sizeof(*msg), true);
	r->head++;
	/* The message is in place before the pager can see the new head. */
	__atomic_store_n(r->head_word, r->head, __ATOMIC_RELEASE);
}

void pager_ring_count_dropped(struct pager_ring *r, unsigned pieces)
{
	r->dropped += pieces;
	*r->dropped_word = r->dropped;
}
