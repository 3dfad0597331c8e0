/*
 * hybrid.c - fill the batch from every predictor, by how often each has
 * been right.
 *
 * The hybrid runs the other predictors side by side and measures each
 * one's precision: it marks the pages each component named (one bit per
 * component, and when), and when such a page is accessed soon after
 * (within WINDOW_PER_CAP * cap accesses, about as long as a prefetched
 * page would stay resident), the component scores a hit. A page touched
 * much later was not predicted, just guessed. A component's first SCORED
 * guesses (its head) and the rest (its tail) are scored apart, since a
 * walk predicted fifteen deep is surer of its first step than of its
 * fifteenth. Hits and predictions are halved every DECAY predictions, so
 * recent behaviour counts most.
 *
 * At a fault, every component whose head precision is at least FLOOR
 * predicts. Each page named gets a score: the precision of the part
 * (head or tail) of each component that named it, combined as
 * independent chances (1 - the product of the misses), so a page that two
 * good predictors agree on comes before a page only one of them named.
 * The batch takes the best-scored pages, down to FLOOR and no lower. That
 * is what beats following one predictor: on an LLM-like layer walk the
 * successor chain and the hot set each miss pages the other has, and on
 * a first run with nothing learned a weak but real guess (the next pages
 * in address order) fills a batch that would otherwise stay empty. A
 * mapping is capped, so each page in the batch pushes out the oldest
 * resident page: a low score stays out, and when nothing is precise
 * (random access) the hybrid predicts nothing and costs no more than no
 * prefetching at all.
 *
 * Components are asked best first (by the precision of a whole batch
 * from each: batch_percent), and no further once the batch is full
 * of pages scored at least as high as any component not yet asked could
 * score one: such a component could only add pages that rank below all
 * of them, or raise pages already taken, so the batch would be the same.
 * When one predictor has learned the walk and fills the batch, and none
 * other is clearly (LEAD points) more precise, that is the only one
 * asked, which keeps a learned run's faults cheap; the others are then
 * scored as idle ones are.
 *
 * What an access costs. Every component learns from every access, so an
 * access is one call per learning component (their hooks looked up once,
 * at creation) and, if some component named the page, its hit counted;
 * each component keeps what it learns in a form that an access updates
 * in a few steps (the stride's majority, modulo's best period). A fault
 * asks the leader and, at every other fault, three guesses of each idle
 * component. `make bench-prefetch-cost` counts it all. The hit is counted
 * at once (observe) and the components' learning may come later (a model
 * made with learn_later): whom the next prediction asks depends on the
 * scores, so they are never behind; what each component knows may be, by
 * at most what the last prediction foresaw (model.c).
 *
 * Answer first, learn after: the components that were not asked are
 * scored when the model settles (after the answer), on their first SCORED
 * guesses only, which is what their head precision needs, and only at
 * every other fault: a sample is enough to see a component become
 * precise, and it halves what the idle components cost (on random access,
 * all of them are idle).
 *
 * What the components learn (successor chains, hot pages, periods) is
 * what a hybrid profile holds. Memory: the components' plus 6 bytes per
 * page.
 */
#include <string.h>
#include "model.h"

#define NCOMP	       6
#define DECAY	       256
#define FLOOR	       20 /* percent: below it a component is not asked, a page not taken */
#define MIN_PREDS      4  /* predictions before a score means anything */
#define SLICE	       40 /* scratch pages per component */
#define WINDOW_PER_CAP 2
#define SCORED	       3 /* the head: guesses scored per prediction when not asked */
#define LEAD	       8 /* percent: closer than this, a precision does not outrank the leader's */
#define MAX_CAND       (NCOMP * SLICE)

static const enum pf_kind components[NCOMP] = {PF_SEQUENTIAL, PF_STRIDE, PF_SUCCESSOR,
					       PF_HOTSET,     PF_DELTA,	 PF_MODULO};

