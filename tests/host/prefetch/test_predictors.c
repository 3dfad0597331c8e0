/*
 * test_predictors.c - each predictor on sequences worked out by hand.
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
	CHECK_EQ(err, PF_OK);
	return m;
}

static void test_bad_parameters_are_refused(void)
{
	int err;
	struct pf_params zero_pages = {.kind = PF_HYBRID, .pages = 0, .cap = 16},
			 zero_cap = {.kind = PF_HYBRID, .pages = 10, .cap = 0},
			 bad_kind = {.kind = (enum pf_kind)99, .pages = 10, .cap = 16},
			 huge = {.kind = PF_NONE, .pages = PF_MAX_PAGES + 1, .cap = 4};
	CHECK(pf_create(&zero_pages, &err) == NULL && err == PF_EINVAL);
	CHECK(pf_create(&zero_cap, &err) == NULL && err == PF_EINVAL);
	CHECK(pf_create(&bad_kind, &err) == NULL && err == PF_EINVAL);
	CHECK(pf_create(&huge, &err) == NULL && err == PF_EINVAL);
}

static void test_none_predicts_nothing(void)
{
	struct pf_model *m = make(PF_NONE, 100, 16);
	pf_page out[16];
	pf_run_begin(m);
	pf_observe_fault(m, 5);
	CHECK_EQ(pf_predict(m, 5, out, 15), 0);
	pf_destroy(m);
}

static void test_sequential_predicts_the_next_pages(void)
{
	struct pf_model *m = make(PF_SEQUENTIAL, 100, 8);
	pf_page out[16];
	pf_run_begin(m);
	pf_note_mapped(m, 12);		       /* resident: skipped */
	size_t n = pf_predict(m, 10, out, 15); /* capped at cap - 1 = 7 */
	CHECK_EQ(n, 7);
	pf_page want[] = {11, 13, 14, 15, 16, 17, 18};
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(out[i], want[i]);
	CHECK_EQ(pf_predict(m, 99, out, 15), 0); /* nothing past the end */
	CHECK_EQ(pf_predict(m, 97, out, 15), 2);
	pf_destroy(m);
}

static void test_stride_learns_a_majority_step(void)
{
	struct pf_model *m = make(PF_STRIDE, 1000, 8);
	pf_page out[16];
	pf_run_begin(m);
	pf_page seq[] = {10, 13, 16, 50, 53, 56}; /* deltas 3,3,34,3,3: majority 3 */
	for (size_t i = 0; i < 6; i++)
		pf_observe_fault(m, seq[i]);
	size_t n = pf_predict(m, 56, out, 4);
	CHECK_EQ(n, 4);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(out[i], 59 + 3 * i);
	pf_run_end(m);
	pf_run_begin(m); /* a new run: no history, no guess */
	CHECK_EQ(pf_predict(m, 56, out, 4), 0);
	pf_page noisy[] = {1, 9, 4, 30, 31, 77}; /* no majority */
	for (size_t i = 0; i < 6; i++)
		pf_observe_fault(m, noisy[i]);
	CHECK_EQ(pf_predict(m, 77, out, 4), 0);
	pf_destroy(m);
}

/* The stride a stream keeps as its steps come is the strict majority a
 * vote over its last 8 steps gives, whatever the steps were. */
static void test_stride_majority_matches_a_vote(void)
{
	struct pf_model *m = make(PF_STRIDE, 4000, 16);
	pf_page out[16];
	int steps[600];
	srand(11);
	pf_run_begin(m);
	pf_page p = 1;
	pf_observe_fault(m, p);
	for (int i = 0; i < 600; i++) {
		/* runs of one step, and mixes, from a few small steps: one stream */
		steps[i] = i % 50 < 20 ? 2 : 1 + rand() % 3;
		p += (pf_page)steps[i];
		pf_observe_fault(m, p);
		int n = i + 1 < 8 ? i + 1 : 8, major = 0;
		for (int j = 0; j < n && !major; j++) {
			int same = 0;
			for (int k = 0; k < n; k++)
				same += steps[i - k] == steps[i - j];
			if (2 * same > n)
				major = steps[i - j];
		}
		size_t got = pf_predict(m, p, out, 1);
		if (n >= 2 && major) {
			CHECK_EQ(got, 1);
			CHECK_EQ(out[0], p + (pf_page)major);
		} else {
			CHECK_EQ(got, 0);
		}
	}
	pf_destroy(m);
}

/* A whole answer noted at once is the same as its pages one by one,
 * pages out of range, repeated or resident already included. */
