/*
 * student.c - your predictor: the lab's exercise (docs/lab.md).
 *
 * As it stands it predicts nothing, so every fault of test_llm maps only
 * its own page: 32 faults for 32 accesses, and `make grade
 * PREDICTOR=student` fails all three fault lines. Make it predict.
 *
 * What you are given (model.h has the details):
 *   - access(): called for every page the program touches that the pager
 *     hears of, in program order: each fault, and the first use of each
 *     page you prefetched. `prev` is the access before it in this run
 *     (has_prev is false for the first one).
 *   - predict(): called at each fault, after access() has seen the
 *     faulting page. Offer pages with pf_emit(e, page), most likely first;
 *     it drops what may not be mapped (the faulting page, resident pages,
 *     duplicates, pages past e->pages) and returns false once the batch is
 *     full (e->max pages: the cap minus one for the batch, and in Bower
 *     a batch more, e->hold, which the kernel holds for the next fault:
 *     docs/llm.md).
 *   - run_begin() and run_end(): a mapping was made / went away. State you
 *     keep across runs is how a predictor learns from earlier runs.
 *   - state_size() and init(): your state is one block of memory, sized
 *     once for the mapping (e.g. a few bytes per page of p->pages) and
 *     zeroed before init(); the library allocates nothing after that.
 *
 * The original lab had you find test_llm's pattern and predict it; the
 * library's own predictors never know a workload's formula and learn it
 * instead (docs/lab.md says why that matters). This file is compiled into
 * the file server and into the simulator, so try it on a trace first:
 * prefetch-sim sim TRACE -p student.
 */
#include "model.h"

struct student_state {
	pf_page last; /* the latest access; add what your predictor needs */
};

static size_t student_size(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct student_state);
}

static void student_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct student_state *st = s;
	(void)has_prev;
	(void)prev;
	st->last = page;
}

static void student_predict(void *s, struct pf_emit *e)
{
	(void)s;
	(void)e; /* predicts nothing: the fault maps its own page only */
}

const struct pf_predictor_ops pf_student_ops = {
    .state_size = student_size,
    .access = student_access,
    .predict = student_predict,
};