struct precision {
	uint32_t hits, preds;
};

struct candidate {
	pf_page page;
	uint16_t score; /* chance of use, in 1/65536 */
	uint8_t by;	/* the component whose guess scored most */
};

struct hybrid_state {
	uint32_t pages;
	uint32_t window; /* accesses a prediction stays good for */
	uint32_t now;	 /* accesses so far */
	void *comp[NCOMP];
	const struct pf_predictor_ops *ops[NCOMP];
	/* The components that learn from accesses: their hooks, looked up
	 * once, so an access is a call per learner and no more. */
	int nlearners;
	void (*learn[NCOMP])(void *state, bool has_prev, pf_page prev, pf_page page);
	void *learner[NCOMP];
	struct precision head[NCOMP], tail[NCOMP];
	/* Their percentages, as the current prediction ranks them: hits and
	 * predictions change only when the model settles and at accesses,
	 * never while a prediction is being made. */
	unsigned head_pc[NCOMP], tail_pc[NCOMP];
	enum pf_kind choice;
	bool recent; /* pages of the last prediction came from one that needs the recent accesses */
	struct pf_emit pending; /* the last prediction, its scoring not done yet */
	bool has_pending;
	uint32_t settled;	/* faults settled so far */
	bool asked[NCOMP];	/* predicted in full for the pending fault */
	size_t said[NCOMP];	/* and how many pages */
	uint8_t *head_by;	/* pages bytes: a bit per component that named it first */
	uint8_t *tail_by;	/* pages bytes: ... that named it deeper */
	uint32_t *predicted_at; /* pages stamps: `now` when last predicted */
	uint8_t *slot;		/* pages bytes: where the page is in cand[], if it is */
	struct candidate cand[MAX_CAND];
	pf_page scratch[NCOMP][SLICE];
	unsigned char data[]; /* component states, then the per-page arrays */
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
	return n + (size_t)p->pages * (sizeof(uint32_t) + 3);
}

static void hybrid_init(void *s, const struct pf_params *p)
{
	struct hybrid_state *st = s;
	unsigned char *at = (unsigned char *)s + align16(sizeof(*st));
	st->pages = p->pages;
	for (int c = 0; c < NCOMP; c++) {
		const struct pf_predictor_ops *ops = pf_ops_for(components[c]);
		st->ops[c] = ops;
		st->comp[c] = at;
		if (ops->access) {
			st->learn[st->nlearners] = ops->access;
			st->learner[st->nlearners++] = at;
		}
		PF_HOOK(ops, init, at, p);
		at += align16(ops->state_size(p));
	}
	st->predicted_at = (uint32_t *)at;
	st->head_by = at + (size_t)p->pages * sizeof(uint32_t);
	st->tail_by = st->head_by + p->pages;
	st->slot = st->tail_by + p->pages;
	st->window = WINDOW_PER_CAP * p->cap;
	st->choice = PF_NONE;
}

/* The lowest set bit of a component mask, for visiting only the
 * components that named a page (mostly one or two of the six). */
static const uint8_t lowest_bit[1 << NCOMP] = {
    0, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
    5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0};

/* The table is written out for six components: more need a longer one. */
typedef char lowest_bit_is_for_ncomp[NCOMP == 6 ? 1 : -1];

/* A hit for each component in `by` (a bit per component). */
static void count_hits(struct precision *pr, unsigned by)
{
	for (; by; by &= by - 1)
		pr[lowest_bit[by]].hits++;
}

/* Scoring: a component that named this page lately scores a hit. Known
 * at once even where the components learn later (learn_later): it decides
 * whom the next prediction asks. */
static void hybrid_observe(void *s, pf_page page)
{
	struct hybrid_state *st = s;
	uint8_t head = st->head_by[page], tail = st->tail_by[page];
	st->now++;
	if (head | tail) { /* someone named it */
		uint32_t age = st->now - st->predicted_at[page];
		if (age > st->window)
			head = 0; /* too late to call it a prediction */
		if (age > 2 * st->window)
			tail = 0; /* a deep guess has twice as long */
		count_hits(st->head, head);
		count_hits(st->tail, tail);
		st->head_by[page] = st->tail_by[page] = 0;
	}
}