static void test_mapped_pages_is_mapped_one_by_one(void)
{
	struct pf_model *one = make(PF_SEQUENTIAL, 64, 16), *all = make(PF_SEQUENTIAL, 64, 16);
	pf_page out[16], answer[] = {20, 21, 22, 99, 21, 5, 64, 23};
	pf_run_begin(one);
	pf_run_begin(all);
	pf_note_mapped(one, 5);
	pf_note_mapped(all, 5);
	CHECK_EQ(pf_predict(one, 20, out, 3), 3); /* 21, 22, 23 named */
	CHECK_EQ(pf_predict(all, 20, out, 3), 3);
	for (size_t i = 0; i < sizeof(answer) / sizeof(answer[0]); i++)
		pf_note_mapped(one, answer[i]);
	pf_note_mapped_pages(all, answer, sizeof(answer) / sizeof(answer[0]));
	for (pf_page q = 0; q < 64; q++)
		CHECK_EQ(pf_is_resident(one, q), pf_is_resident(all, q));
	size_t n = pf_predict(one, 19, out, 15); /* 21..23: named, unused: named again */
	pf_page again[16];
	CHECK_EQ(pf_predict(all, 19, again, 15), n);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(again[i], out[i]);
	pf_destroy(one);
	pf_destroy(all);
}

static void test_successor_replays_a_recorded_run(void)
{
	struct pf_model *m = make(PF_SUCCESSOR, 512, 16);
	pf_page walk[] = {3, 40, 41, 90, 200, 201, 300, 511};
	pf_run_begin(m);
	for (size_t i = 0; i < 8; i++)
		pf_observe_fault(m, walk[i]);
	pf_run_end(m);
	pf_page out[16];
	pf_run_begin(m);
	pf_observe_fault(m, 3);
	size_t n = pf_predict(m, 3, out, 15);
	CHECK_EQ(n, 7);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(out[i], walk[i + 1]);
	/* From the middle of the walk, the rest of it. */
	n = pf_predict(m, 90, out, 2);
	CHECK(n == 2 && out[0] == 200 && out[1] == 201);
	pf_destroy(m);
}

static void test_successor_prefers_the_frequent_branch(void)
{
	struct pf_model *m = make(PF_SUCCESSOR, 100, 16);
	pf_page a[] = {1, 2, 3}, b[] = {1, 7, 8};
	for (int r = 0; r < 3; r++) {
		pf_run_begin(m);
		for (int i = 0; i < 3; i++)
			pf_observe_fault(m, a[i]);
		pf_run_end(m);
	}
	pf_run_begin(m);
	for (int i = 0; i < 3; i++)
		pf_observe_fault(m, b[i]);
	pf_run_end(m);
	pf_page out[4];
	pf_run_begin(m);
	CHECK_EQ(pf_predict(m, 1, out, 2), 2);
	CHECK(out[0] == 2 && out[1] == 3);
	pf_destroy(m);
}

static void test_hotset_ranks_by_runs_touched(void)
{
	struct pf_model *m = make(PF_HOTSET, 100, 16);
	/* 10, 20, 30 in every run; 25 in one of four; 40 in three of four. */
	pf_page runs[4][5] = {
	    {10, 20, 25, 30, 40}, {10, 20, 30, 40, 0}, {10, 20, 30, 40, 0}, {10, 20, 30, 0, 0}};
	size_t lens[4] = {5, 4, 4, 3};
	for (int r = 0; r < 4; r++) {
		pf_run_begin(m);
		for (size_t i = 0; i < lens[r]; i++)
			pf_observe_fault(m, runs[r][i]);
		pf_run_end(m);
	}
	pf_page out[8];
	pf_run_begin(m);
	size_t n = pf_predict(m, 12, out, 8);
	CHECK_EQ(n, 3); /* 20, 30, 40 in address order; 25 is not hot */
	CHECK(out[0] == 20 && out[1] == 30 && out[2] == 40);
	pf_destroy(m);
}

/* What is hot drifts: 16 pages hot for 40 runs, then 8 of them cool and
 * 8 others take their place. Within 12 runs the hot set holds the new
 * ones and not the old, where counting every run would take 40. */
static void test_hotset_follows_a_drift(void)
{
	struct pf_model *m = make(PF_HOTSET, 200, 16);
	pf_page hot[16];
	for (int i = 0; i < 16; i++)
		hot[i] = (pf_page)(10 + 5 * i);
	for (int r = 0; r < 52; r++) {
		if (r == 40)
			for (int i = 0; i < 8; i++)
				hot[i] = (pf_page)(101 + 5 * i);
		pf_run_begin(m);
		for (int i = 0; i < 16; i++)
			pf_observe_fault(m, hot[i]);
		pf_run_end(m);
	}
	pf_page out[15];
	pf_run_begin(m);
	size_t n = pf_predict(m, 0, out, 15);
	size_t new_ones = 0, old_ones = 0;
	for (size_t i = 0; i < n; i++) {
		new_ones += out[i] > 100;
		old_ones += out[i] < 50;
	}
	CHECK_EQ(new_ones, 7); /* 101 .. 131: 7 of the 15 pages after 0 */
	CHECK_EQ(old_ones, 0);
	pf_destroy(m);
}

