/*
 * delta.c - delta correlation: which step follows which.
 *
 * Many programs move through memory by a rule that depends on where they
 * are, not on the absolute page: the next step is a function of the last
 * one or two steps. This predictor learns, across runs, which delta
 * followed each delta (order 1) and each pair of deltas (order 2), with
 * counts, and predicts by replaying the most frequent continuation from the
 * fault: the order-2 table when it knows the pair, else order 1 (as in the
 * delta-correlating prefetchers, Nesbit and Smith's GHB/DC). Unlike the
 * successor graph it generalizes to pages it has never seen: a walk from a
 * new start that follows the same rule is predicted on its second step.
 *
 * Tables are fixed-size and direct-mapped by a hash of the key (an entry
 * keeps its key, so a collision only replaces, never confuses).
 * Memory: fixed, TABLE * 16 bytes per order (about 128 KiB).
 */
#include "model.h"

#define TABLE 4096

struct delta_entry {
	int32_t k1, k2; /* the key: previous deltas (k1 unused for order 1) */
	int32_t next;	/* the delta that followed */
	uint32_t count; /* 0: empty */
};

struct delta_state {
	struct delta_entry order1[TABLE], order2[TABLE];
	int32_t d1, d2; /* the last two deltas of this run */
	unsigned known; /* how many of them are valid (0..2) */
};

static size_t delta_size(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct delta_state);
}

static uint32_t slot(int32_t a, int32_t b)
{
	uint32_t h = (uint32_t)a * 2654435761u ^ (uint32_t)b * 40503u;
	return (h ^ (h >> 15)) % TABLE;
}

static void learn(struct delta_entry *e, int32_t k1, int32_t k2, int32_t next, uint32_t count)
{
	if (e->count && e->k1 == k1 && e->k2 == k2) {
		if (e->next == next)
			e->count = e->count > UINT32_MAX - count ? UINT32_MAX : e->count + count;
		else if (--e->count == 0) /* a different habit wins slowly */
			e->next = next, e->count = 1;
		return;
	}
	if (e->count > 1) { /* another key holds the slot: it fades first */
		e->count /= 2;
		return;
	}
	e->k1 = k1;
	e->k2 = k2;
	e->next = next;
	e->count = count;
}

static void delta_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct delta_state *st = s;
	if (!has_prev || prev == page)
		return;
	int32_t d = (int32_t)page - (int32_t)prev;
	if (st->known >= 1)
		learn(&st->order1[slot(0, st->d2)], 0, st->d2, d, 1);
	if (st->known >= 2)
		learn(&st->order2[slot(st->d1, st->d2)], st->d1, st->d2, d, 1);
	st->d1 = st->d2;
	st->d2 = d;
	if (st->known < 2)
		st->known++;
}

static void delta_run_begin(void *s)
{
	((struct delta_state *)s)->known = 0;
}

static bool next_delta(const struct delta_state *st, int32_t d1, int32_t d2, unsigned known,
		       int32_t *next)
{
	const struct delta_entry *e2 = &st->order2[slot(d1, d2)];
	const struct delta_entry *e1 = &st->order1[slot(0, d2)];
	if (known >= 2 && e2->count && e2->k1 == d1 && e2->k2 == d2) {
		*next = e2->next;
		return true;
	}
	if (known >= 1 && e1->count && e1->k2 == d2) {
		*next = e1->next;
		return true;
	}
	return false;
}

static void delta_predict(void *s, struct pf_emit *e)
{
	const struct delta_state *st = s;
	int32_t d1 = st->d1, d2 = st->d2, d;
	unsigned known = st->known;
	int64_t p = e->fault;
	for (size_t steps = 0; steps < e->max + e->cap; steps++) {
		if (!next_delta(st, d1, d2, known, &d))
			return;
		p += d;
		if (p < 0 || p >= (int64_t)e->pages || !pf_emit(e, (pf_page)p))
			return;
		d1 = d2;
		d2 = d;
		known = 2;
	}
}

/* Profile section: n, then (order, k1, k2, next, count) entries. */
static size_t delta_save(const void *s, uint8_t *buf, size_t size)
{
	const struct delta_state *st = s;
	uint32_t n = 0;
	for (int i = 0; i < TABLE; i++)
		n += (st->order1[i].count != 0) + (st->order2[i].count != 0);
	uint8_t *p;
	size_t need = pf_section_begin(buf, size, PF_SECTION_DELTA, 4 + (size_t)n * 20, &p);
	if (!p)
		return need;
	pf_put32(p, n);
	p += 4;
	for (int order = 1; order <= 2; order++)
		for (int i = 0; i < TABLE; i++) {
			const struct delta_entry *e = order == 1 ? &st->order1[i] : &st->order2[i];
			if (!e->count)
				continue;
			pf_put32(p, (uint32_t)order);
			pf_put32(p + 4, (uint32_t)e->k1);
			pf_put32(p + 8, (uint32_t)e->k2);
			pf_put32(p + 12, (uint32_t)e->next);
			pf_put32(p + 16, e->count);
			p += 20;
		}
	return need;
}

static int delta_check(const void *s, uint32_t type, const uint8_t *d, size_t len)
{
	(void)s;
	if (type != PF_SECTION_DELTA)
		return PF_OK;
	if (len < 4 || (len - 4) % 20 || (len - 4) / 20 != pf_get32(d))
		return PF_ECORRUPT;
	for (uint32_t i = 0; i < pf_get32(d); i++) {
		const uint8_t *e = d + 4 + (size_t)i * 20;
		uint32_t order = pf_get32(e);
		if ((order != 1 && order != 2) || (order == 1 && pf_get32(e + 4) != 0) ||
		    pf_get32(e + 16) == 0)
			return PF_ECORRUPT;
	}
	return PF_OK;
}

static void delta_apply(void *s, uint32_t type, const uint8_t *d, size_t len)
{
	struct delta_state *st = s;
	(void)len;
	if (type != PF_SECTION_DELTA)
		return;
	for (uint32_t i = 0; i < pf_get32(d); i++) {
		const uint8_t *e = d + 4 + (size_t)i * 20;
		int32_t k1 = (int32_t)pf_get32(e + 4), k2 = (int32_t)pf_get32(e + 8);
		struct delta_entry *t =
		    pf_get32(e) == 1 ? &st->order1[slot(0, k2)] : &st->order2[slot(k1, k2)];
		learn(t, k1, k2, (int32_t)pf_get32(e + 12), pf_get32(e + 16));
	}
}

const struct pf_predictor_ops pf_delta_ops = {
    .state_size = delta_size,
    .access = delta_access,
    .run_begin = delta_run_begin,
    .predict = delta_predict,
    .needs_recent = pf_always_recent,
    .save = delta_save,
    .check = delta_check,
    .apply = delta_apply,
};