/* Learning: every component that learns sees the access. */
static void hybrid_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct hybrid_state *st = s;
	for (int k = 0; k < st->nlearners; k++)
		st->learn[k](st->learner[k], has_prev, prev, page);
}

static void hybrid_run_begin(void *s)
{
	struct hybrid_state *st = s;
	for (int c = 0; c < NCOMP; c++)
		PF_HOOK(st->ops[c], run_begin, st->comp[c]);
}

static void hybrid_run_end(void *s)
{
	struct hybrid_state *st = s;
	for (int c = 0; c < NCOMP; c++)
		PF_HOOK(st->ops[c], run_end, st->comp[c]);
	memset(st->head_by, 0, st->pages); /* once a run, not per fault */
	memset(st->tail_by, 0, st->pages);
}

/* Percent; 0 until MIN_PREDS predictions were scored. */
static unsigned percent(const struct precision *p)
{
	return p->preds < MIN_PREDS ? 0 : (unsigned)(100ull * p->hits / p->preds);
}

/* Each component's percentages for the prediction about to be made. The
 * tail is judged on its own once it has been scored; until then it is
 * taken to be as good as the head. */
static void rank(struct hybrid_state *st)
{
	for (int c = 0; c < NCOMP; c++) {
		st->head_pc[c] = percent(&st->head[c]);
		st->tail_pc[c] =
		    st->tail[c].preds < MIN_PREDS ? st->head_pc[c] : percent(&st->tail[c]);
	}
}

/* Mark that component c named pages[0..n) (in its head if head, else
 * deep): each counts as a prediction of that part unless c named it
 * already and it was not used since. */
static void mark(struct hybrid_state *st, int c, const pf_page *pages, size_t n, bool head)
{
	/* The state's fields in locals: the stores into the per-page arrays
	 * could be stores into them for all the compiler knows. */
	uint8_t bit = (uint8_t)(1u << c);
	uint8_t *head_by = st->head_by, *tail_by = st->tail_by, *by = head ? head_by : tail_by;
	uint32_t *predicted_at = st->predicted_at, now = st->now, window = st->window;
	struct precision *pr = head ? &st->head[c] : &st->tail[c];
	uint32_t preds = pr->preds, hits = pr->hits;
	for (size_t i = 0; i < n; i++) {
		pf_page p = pages[i];
		uint32_t age = now - predicted_at[p];
		if (age > window) {
			head_by[p] = 0; /* an old mark has expired */
			if (age > 2 * window)
				tail_by[p] = 0;
		}
		predicted_at[p] = now;
		if (!(by[p] & bit)) {
			by[p] |= bit;
			preds++;
		}
		if (preds > DECAY) {
			preds /= 2;
			hits /= 2;
		}
	}
	pr->preds = preds;
	pr->hits = hits;
}

/* Component c predicts into its scratch slice, at most max pages. */
static size_t ask(struct hybrid_state *st, int c, const struct pf_emit *e, size_t max)
{
	struct pf_emit mine = *e;
	pf_emit_restart(&mine, st->scratch[c], max < SLICE ? max : SLICE);
	st->ops[c]->predict(st->comp[c], &mine);
	return mine.n;
}

/* Score every component on the last fault: what the asked ones said (all
 * of it), and the first SCORED guesses of the others. Deferred from
 * hybrid_predict, so the pager answers first and the model settles after. */
