/*
 * model.c - the model: residency, the access stream, and dispatch.
 *
 * Residency is a byte per page, kept from the host's pf_note_mapped and
 * pf_note_evicted, so a prediction never names a page that is already
 * there. Faults and reported accesses form one stream in program order,
 * which is what the predictors learn from.
 *
 * How many pages a prediction may name: never more than cap - 1 for the
 * batch (more would evict pages of the same batch), and `hold` more that
 * the host keeps for the fault that ends the batch's run: it maps them
 * then as the next batch, without asking (the model hears of them as
 * mapped pages when they are). A prediction may name again a page it
 * predicted earlier that is resident and still unused: the host then keeps
 * it and makes it young (it moves to the new end of the eviction order).
 * That is how good predictions survive a surprise fault: the next batch
 * names them again instead of letting the oldest-first eviction take them.
 *
 * Learning later (learn_later): the accesses wait in a ring, in program
 * order, and the predictor sees them when pf_learn (or a prediction made
 * off track, or a run's edge) replays them. The stream the predictor sees
 * is the same either way; what changes is only when. On track means the
 * last prediction was right as far as the host let it be: since then the
 * program used pages it put in, and none of them is still waiting to be
 * used or went unused.
 */
#include <stdlib.h>
#include <string.h>
#include "model.h"

struct pf_model {
	struct pf_params params;
	const struct pf_predictor_ops *ops;
	void *state;
	uint8_t *resident;  /* PF_RESIDENT_* per page */
	uint8_t *predicted; /* named by the latest prediction, not yet mapped */
	struct pf_offers offers;
	uint32_t pending;   /* pages PF_RESIDENT_UNUSED (for tests and reports) */
	bool has_last;
	bool unsettled; /* a prediction left work for settle */
	pf_page last;
	/* learn_later: accesses not learned yet, a ring of PF_LESSONS */
	pf_page *lessons;
	uint32_t lesson_first, nlessons;
	uint32_t older; /* of them, kept from before the last prediction */
	/* since the last prediction: its pages used, and left unused */
	uint32_t followed, wasted;
};

struct pf_model *pf_create(const struct pf_params *params, int *err)
{
	const struct pf_predictor_ops *ops = pf_ops_for(params->kind);
	*err = PF_EINVAL;
	if (!ops || params->pages == 0 || params->pages > PF_MAX_PAGES || params->cap == 0)
		return NULL;
	size_t size = ops->state_size(params);
	if (size == 0)
		return NULL;
	*err = PF_ENOMEM;
	struct pf_model *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->params = *params;
	m->ops = ops;
	m->state = calloc(1, size);
	m->resident = calloc(params->pages, 1);
	m->predicted = calloc(params->pages, 1);
	m->offers.mark = calloc(params->pages, 1);
	if (params->learn_later)
		m->lessons = calloc(PF_LESSONS, sizeof(pf_page));
	if (!m->state || !m->resident || !m->predicted || !m->offers.mark ||
	    (params->learn_later && !m->lessons)) {
		pf_destroy(m);
		return NULL;
	}
	PF_HOOK(ops, init, m->state, params);
	*err = PF_OK;
	return m;
}

size_t pf_model_bytes(const struct pf_params *params)
{
	const struct pf_predictor_ops *ops = pf_ops_for(params->kind);
	if (!ops)
		return 0;
	/* the predictor's state, then a byte each of residency, the last
	 * prediction and the offers' marks per page, and the kept accesses */
	return sizeof(struct pf_model) + ops->state_size(params) + 3 * (size_t)params->pages +
	       (params->learn_later ? PF_LESSONS * sizeof(pf_page) : 0);
}

void pf_destroy(struct pf_model *m)
{
	if (!m)
		return;
	free(m->state);
	free(m->resident);
	free(m->predicted);
	free(m->offers.mark);
	free(m->lessons);
	free(m);
}

/* Work a prediction left for later is done before anything new is seen.
 * Only a prediction leaves any, so between two faults (every use, map and
 * eviction of a page) this is one test. */
static void settle(struct pf_model *m)
{
	if (m->unsettled) {
		m->unsettled = false;
		m->ops->settle(m->state);
	}
}

/* The predictor learns from one access, in program order. */
static void learn_access(struct pf_model *m, pf_page page)
{
	PF_HOOK(m->ops, access, m->state, m->has_last, m->last, page);
	m->has_last = true;
	m->last = page;
}

size_t pf_learn(struct pf_model *m, size_t max)
{
	for (; max > 0 && m->nlessons > 0; max--) {
		pf_page page = m->lessons[m->lesson_first];
		m->lesson_first = (m->lesson_first + 1) % PF_LESSONS;
		m->nlessons--;
		if (m->older > 0)
			m->older--;
		learn_access(m, page);
	}
	return m->nlessons;
}

size_t pf_lessons(const struct pf_model *m)
{
	return m->nlessons;
}

void pf_learn_all(struct pf_model *m)
{
	pf_learn(m, SIZE_MAX);
	settle(m);
}

void pf_run_begin(struct pf_model *m)
{
	pf_learn_all(m);
	memset(m->resident, 0, m->params.pages);
	memset(m->predicted, 0, m->params.pages);
	m->pending = 0;
	m->followed = m->wasted = 0;
	m->has_last = false;
	PF_HOOK(m->ops, run_begin, m->state);
}

