/*
 * hotset.c - the pages most runs touch, as PowerInfer keeps hot neurons.
 *
 * Every page counts the runs that touched it. At the end of each run the
 * hot set is rebuilt: the pages touched in at least half of the recent
 * runs, in address order. Recent, because what is hot drifts (an LLM's
 * hot neurons move as its inputs do): when the runs counted reach
 * RECENT, they and every page's count are halved, so a page that has
 * become hot joins the set within about RECENT / 2 runs and one that has
 * cooled leaves as fast, where counting every run since the first would
 * take as many runs as it had been hot. A page touched by each of the last
 * two runs is hot too: one that has just become hot (the drift) is
 * predicted from the next run on, not after about RECENT / 2 runs, while a
 * page touched once (noise) is not. A prediction is the next hot pages after the
 * fault, in address order: a program that walks its hot pages upwards
 * finds each batch holding what it touches next.
 *
 * The rebuild is O(pages) once per run, never per fault; a prediction is a
 * binary search and O(max + cap). Memory: 10 bytes per page. The last two
 * runs are not in a profile: a model loaded from one counts runs again.
 */
#include "model.h"

#define RECENT 16 /* runs counted before the counts are halved */

struct hotset_state {
	uint32_t pages;
	uint32_t runs;
	uint32_t nhot;
	uint32_t *count;  /* runs that touched each page */
	uint32_t *hot;	  /* hot pages, ascending */
	uint8_t *touched; /* this run */
	uint8_t *lately;  /* bit 0: touched by the last run, bit 1: by the one before */
	uint32_t data[];  /* count[pages], hot[pages], then touched[] and lately[] bytes */
};

static size_t hotset_size(const struct pf_params *p)
{
	return sizeof(struct hotset_state) + (size_t)p->pages * (2 * sizeof(uint32_t) + 2);
}

static void hotset_init(void *s, const struct pf_params *p)
{
	struct hotset_state *st = s;
	st->pages = p->pages;
	st->count = st->data;
	st->hot = st->data + p->pages;
	st->touched = (uint8_t *)(st->data + 2 * (size_t)p->pages);
	st->lately = st->touched + p->pages;
}

static void hotset_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct hotset_state *st = s;
	(void)has_prev;
	(void)prev;
	st->touched[page] = 1;
}

static void rebuild(struct hotset_state *st)
{
	st->nhot = 0;
	for (uint32_t p = 0; p < st->pages; p++)
		if ((st->count[p] && 2 * (uint64_t)st->count[p] >= st->runs) ||
		    (st->lately[p] & 3) == 3)
			st->hot[st->nhot++] = p;
}

static void hotset_run_end(void *s)
{
	struct hotset_state *st = s;
	bool any = false;
	for (uint32_t p = 0; p < st->pages && !any; p++)
		any = st->touched[p];
	if (!any)
		return; /* a run that touched nothing is not counted */
	for (uint32_t p = 0; p < st->pages; p++) {
		st->lately[p] = (uint8_t)(st->lately[p] << 1 | st->touched[p]);
		if (st->touched[p]) {
			st->touched[p] = 0;
			st->count[p]++;
		}
	}
	st->runs++;
	while (st->runs >= RECENT) {
		st->runs /= 2;
		for (uint32_t p = 0; p < st->pages; p++)
			st->count[p] /= 2;
	}
	rebuild(st);
}

static void hotset_predict(void *s, struct pf_emit *e)
{
	const struct hotset_state *st = s;
	uint32_t lo = 0, hi = st->nhot; /* first hot page above the fault */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (st->hot[mid] <= e->fault)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t i = lo; i < st->nhot && i < lo + e->max + e->cap; i++)
		if (!pf_emit(e, st->hot[i]))
			return;
}

/* Profile section: runs, count, then (page, runs touched) pairs. */
static size_t hotset_save(const void *s, uint8_t *buf, size_t size)
{
	const struct hotset_state *st = s;
	uint32_t n = 0;
	for (uint32_t p = 0; p < st->pages; p++)
		n += st->count[p] != 0;
	uint8_t *p;
	size_t need = pf_section_begin(buf, size, PF_SECTION_HOTSET, 8 + (size_t)n * 8, &p);
	if (!p)
		return need;
	pf_put32(p, st->runs);
	pf_put32(p + 4, n);
	p += 8;
	for (uint32_t page = 0; page < st->pages; page++) {
		if (!st->count[page])
			continue;
		pf_put32(p, page);
		pf_put32(p + 4, st->count[page]);
		p += 8;
	}
	return need;
}

static int hotset_check(const void *s, uint32_t type, const uint8_t *d, size_t len)
{
	const struct hotset_state *st = s;
	if (type != PF_SECTION_HOTSET)
		return PF_OK;
	if (len < 8 || (len - 8) % 8 || (len - 8) / 8 != pf_get32(d + 4))
		return PF_ECORRUPT;
	uint32_t runs = pf_get32(d);
	for (uint32_t i = 0; i < pf_get32(d + 4); i++) {
		const uint8_t *e = d + 8 + (size_t)i * 8;
		if (pf_get32(e) >= st->pages || pf_get32(e + 4) == 0 || pf_get32(e + 4) > runs)
			return PF_ECORRUPT;
	}
	return PF_OK;
}

static uint32_t add_sat(uint32_t a, uint32_t b)
{
	return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

static void hotset_apply(void *s, uint32_t type, const uint8_t *d, size_t len)
{
	struct hotset_state *st = s;
	(void)len;
	if (type != PF_SECTION_HOTSET)
		return;
	st->runs = add_sat(st->runs, pf_get32(d));
	for (uint32_t i = 0; i < pf_get32(d + 4); i++) {
		const uint8_t *e = d + 8 + (size_t)i * 8;
		st->count[pf_get32(e)] = add_sat(st->count[pf_get32(e)], pf_get32(e + 4));
	}
	rebuild(st);
}

const struct pf_predictor_ops pf_hotset_ops = {
    .state_size = hotset_size,
    .init = hotset_init,
    .access = hotset_access,
    .run_end = hotset_run_end,
    .predict = hotset_predict,
    .save = hotset_save,
    .check = hotset_check,
    .apply = hotset_apply,
};