static void hybrid_settle(void *s)
{
	struct hybrid_state *st = s;
	if (!st->has_pending)
		return;
	st->has_pending = false;
	bool sample = st->settled++ % 2 == 0;
	for (int c = 0; c < NCOMP; c++) {
		if (!st->asked[c] && !sample)
			continue;
		size_t n = st->asked[c] ? st->said[c] : ask(st, c, &st->pending, SCORED);
		size_t head = n < SCORED ? n : SCORED;
		mark(st, c, st->scratch[c], head, true);
		mark(st, c, st->scratch[c] + head, n - head, false);
	}
}

/* Add component c's chance `score` (1/65536) that page p is used. */
static void offer(struct hybrid_state *st, size_t *n, int c, pf_page p, uint32_t score)
{
	struct candidate *k = &st->cand[st->slot[p]];
	if (st->slot[p] < *n && k->page == p) {
		if (score > k->score) {
			k->by = (uint8_t)c;
			k->score = (uint16_t)(score > 65535u ? 65535u : score);
		}
		return;
	}
	st->slot[p] = (uint8_t)*n;
	k = &st->cand[(*n)++];
	k->page = p;
	k->score = (uint16_t)(score > 65535u ? 65535u : score);
	k->by = (uint8_t)c;
}

/* How many of a full batch of max pages from component c would be used,
 * in percent: its head's precision for the first SCORED, its tail's for
 * the rest. A component sure of its next page but not of the ones after
 * (delta correlation on a sparse walk it has not learned) ranks below
 * one that is as right all the way (the next pages in address order). */
static unsigned batch_percent(const struct hybrid_state *st, int c, size_t max)
{
	if (max <= SCORED)
		return st->head_pc[c];
	return (unsigned)((SCORED * st->head_pc[c] + (max - SCORED) * st->tail_pc[c]) / max);
}

/* The components that may predict (head precision at least FLOOR), the
 * most precise over a batch of max first: their number. */
static int by_precision(const struct hybrid_state *st, int *order, size_t max)
{
	int n = 0;
	unsigned key[NCOMP];
	for (int c = 0; c < NCOMP; c++) {
		if (st->head_pc[c] < FLOOR)
			continue;
		key[c] = batch_percent(st, c, max);
		int j = n++;
		for (; j > 0 && key[order[j - 1]] < key[c]; j--)
			order[j] = order[j - 1];
		order[j] = c;
	}
	return n;
}

/* The best score a component can give a page. */
static unsigned best_percent(const struct hybrid_state *st, int c)
{
	unsigned head = st->head_pc[c], tail = st->tail_pc[c];
	return head > tail ? head : tail;
}

/* True if max candidates all score at least `percent`. */
static bool full_above(const struct hybrid_state *st, size_t n, size_t max, unsigned pc)
{
	size_t above = 0;
	uint32_t least = pc * 65536u / 100u;
	for (size_t i = 0; i < n && above < max; i++)
		above += st->cand[i].score >= least;
	return above >= max;
}

/* True if the first component asked, c, having said n of max pages, fills
 * the batch alone: none other may predict, or it filled the batch with
 * pages none other is clearly more precise about. Precisions within LEAD
 * points of each other are the same to the hybrid: a precision is a count
 * of at most DECAY predictions, which moves by several points from one
 * stretch of a walk to the next, and when all of them are high (a walk
 * every component predicts) asking the others only shuffles pages the
 * leader named already. Taking the leader's batch then costs one
 * component's prediction instead of all of them, and in the simulator's
 * benchmark it lost no fault anywhere and saved some (docs/measurements.md). */
static bool alone(const struct hybrid_state *st, int c, const int *order, int asking, size_t n,
		  size_t max)
{
	unsigned head = st->head_pc[c], tail = st->tail_pc[c];
	return asking == 1 ||
	       (n >= max && (head < tail ? head : tail) + LEAD >= best_percent(st, order[1]));
}