void pf_run_end(struct pf_model *m)
{
	pf_learn_all(m);
	PF_HOOK(m->ops, run_end, m->state);
	m->has_last = false;
}

static void record_access(struct pf_model *m, pf_page page)
{
	settle(m);
	if (page >= m->params.pages)
		return;
	PF_HOOK(m->ops, observe, m->state, page);
	if (m->resident[page] == PF_RESIDENT_UNUSED) {
		m->resident[page] = PF_RESIDENT;
		m->pending--;
		m->followed++;
	}
	if (!m->lessons) {
		learn_access(m, page);
		return;
	}
	if (m->nlessons == PF_LESSONS)
		pf_learn(m, 1); /* full: the oldest is learned now */
	m->lessons[(m->lesson_first + m->nlessons++) % PF_LESSONS] = page;
}

void pf_observe_fault(struct pf_model *m, pf_page page)
{
	record_access(m, page);
}

void pf_observe_held_fault(struct pf_model *m, pf_page page)
{
	record_access(m, page);
	if (!m->ops->unasked || page >= m->params.pages)
		return;
	struct pf_emit e = {.resident = m->resident, .fault = page, .pages = m->params.pages,
			    .cap = m->params.cap, .offers = &m->offers, .max = m->params.cap - 1};
	m->ops->unasked(m->state, &e);
	m->unsettled = m->ops->settle != NULL;
}

void pf_observe_access(struct pf_model *m, pf_page page)
{
	record_access(m, page);
}

void pf_observe_accesses(struct pf_model *m, const pf_page *pages, size_t n)
{
	for (size_t i = 0; i < n; i++)
		record_access(m, pages[i]);
}

void pf_note_mapped_pages(struct pf_model *m, const pf_page *pages, size_t n)
{
	settle(m);
	/* The model's fields in locals: the stores into the per-page arrays
	 * could be stores into them for all the compiler knows. */
	uint8_t *resident = m->resident, *predicted = m->predicted;
	uint32_t npages = m->params.pages, pending = 0;
	for (size_t i = 0; i < n; i++) {
		pf_page page = pages[i];
		if (page >= npages || resident[page] != PF_NOT_RESIDENT)
			continue;
		if (predicted[page]) {
			predicted[page] = 0;
			resident[page] = PF_RESIDENT_UNUSED;
			pending++;
		} else {
			resident[page] = PF_RESIDENT;
		}
	}
	m->pending += pending;
}

void pf_note_mapped(struct pf_model *m, pf_page page)
{
	pf_note_mapped_pages(m, &page, 1);
}

void pf_note_evicted(struct pf_model *m, pf_page page)
{
	settle(m);
	if (page >= m->params.pages)
		return;
	if (m->resident[page] == PF_RESIDENT_UNUSED)
		m->pending--, m->wasted++;
	m->resident[page] = PF_NOT_RESIDENT;
}

bool pf_is_resident(const struct pf_model *m, pf_page p)
{
	return m->resident[p] != 0;
}

void pf_emit_restart(struct pf_emit *e, pf_page *out, size_t max)
{
	struct pf_offers *o = e->offers;
	if (++o->gen == 0) { /* the marks wrapped: clear them, once in 255 */
		memset(o->mark, 0, e->pages);
		o->gen = 1;
	}
	e->gen = o->gen;
	e->mark = o->mark;
	e->out = out;
	e->n = 0;
	e->max = max;
}

size_t pf_predict(struct pf_model *m, pf_page fault, pf_page *out, size_t max)
{
	size_t hold = 0;
	if (max > m->params.cap - 1) {
		hold = max - (m->params.cap - 1);
		if (hold > m->params.hold)
			hold = m->params.hold;
		max = m->params.cap - 1 + hold;
	}
	bool on_track = m->followed > 0 && m->pending == 0 && m->wasted == 0;
	if (!m->lessons || !on_track ||
	    (m->ops->needs_recent && m->ops->needs_recent(m->state))) {
		pf_learn_all(m); /* know everything first */
	} else {
		/* On track: what the last prediction foresaw (and the fault
		 * after it) may stay kept; anything older is learned now. */
		pf_learn(m, m->older);
		settle(m);
	}
	m->older = m->nlessons;
	m->followed = m->wasted = 0;
	struct pf_emit e = {.resident = m->resident, .fault = fault, .pages = m->params.pages,
			    .cap = m->params.cap, .offers = &m->offers};
	pf_emit_restart(&e, out, max);
	e.hold = hold;
	if (max > 0 && fault < m->params.pages) {
		m->ops->predict(m->state, &e);
		m->unsettled = m->ops->settle != NULL;
	}
	for (size_t i = 0; i < e.n; i++)
		m->predicted[out[i]] = 1;
	return e.n;
}

bool pf_always_recent(const void *state)
{
	(void)state;
	return true;
}

enum pf_kind pf_last_choice(const struct pf_model *m)
{
	return m->params.kind == PF_HYBRID ? pf_hybrid_choice(m->state) : m->params.kind;
}

/* Profiles need the model's parts; profile.c reaches them through these. */
const struct pf_params *pf_model_params(const struct pf_model *m)
{
	return &m->params;
}

const struct pf_predictor_ops *pf_model_ops(const struct pf_model *m)
{
	return m->ops;
}

void *pf_model_state(const struct pf_model *m)
{
	return m->state;
}