static void test_delta_generalizes_to_a_new_start(void)
{
	/* Learn the step rule p -> p + p % 23 + 1 from walks starting at 3 and
	 * 7; a walk from 5, never seen, is predicted after its first step. */
	struct pf_model *m = make(PF_DELTA, 512, 16);
	pf_page starts[] = {3, 7};
	for (int r = 0; r < 2; r++) {
		pf_run_begin(m);
		for (pf_page p = starts[r], i = 0; i < 32; i++, p = p + p % 23 + 1)
			pf_observe_fault(m, p);
		pf_run_end(m);
	}
	pf_run_begin(m);
	pf_observe_fault(m, 5);
	pf_observe_fault(m, 11); /* 5 + 5 % 23 + 1 */
	pf_page out[16];
	size_t n = pf_predict(m, 11, out, 15);
	CHECK_EQ(n, 15);
	pf_page p = 11;
	int right = 0;
	for (size_t i = 0; i < n; i++) {
		p = p + p % 23 + 1;
		right += out[i] == p;
	}
	CHECK_EQ(right, 15);
	pf_destroy(m);
}

static void test_stride_follows_interleaved_streams(void)
{
	/* Two streams, +1 from 100 and +3 from 700, interleaved. */
	struct pf_model *m = make(PF_STRIDE, 1000, 16);
	pf_run_begin(m);
	for (int i = 0; i < 6; i++) {
		pf_observe_fault(m, (pf_page)(100 + i));
		pf_observe_fault(m, (pf_page)(700 + 3 * i));
	}
	pf_page out[8];
	size_t n = pf_predict(m, 715, out, 4); /* the fault is on the second stream */
	CHECK_EQ(n, 4);
	CHECK(out[0] == 718 && out[1] == 106 && out[2] == 721 && out[3] == 107);
	pf_destroy(m);
}

static void test_hybrid_follows_the_accurate_one(void)
{
	/* A strided scan: the hybrid should learn to follow a predictor of
	 * constant steps (stride, or modulo's period 1) and beat none by far. */
	pf_page scan[60];
	for (int i = 0; i < 60; i++)
		scan[i] = (pf_page)(i * 4);
	static struct drive d;
	drive_init(&d, make(PF_HYBRID, 1000, 16), 1000, 16, 16);
	unsigned faults = drive_run(&d, scan, 60);
	CHECK(faults <= 12); /* none would take 60 */
	CHECK(pf_last_choice(d.m) == PF_STRIDE || pf_last_choice(d.m) == PF_MODULO);
	pf_destroy(d.m);
}

/* A dense walk (every page in order, as a dense model's forward pass
 * reads its weights): every component predicts it, one of them fills each
 * batch, and the faults are the fewest possible, one per batch. */
static void test_hybrid_keeps_a_dense_walk_at_the_oracle(void)
{
	static struct drive d;
	static pf_page walk[4 * 1024];
	for (int i = 0; i < 4 * 1024; i++)
		walk[i] = (pf_page)(i % 1024);
	drive_init(&d, make(PF_HYBRID, 1024, 16), 1024, 16, 16);
	unsigned first = drive_run(&d, walk, 4 * 1024), second = drive_run(&d, walk, 4 * 1024);
	CHECK(first <= 256 + 8); /* the first token teaches it */
	CHECK_EQ(second, 256);
	CHECK(pf_last_choice(d.m) != PF_NONE);
	pf_destroy(d.m);
}

static void test_hybrid_goes_quiet_on_random_access(void)
{
	static struct drive d, base;
	drive_init(&d, make(PF_HYBRID, 4096, 16), 4096, 16, 16);
	drive_init(&base, make(PF_NONE, 4096, 16), 4096, 16, 16);
	srand(3);
	pf_page seq[2000];
	for (int i = 0; i < 2000; i++)
		seq[i] = (pf_page)(rand() % 4096);
	unsigned hyb = drive_run(&d, seq, 2000), none = drive_run(&base, seq, 2000);
	CHECK(hyb <= none + none / 20); /* within 5% of no prefetching */
	CHECK_EQ(pf_last_choice(d.m), PF_NONE);
	pf_destroy(d.m);
	pf_destroy(base.m);
}

