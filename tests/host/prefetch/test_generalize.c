/*
 * test_generalize.c - carrying a learned rule to starts never seen, and
 * filling a batch from several predictors.
 *
 * The rules here are the tests' own, unknown to the library: each is a
 * step that depends on the page (its residue, a hash of it), walked from
 * random starts, as an LLM-like program walks its weights.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "drive.h"

static struct pf_model *make(enum pf_kind kind, uint32_t pages, uint32_t cap)
{
	int err;
	struct pf_params p = {.kind = kind, .pages = pages, .cap = cap};
	struct pf_model *m = pf_create(&p, &err);
	CHECK(m != NULL);
	return m;
}

/* A walk of the rule p + (p * a % m) + c from `start`: its length. */
static size_t walk(pf_page *out, size_t max, pf_page start, uint32_t m, uint32_t a, uint32_t c,
		   uint32_t pages)
{
	size_t n = 0;
	for (pf_page p = start; n < max && p < pages; p = p + p * a % m + c)
		out[n++] = p;
	return n;
}

/* Two walks of a residue rule teach the modulo predictor the rule: a walk
 * from a start it never saw is predicted from its first fault. */
static void test_modulo_predicts_an_unseen_start(void)
{
	struct pf_model *m = make(PF_MODULO, 4096, 16);
	pf_page w[64];
	pf_page starts[] = {3, 10, 17};
	for (int r = 0; r < 3; r++) {
		size_t n = walk(w, 64, starts[r], 13, 5, 2, 4096);
		pf_run_begin(m);
		for (size_t i = 0; i < n; i++)
			pf_observe_fault(m, w[i]);
		pf_run_end(m);
	}
	size_t n = walk(w, 16, 1000, 13, 5, 2, 4096);
	pf_run_begin(m);
	pf_observe_fault(m, w[0]);
	pf_page out[16];
	CHECK_EQ(pf_predict(m, w[0], out, 15), 15);
	for (size_t i = 0; i < 15 && i + 1 < n; i++)
		CHECK_EQ(out[i], w[i + 1]);
	pf_destroy(m);
}

/* Random access: the modulo predictor's periods all score poorly, and the
 * hybrid that holds it stays quiet (within 5% of no prefetching). */
static void test_random_access_leaves_every_period_poor(void)
{
	static struct drive d, base;
	drive_init(&d, make(PF_HYBRID, 4096, 16), 4096, 16, 16);
	drive_init(&base, make(PF_NONE, 4096, 16), 4096, 16, 16);
	srand(11);
	static pf_page seq[3000];
	for (int i = 0; i < 3000; i++)
		seq[i] = (pf_page)(rand() % 4096);
	unsigned hyb = drive_run(&d, seq, 3000), none = drive_run(&base, seq, 3000);
	CHECK(hyb <= none + none / 20);
	pf_destroy(d.m);
	pf_destroy(base.m);
}

/* Families of rules, their parameters drawn here: 20 runs of 48 accesses
 * from random starts. Over all 20 runs the hybrid is within 1.3x of the
 * fewest faults possible (3 a run: 48 pages, 16 a fault), and from the
 * third run on within 1.5x: the rule is learned within the first run,
 * not only once its residues have all been seen. */
static void test_hybrid_generalizes_over_families(void)
{
	srand(2024);
	for (int family = 0; family < 6; family++) {
		uint32_t m = 5 + (uint32_t)rand() % 36,
			 a = family % 2 ? 2 + (uint32_t)rand() % (m - 2) : 1,
			 c = 1 + (uint32_t)rand() % 6;
		static struct drive d;
		drive_init(&d, make(PF_HYBRID, 2048, 16), 2048, 16, 16);
		unsigned late = 0, late_oracle = 0, all = 0, all_oracle = 0;
		for (int r = 0; r < 20; r++) {
			pf_page w[48];
			size_t n = walk(w, 48, 1 + (pf_page)rand() % 64, m, a, c, 2048);
			unsigned faults = drive_run(&d, w, n);
			all += faults;
			all_oracle += (unsigned)(n + 15) / 16;
			if (r >= 2) {
				late += faults;
				late_oracle += (unsigned)(n + 15) / 16;
			}
		}
		CHECK(2 * late <= 3 * late_oracle);
		CHECK(10 * all <= 13 * all_oracle);
		pf_destroy(d.m);
	}
}

/* A first run over a sparse set with nothing learned: no predictor is
 * precise, but the next pages in address order are a real if weak guess
 * (a quarter of them used). The hybrid fills the batch with them instead
 * of predicting nothing: far fewer faults than none. */
static void test_hybrid_takes_a_weak_guess_when_nothing_is_better(void)
{
	static struct drive d;
	drive_init(&d, make(PF_HYBRID, 4096, 16), 4096, 16, 16);
	srand(5);
	static pf_page sparse[1024];
	size_t n = 0;
	for (pf_page p = 0; p < 4096; p++)
		if (rand() % 4 == 0)
			sparse[n++] = p;
	unsigned faults = drive_run(&d, sparse, n);
	CHECK(2 * faults <= (unsigned)n);
	pf_destroy(d.m);
}

/* Rules drawn here, each in the first run of a fresh model: p + (a * p
 * + b) % m + c with a period m of 20 to 48, so that in 48 accesses few
 * residues come round twice and a table of residues has seen little.
 * After the few steps a fit needs, each walk is predicted: on average
 * well under three times the fewest faults possible, where learning the
 * residues one by one takes about five. */
static void test_modulo_learns_a_rule_within_its_first_run(void)
{
	srand(17);
	unsigned faults = 0, oracle = 0;
	for (int k = 0; k < 40; k++) {
		uint32_t m = 20 + (uint32_t)rand() % 29, a = 1 + (uint32_t)rand() % (m - 1),
			 b = (uint32_t)rand() % m, c = 1 + (uint32_t)rand() % 6;
		static struct drive d;
		drive_init(&d, make(PF_MODULO, 4096, 16), 4096, 16, 16);
		pf_page w[48];
		size_t n = 0;
		for (pf_page p = 1 + (pf_page)rand() % 64; n < 48 && p < 4096;
		     p = p + (a * p + b) % m + c)
			w[n++] = p;
		faults += drive_run(&d, w, n);
		oracle += (unsigned)(n + 15) / 16;
		pf_destroy(d.m);
	}
	CHECK(faults <= 3 * oracle);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_modulo_predicts_an_unseen_start),
    CHECK_TEST(test_random_access_leaves_every_period_poor),
    CHECK_TEST(test_hybrid_generalizes_over_families),
    CHECK_TEST(test_modulo_learns_a_rule_within_its_first_run),
    CHECK_TEST(test_hybrid_takes_a_weak_guess_when_nothing_is_better),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("generalize", tests, argc, argv);
}
