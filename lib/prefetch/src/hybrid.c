/*
 * hybrid.c - follow whichever predictor has been right lately.
 *
 * The hybrid runs the other predictors side by side. At every fault each
 * component makes its prediction; the hybrid marks the first SCORED pages
 * each one named (one bit per component, and when), and when such a page is
 * accessed soon after (within WINDOW_PER_CAP * cap accesses, about as long
 * as a prefetched page would stay resident), the component scores a hit. A
 * page touched much later was not predicted, just guessed. Scoring only the
 * first few guesses keeps the score quick: a component that predicts
 * fifteen pages deep is not judged on the fifteenth until long after. Accuracy is hits over
 * predictions, with both halved every DECAY predictions so that recent
 * behaviour counts most. The hybrid then follows the most accurate
 * component that has a prediction for this fault, but only one above
 * MIN_ACCURACY: when nothing predicts well (random access) it predicts
 * nothing and costs no more than no prefetching at all. It does not pad a
 * short prediction with a second component's guesses: those would sit in
 * the cap, unused, and crowd out the next batch.
 *
 * What the components learn (successor chains, hot pages) is what a
 * hybrid profile holds. Memory: the components' plus 5 bytes per page.
 */
#include <string.h>
#include "model.h"

#define NCOMP	       5
#define DECAY	       256
#define MIN_ACCURACY   40 /* percent */
#define MIN_PREDS      4  /* predictions before a score means anything */
#define SCRATCH	       256
#define WINDOW_PER_CAP 2
#define SCORED	       3 /* guesses scored per prediction */

static const enum pf_kind components[NCOMP] = {PF_SEQUENTIAL, PF_STRIDE, PF_SUCCESSOR, PF_HOTSET,
					       PF_DELTA};

struct hybrid_state {
	uint32_t pages;
	uint32_t window; /* accesses a prediction stays good for */
	uint32_t now;	 /* accesses so far */
	void *comp[NCOMP];
	uint32_t hits[NCOMP], preds[NCOMP];
	enum pf_kind choice;
	struct pf_emit pending; /* the last prediction, its scoring not done yet */
	bool has_pending;
	uint8_t *predicted_by;	/* pages bytes */
	uint32_t *predicted_at; /* pages stamps: `now` when last predicted */
	pf_page scratch[SCRATCH];
	unsigned char data[]; /* component states, then predicted_by */
};

static size_t align16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static size_t hybrid_size(const struct pf_params *p)
{
	size_t n = align16(sizeof(struct hybrid_state));
	for (int c = 0; c < NCOMP; c++) {
		size_t s = pf_ops_for(components[c])->state_size(p);
		if (s == 0)
			return 0;
		n += align16(s);
	}
	return n + (size_t)p->pages * (sizeof(uint32_t) + 1);
}

static void hybrid_init(void *s, const struct pf_params *p)
{
	struct hybrid_state *st = s;
	unsigned char *at = (unsigned char *)s + align16(sizeof(*st));
	st->pages = p->pages;
	for (int c = 0; c < NCOMP; c++) {
		const struct pf_predictor_ops *ops = pf_ops_for(components[c]);
		st->comp[c] = at;
		PF_HOOK(ops, init, at, p);
		at += align16(ops->state_size(p));
	}
	st->predicted_at = (uint32_t *)at;
	st->predicted_by = at + (size_t)p->pages * sizeof(uint32_t);
	st->window = WINDOW_PER_CAP * p->cap;
	st->choice = PF_NONE;
}

static void hybrid_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct hybrid_state *st = s;
	uint8_t bits = st->predicted_by[page];
	st->now++;
	if (st->now - st->predicted_at[page] > st->window)
		bits = 0; /* too late to call it a prediction */
	for (int c = 0; c < NCOMP; c++) {
		if (bits & (1u << c))
			st->hits[c]++;
		PF_HOOK(pf_ops_for(components[c]), access, st->comp[c], has_prev, prev, page);
	}
	st->predicted_by[page] = 0;
}

static void hybrid_run_begin(void *s)
{
	struct hybrid_state *st = s;
	for (int c = 0; c < NCOMP; c++)
		PF_HOOK(pf_ops_for(components[c]), run_begin, st->comp[c]);
}

static void hybrid_run_end(void *s)
{
	struct hybrid_state *st = s;
	for (int c = 0; c < NCOMP; c++)
		PF_HOOK(pf_ops_for(components[c]), run_end, st->comp[c]);
	memset(st->predicted_by, 0, st->pages); /* once a run, not per fault */
}

static unsigned accuracy(const struct hybrid_state *st, int c)
{
	return st->preds[c] < MIN_PREDS ? 0 : (unsigned)(100ull * st->hits[c] / st->preds[c]);
}

/* Let component c predict into the scratch buffer; record what it said. */
static size_t shadow_predict(struct hybrid_state *st, int c, const struct pf_emit *e)
{
	struct pf_emit mine = *e;
	pf_emit_restart(&mine, st->scratch + (size_t)c * (SCRATCH / NCOMP),
			e->max < SCRATCH / NCOMP ? e->max : SCRATCH / NCOMP);
	pf_ops_for(components[c])->predict(st->comp[c], &mine);
	for (size_t i = 0; i < mine.n && i < SCORED; i++) {
		uint8_t bit = (uint8_t)(1u << c);
		pf_page p = mine.out[i];
		if (st->now - st->predicted_at[p] > st->window)
			st->predicted_by[p] = 0; /* an old mark has expired */
		st->predicted_at[p] = st->now;
		if (!(st->predicted_by[p] & bit)) {
			st->predicted_by[p] |= bit;
			st->preds[c]++;
		}
	}
	if (st->preds[c] > DECAY) {
		st->preds[c] /= 2;
		st->hits[c] /= 2;
	}
	return mine.n;
}