static void test_predictions_are_always_clean(void)
{
	/* Whatever the kind: no faulting page, nothing out of range, no
	 * duplicates, at most cap - 1, and no resident page except one it
	 * predicted itself and that has not been used since (named again to
	 * keep it). Here the host maps pages of its own, never predictions. */
	for (int k = 0; k < PF_KIND_COUNT; k++) {
		struct pf_model *m = make((enum pf_kind)k, 64, 8);
		srand(k + 1);
		for (int run = 0; run < 5; run++) {
			pf_run_begin(m);
			int resident[64] = {0};
			for (int step = 0; step < 200; step++) {
				pf_page p = (pf_page)(rand() % 64);
				if (rand() % 2) {
					pf_note_mapped(m, p);
					resident[p] = 1;
				}
				pf_observe_fault(m, p);
				pf_page out[32];
				size_t n = pf_predict(m, p, out, 32);
				CHECK(n <= 7);
				for (size_t i = 0; i < n; i++) {
					CHECK(out[i] < 64 && out[i] != p && !resident[out[i]]);
					for (size_t j = 0; j < i; j++)
						CHECK(out[i] != out[j]);
				}
				if (rand() % 3 == 0) {
					pf_page q = (pf_page)(rand() % 64);
					pf_note_evicted(m, q);
					resident[q] = 0;
				}
			}
			pf_run_end(m);
		}
		pf_destroy(m);
	}
}

static void test_names_round_trip(void)
{
	for (int k = 0; k < PF_KIND_COUNT; k++)
		CHECK_EQ(pf_kind_parse(pf_kind_name((enum pf_kind)k)), k);
	CHECK_EQ(pf_kind_parse("oracle"), -1);
}

/* predictors.def numbers the kinds 0, 1, 2 ... with no gap: every number
 * below PF_KIND_COUNT makes a model and has its own name and a line
 * about it (a duplicate number would not have compiled). */
static void test_every_kind_is_registered(void)
{
	for (int k = 0; k < PF_KIND_COUNT; k++) {
		int err;
		struct pf_params p = {.kind = (enum pf_kind)k, .pages = 64, .cap = 8};
		struct pf_model *m = pf_create(&p, &err);
		CHECK(m != NULL);
		pf_destroy(m);
		CHECK(strcmp(pf_kind_name((enum pf_kind)k), "?") != 0);
		CHECK(strcmp(pf_kind_about((enum pf_kind)k), "?") != 0);
		for (int j = 0; j < k; j++)
			CHECK(strcmp(pf_kind_name((enum pf_kind)j),
				     pf_kind_name((enum pf_kind)k)) != 0);
	}
	CHECK(strcmp(pf_kind_name(PF_KIND_COUNT), "?") == 0);
}

/* Profiles hold kind numbers, so the numbers already given must not move. */
static void test_kind_numbers_never_change(void)
{
	CHECK_EQ(PF_NONE, 0);
	CHECK_EQ(PF_SEQUENTIAL, 1);
	CHECK_EQ(PF_STRIDE, 2);
	CHECK_EQ(PF_SUCCESSOR, 3);
	CHECK_EQ(PF_HOTSET, 4);
	CHECK_EQ(PF_HYBRID, 5);
	CHECK_EQ(PF_DELTA, 6);
	CHECK_EQ(PF_STUDENT, 7);
	CHECK_EQ(PF_MODULO, 8);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_bad_parameters_are_refused),
    CHECK_TEST(test_none_predicts_nothing),
    CHECK_TEST(test_sequential_predicts_the_next_pages),
    CHECK_TEST(test_stride_learns_a_majority_step),
    CHECK_TEST(test_stride_majority_matches_a_vote),
    CHECK_TEST(test_mapped_pages_is_mapped_one_by_one),
    CHECK_TEST(test_successor_replays_a_recorded_run),
    CHECK_TEST(test_successor_prefers_the_frequent_branch),
    CHECK_TEST(test_hotset_ranks_by_runs_touched),
    CHECK_TEST(test_hotset_follows_a_drift),
    CHECK_TEST(test_delta_generalizes_to_a_new_start),
    CHECK_TEST(test_stride_follows_interleaved_streams),
    CHECK_TEST(test_hybrid_follows_the_accurate_one),
    CHECK_TEST(test_hybrid_keeps_a_dense_walk_at_the_oracle),
    CHECK_TEST(test_hybrid_goes_quiet_on_random_access),
    CHECK_TEST(test_predictions_are_always_clean),
    CHECK_TEST(test_names_round_trip),
    CHECK_TEST(test_every_kind_is_registered),
    CHECK_TEST(test_kind_numbers_never_change),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("predictors", tests, argc, argv);
}
