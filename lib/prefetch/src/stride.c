/*
 * stride.c - the majority stride of recent accesses, as in Leap (ATC'20).
 *
 * The last WINDOW differences between consecutive accesses vote (Boyer-
 * Moore majority); if one difference has a strict majority, the pages at
 * that stride from the fault are predicted. With no majority it predicts
 * nothing: an irregular pattern is not this predictor's business, and a
 * wrong guess costs resident pages.
 */
#include "model.h"

#define WINDOW 8

struct stride_state {
	int64_t deltas[WINDOW];
	unsigned count, next;
};

static size_t stride_size(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct stride_state);
}

static void stride_init(void *s, const struct pf_params *p)
{
	(void)s;
	(void)p;
}

static void stride_run_begin(void *s)
{
	struct stride_state *st = s;
	st->count = st->next = 0;
}

static void stride_run_end(void *s)
{
	(void)s;
}

static void stride_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct stride_state *st = s;
	if (!has_prev)
		return;
	st->deltas[st->next] = (int64_t)page - (int64_t)prev;
	st->next = (st->next + 1) % WINDOW;
	if (st->count < WINDOW)
		st->count++;
}

/* The strict-majority delta of the window, if any. */
static bool majority(const struct stride_state *st, int64_t *out)
{
	int64_t cand = 0;
	unsigned votes = 0;
	for (unsigned i = 0; i < st->count; i++) {
		if (votes == 0)
			cand = st->deltas[i];
		votes += st->deltas[i] == cand ? 1u : (unsigned)-1;
	}
	unsigned n = 0;
	for (unsigned i = 0; i < st->count; i++)
		n += st->deltas[i] == cand;
	*out = cand;
	return st->count >= 3 && 2 * n > st->count && cand != 0;
}

static void stride_predict(void *s, struct pf_emit *e)
{
	int64_t d;
	if (!majority(s, &d))
		return;
	int64_t p = (int64_t)e->fault + d;
	for (size_t k = 0; k < e->max + e->cap && p >= 0 && p < (int64_t)e->pages; k++, p += d)
		if (!pf_emit(e, (pf_page)p))
			break;
}

const struct pf_predictor_ops pf_stride_ops = {
	.kind = PF_STRIDE,
	.state_size = stride_size,
	.init = stride_init,
	.access = stride_access,
	.run_begin = stride_run_begin,
	.run_end = stride_run_end,
	.predict = stride_predict,
};