/* Score every component on the last fault (what each would have said).
 * Deferred from hybrid_predict: it is not needed to choose the batch, so
 * the pager answers first and the model settles after. */
static void hybrid_settle(void *s)
{
	struct hybrid_state *st = s;
	if (!st->has_pending)
		return;
	st->has_pending = false;
	for (int c = 0; c < NCOMP; c++)
		shadow_predict(st, c, &st->pending);
}

/* The most accurate component above MIN_ACCURACY that has something to say
 * for this fault, and only it, predicts now. */
static void hybrid_predict(void *s, struct pf_emit *e)
{
	struct hybrid_state *st = s;
	bool tried[NCOMP] = {false};
	st->pending = *e;
	st->pending.out = NULL;
	st->has_pending = true;
	st->choice = PF_NONE;
	for (;;) {
		int best = -1;
		for (int c = 0; c < NCOMP; c++)
			if (!tried[c] && accuracy(st, c) >= MIN_ACCURACY &&
			    (best < 0 || accuracy(st, c) > accuracy(st, best)))
				best = c;
		if (best < 0)
			return;
		tried[best] = true;
		struct pf_emit mine = *e;
		pf_emit_restart(&mine, st->scratch, e->max < SCRATCH / NCOMP ? e->max : SCRATCH / NCOMP);
		pf_ops_for(components[best])->predict(st->comp[best], &mine);
		if (mine.n == 0)
			continue;
		st->choice = components[best];
		for (size_t i = 0; i < mine.n; i++)
			if (!pf_emit(e, mine.out[i]))
				break;
		return;
	}
}

/* Its own section: how far each component is trusted (hits, predictions),
 * so a model started from a profile follows the right one at once. */
static size_t scores_save(const struct hybrid_state *st, uint8_t *buf, size_t size)
{
	uint8_t *p;
	size_t need = pf_section_begin(buf, size, PF_SECTION_HYBRID, 4 + NCOMP * 12, &p);
	if (!p)
		return need;
	pf_put32(p, NCOMP);
	for (int c = 0; c < NCOMP; c++) {
		pf_put32(p + 4 + c * 12, (uint32_t)components[c]);
		pf_put32(p + 8 + c * 12, st->hits[c]);
		pf_put32(p + 12 + c * 12, st->preds[c]);
	}
	return need;
}

static size_t hybrid_save(const void *s, uint8_t *buf, size_t size)
{
	const struct hybrid_state *st = s;
	size_t used = scores_save(st, buf, size);
	for (int c = 0; c < NCOMP; c++) {
		const struct pf_predictor_ops *ops = pf_ops_for(components[c]);
		if (!ops->save)
			continue;
		size_t need = ops->save(st->comp[c], used <= size ? buf + used : buf,
					used <= size ? size - used : 0);
		used += need;
	}
	return used;
}

static int hybrid_check(const void *s, uint32_t type, const uint8_t *d, size_t len)
{
	const struct hybrid_state *st = s;
	if (type == PF_SECTION_HYBRID) {
		if (len < 4 || len != 4 + (size_t)pf_get32(d) * 12 || pf_get32(d) > 32)
			return PF_ECORRUPT;
		for (uint32_t i = 0; i < pf_get32(d); i++) {
			uint32_t hits = pf_get32(d + 8 + i * 12), preds = pf_get32(d + 12 + i * 12);
			if (preds > DECAY + 1 || hits > preds + DECAY)
				return PF_ECORRUPT;
		}
		return PF_OK;
	}
	for (int c = 0; c < NCOMP; c++) {
		const struct pf_predictor_ops *ops = pf_ops_for(components[c]);
		int err = ops->check ? ops->check(st->comp[c], type, d, len) : PF_OK;
		if (err)
			return err;
	}
	return PF_OK;
}

static void hybrid_apply(void *s, uint32_t type, const uint8_t *d, size_t len)
{
	struct hybrid_state *st = s;
	if (type == PF_SECTION_HYBRID) { /* the profile's trust replaces ours */
		for (uint32_t i = 0; i < pf_get32(d); i++)
			for (int c = 0; c < NCOMP; c++)
				if ((uint32_t)components[c] == pf_get32(d + 4 + i * 12)) {
					st->hits[c] = pf_get32(d + 8 + i * 12);
					st->preds[c] = pf_get32(d + 12 + i * 12);
				}
		(void)len;
		return;
	}
	for (int c = 0; c < NCOMP; c++) {
		const struct pf_predictor_ops *ops = pf_ops_for(components[c]);
		if (ops->apply)
			ops->apply(st->comp[c], type, d, len);
	}
}

enum pf_kind pf_hybrid_choice(const void *s)
{
	return ((const struct hybrid_state *)s)->choice;
}

const struct pf_predictor_ops pf_hybrid_ops = {
    .state_size = hybrid_size,
    .init = hybrid_init,
    .access = hybrid_access,
    .run_begin = hybrid_run_begin,
    .run_end = hybrid_run_end,
    .predict = hybrid_predict,
    .settle = hybrid_settle,
    .save = hybrid_save,
    .check = hybrid_check,
    .apply = hybrid_apply,
};