static void hybrid_predict(void *s, struct pf_emit *e)
{
	struct hybrid_state *st = s;
	size_t n = 0;
	/* The batch is decided on alone: held pages are the leader's walk
	 * going on, and only when it fills the batch by itself (below). */
	size_t hold = e->hold;
	e->max -= hold;
	rank(st);
	int order[NCOMP], asking = by_precision(st, order, e->max);
	st->pending = *e;
	st->pending.out = NULL;
	st->has_pending = true;
	st->choice = PF_NONE;
	st->recent = false;
	for (int c = 0; c < NCOMP; c++)
		st->asked[c] = false, st->said[c] = 0;
	for (int k = 0; k < asking; k++) {
		int c = order[k];
		if (k > 0 && full_above(st, n, e->max, best_percent(st, c)))
			break; /* this one and the rest cannot change the batch */
		unsigned head = st->head_pc[c], tail = st->tail_pc[c];
		st->asked[c] = true;
		st->said[c] = ask(st, c, e, k == 0 ? e->max + hold : e->max);
		size_t said = st->said[c] < e->max ? st->said[c] : e->max; /* of the batch */
		if (k == 0 && tail >= FLOOR && alone(st, c, order, asking, said, e->max)) {
			/* its pages, in its order, are the batch (and what is held) */
			memcpy(e->out, st->scratch[c], st->said[c] * sizeof(pf_page));
			e->n = st->said[c];
			st->choice = e->n ? components[c] : PF_NONE;
			st->recent = e->n && st->ops[c]->needs_recent;
			return;
		}
		st->said[c] = said; /* not alone: nothing is held */
		for (size_t i = 0; i < said && n < MAX_CAND && n < 256; i++)
			offer(st, &n, c, st->scratch[c][i],
			      (i < SCORED ? head : tail) * 65536u / 100u);
	}
	/* The best first (insertion sort: a few dozen candidates); among
	 * equals, the earlier offered. */
	for (size_t i = 1; i < n; i++) {
		struct candidate k = st->cand[i];
		size_t j = i;
		for (; j > 0 && st->cand[j - 1].score < k.score; j--)
			st->cand[j] = st->cand[j - 1];
		st->cand[j] = k;
	}
	for (size_t i = 0; i < n && st->cand[i].score >= FLOOR * 65536u / 100u; i++) {
		if (i == 0)
			st->choice = components[st->cand[0].by];
		st->recent |= st->ops[st->cand[i].by]->needs_recent != NULL;
		if (!pf_emit(e, st->cand[i].page))
			break;
	}
}

/* A fault answered with held pages: nobody is asked, and the others are
 * sampled there, when the model settles, as at a fault that was (the
 * leader too: what it held was its walk from the fault before). */
static void hybrid_unasked(void *s, const struct pf_emit *e)
{
	struct hybrid_state *st = s;
	st->pending = *e;
	st->pending.out = NULL;
	st->has_pending = true;
	for (int c = 0; c < NCOMP; c++)
		st->asked[c] = false, st->said[c] = 0;
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
		pf_put32(p + 8 + c * 12, st->head[c].hits);
		pf_put32(p + 12 + c * 12, st->head[c].preds);
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
					st->head[c].hits = pf_get32(d + 8 + i * 12);
					st->head[c].preds = pf_get32(d + 12 + i * 12);
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

/* The next prediction is taken to ask what the last one asked. */
static bool hybrid_needs_recent(const void *s)
{
	return ((const struct hybrid_state *)s)->recent;
}

enum pf_kind pf_hybrid_choice(const void *s)
{
	return ((const struct hybrid_state *)s)->choice;
}

const struct pf_predictor_ops pf_hybrid_ops = {
    .state_size = hybrid_size,
    .init = hybrid_init,
    .access = hybrid_access,
    .observe = hybrid_observe,
    .run_begin = hybrid_run_begin,
    .run_end = hybrid_run_end,
    .predict = hybrid_predict,
    .settle = hybrid_settle,
    .unasked = hybrid_unasked,
    .needs_recent = hybrid_needs_recent,
    .save = hybrid_save,
    .check = hybrid_check,
    .apply = hybrid_apply,
};
