/*
 * successor.c - record and prefetch: which page followed which.
 *
 * For every page, up to WAYS successors seen right after it, with counts,
 * kept across runs. A prediction follows the chain of most frequent
 * successors from the faulting page: for a program whose next page depends
 * only on the current one (any deterministic walk), one earlier run is
 * enough to predict the rest of the walk exactly. When a page's table is
 * full, a new successor replaces the weakest, whose count is halved first
 * so one odd run does not erase a habit.
 *
 * Memory: WAYS * 8 bytes per page (32 bytes); prediction is O(max + cap).
 */
#include <string.h>
#include "model.h"

#define WAYS 4

struct succ_entry {
	uint32_t to;
	uint32_t count; /* 0: empty */
};

struct successor_state {
	uint32_t pages;
	struct succ_entry table[]; /* pages * WAYS */
};

static size_t successor_size(const struct pf_params *p)
{
	return sizeof(struct successor_state) + (size_t)p->pages * WAYS * sizeof(struct succ_entry);
}

static void successor_init(void *s, const struct pf_params *p)
{
	((struct successor_state *)s)->pages = p->pages;
}

/* Move row[i] up past the entries it now outcounts. */
static void rise(struct succ_entry *row, int i)
{
	for (; i > 0 && row[i].count > row[i - 1].count; i--) {
		struct succ_entry t = row[i];
		row[i] = row[i - 1];
		row[i - 1] = t;
	}
}

/* Count `count` more observations of from -> to. A row is kept in order of
 * count, the most frequent first (empty entries last), so a prediction
 * reads one entry per step and the weakest is the last. */
static void learn(struct successor_state *st, pf_page from, pf_page to, uint32_t count)
{
	struct succ_entry *row = &st->table[(size_t)from * WAYS];
	for (int i = 0; i < WAYS && row[i].count; i++)
		if (row[i].to == to) {
			row[i].count =
			    row[i].count > UINT32_MAX - count ? UINT32_MAX : row[i].count + count;
			rise(row, i);
			return;
		}
	struct succ_entry *weakest = &row[WAYS - 1];
	if (weakest->count > 1) { /* a habit loses half, not all */
		weakest->count /= 2;
		return;
	}
	weakest->to = to;
	weakest->count = count;
	rise(row, WAYS - 1);
}

static void successor_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	if (has_prev && prev != page)
		learn(s, prev, page, 1);
}

static bool best_successor(const struct successor_state *st, pf_page from, pf_page *to)
{
	const struct succ_entry *best = &st->table[(size_t)from * WAYS];
	if (best->count)
		*to = best->to;
	return best->count != 0;
}

static void successor_predict(void *s, struct pf_emit *out)
{
	struct pf_emit e = *out; /* in registers (model.h) */
	pf_page p = e.fault;
	/* Resident pages on the chain are stepped over, at most cap of them. */
	for (size_t steps = 0; steps < e.max + e.cap; steps++)
		if (!best_successor(s, p, &p) || !pf_emit(&e, p))
			break;
	out->n = e.n;
}

/* Profile section: count, then (from, to, count) triples. */
static size_t successor_save(const void *s, uint8_t *buf, size_t size)
{
	const struct successor_state *st = s;
	uint32_t n = 0;
	for (size_t i = 0; i < (size_t)st->pages * WAYS; i++)
		n += st->table[i].count != 0;
	uint8_t *p;
	size_t need = pf_section_begin(buf, size, PF_SECTION_SUCCESSOR, 4 + (size_t)n * 12, &p);
	if (!p)
		return need;
	pf_put32(p, n);
	p += 4;
	for (size_t i = 0; i < (size_t)st->pages * WAYS; i++) {
		if (!st->table[i].count)
			continue;
		pf_put32(p, (uint32_t)(i / WAYS));
		pf_put32(p + 4, st->table[i].to);
		pf_put32(p + 8, st->table[i].count);
		p += 12;
	}
	return need;
}

static int successor_check(const void *s, uint32_t type, const uint8_t *d, size_t len)
{
	const struct successor_state *st = s;
	if (type != PF_SECTION_SUCCESSOR)
		return PF_OK;
	if (len < 4 || (len - 4) / 12 != pf_get32(d) || (len - 4) % 12)
		return PF_ECORRUPT;
	for (uint32_t i = 0; i < pf_get32(d); i++) {
		const uint8_t *e = d + 4 + (size_t)i * 12;
		if (pf_get32(e) >= st->pages || pf_get32(e + 4) >= st->pages ||
		    pf_get32(e + 8) == 0)
			return PF_ECORRUPT;
	}
	return PF_OK;
}

static void successor_apply(void *s, uint32_t type, const uint8_t *d, size_t len)
{
	(void)len;
	if (type != PF_SECTION_SUCCESSOR)
		return;
	for (uint32_t i = 0; i < pf_get32(d); i++) {
		const uint8_t *e = d + 4 + (size_t)i * 12;
		learn(s, pf_get32(e), pf_get32(e + 4), pf_get32(e + 8));
	}
}

const struct pf_predictor_ops pf_successor_ops = {
    .state_size = successor_size,
    .init = successor_init,
    .access = successor_access,
    .predict = successor_predict,
    .save = successor_save,
    .check = successor_check,
    .apply = successor_apply,
};
