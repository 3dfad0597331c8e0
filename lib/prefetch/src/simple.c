/*
 * simple.c - the two predictors that learn nothing: none and sequential.
 *
 * none is the baseline every other predictor is measured against: each
 * fault maps only its own page. sequential is readahead: the pages right
 * after the fault, which is perfect for a scan and wasted on anything else.
 */
#include "model.h"

struct no_state {
	char unused;
};

static size_t small_state(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct no_state);
}

static void none_predict(void *s, struct pf_emit *e)
{
	(void)s;
	(void)e;
}

const struct pf_predictor_ops pf_none_ops = {
    .state_size = small_state,
    .predict = none_predict,
};

static void sequential_predict(void *s, struct pf_emit *e)
{
	(void)s;
	/* Resident pages are skipped, and at most cap of them can be. */
	uint64_t end = (uint64_t)e->fault + 1 + e->max + e->cap;
	for (uint64_t p = e->fault + 1; p < e->pages && p < end; p++)
		if (!pf_emit(e, (pf_page)p))
			break;
}

const struct pf_predictor_ops pf_sequential_ops = {
    .state_size = small_state,
    .predict = sequential_predict,
};
