/*
 * test_learn_later.c - a model that keeps what it is told and learns it
 * when the host has time (learn_later), as the file server's pager does.
 */
#include "check.h"
#include "drive.h"

static struct pf_model *make(enum pf_kind kind, uint32_t pages, uint32_t cap, bool later)
{
	int err;
	struct pf_params p = {.kind = kind, .pages = pages, .cap = cap, .learn_later = later};
	struct pf_model *m = pf_create(&p, &err);
	CHECK(m != NULL);
	return m;
}

/* A sparse walk with a rule of its own, 32 pages from `start`. */
static size_t walk(pf_page *out, pf_page start)
{
	pf_page p = start;
	for (size_t i = 0; i < 32; i++, p = p + p % 23 + 1)
		out[i] = p;
	return 32;
}

static void test_accesses_wait_until_learned(void)
{
	struct pf_model *m = make(PF_SUCCESSOR, 100, 8, true);
	pf_run_begin(m);
	pf_observe_fault(m, 1);
	pf_observe_access(m, 2);
	pf_observe_access(m, 3);
	CHECK_EQ(pf_lessons(m), 3);
	CHECK_EQ(pf_learn(m, 1), 2); /* the oldest first */
	CHECK_EQ(pf_learn(m, 10), 0);
	pf_observe_access(m, 4);
	pf_observe_access(m, 5);
	pf_run_end(m); /* a run's end learns everything */
	CHECK_EQ(pf_lessons(m), 0);
	pf_destroy(m);
}

static void test_a_full_ring_learns_the_oldest(void)
{
	struct pf_model *m = make(PF_SUCCESSOR, 100, 8, true);
	pf_run_begin(m);
	for (unsigned i = 0; i < PF_LESSONS + 5; i++)
		pf_observe_access(m, i % 100);
	CHECK_EQ(pf_lessons(m), PF_LESSONS);
	pf_run_begin(m); /* so does a run's start */
	CHECK_EQ(pf_lessons(m), 0);
	pf_destroy(m);
}

static void test_a_model_that_learns_now_keeps_nothing(void)
{
	struct pf_model *m = make(PF_SUCCESSOR, 100, 8, false);
	pf_run_begin(m);
	pf_observe_fault(m, 1);
	pf_observe_access(m, 2);
	CHECK_EQ(pf_lessons(m), 0);
	CHECK_EQ(pf_learn(m, 10), 0);
	pf_destroy(m);
}

/* Taught the same runs, a model that learns later takes the same faults
 * once it has learned a walk, and it predicts a learned run's second
 * batch without learning anything first: the program is on its track. */
static void test_on_track_it_predicts_without_learning(void)
{
	static struct drive now, later;
	pf_page w[32];
	drive_init(&now, make(PF_HYBRID, 512, 16, false), 512, 16, 16);
	drive_init(&later, make(PF_HYBRID, 512, 16, true), 512, 16, 16);
	for (int round = 0; round < 3; round++)
		for (pf_page start = 1; start <= 9; start++) {
			size_t n = walk(w, start);
			unsigned a = drive_run(&now, w, n), b = drive_run(&later, w, n);
			if (round == 2)
				CHECK_EQ(b, a);
		}
	/* A learned run, by hand: its second fault finds the accesses since
	 * the first still kept, and keeps them. */
	size_t n = walk(w, 5);
	unsigned faults = 0;
	while (rset_pop_oldest(&later.set, &(uint32_t){0}))
		;
	pf_run_begin(later.m);
	for (size_t i = 0; i < n; i++) {
		size_t kept = pf_lessons(later.m);
		if (drive_access(&later, w[i]) && ++faults == 2)
			CHECK(pf_lessons(later.m) > kept);
	}
	pf_run_end(later.m);
	CHECK_EQ(faults, 2);
	pf_destroy(now.m);
	pf_destroy(later.m);
}

/* Off track (pages the last prediction put in went unused), a prediction
 * learns everything kept first. */
static void test_off_track_it_learns_first(void)
{
	struct pf_model *m = make(PF_SEQUENTIAL, 100, 8, true);
	pf_page out[8];
	pf_run_begin(m);
	pf_observe_fault(m, 10);
	size_t n = pf_predict(m, 10, out, 7);
	CHECK(n > 0);
	pf_note_mapped(m, 10);
	pf_note_mapped_pages(m, out, n);
	pf_observe_access(m, out[0]); /* one used, the rest never */
	for (size_t i = 1; i < n; i++)
		pf_note_evicted(m, out[i]);
	pf_observe_fault(m, 50);
	CHECK(pf_lessons(m) > 0);
	pf_predict(m, 50, out, 7);
	CHECK_EQ(pf_lessons(m), 0);
	pf_destroy(m);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_accesses_wait_until_learned),
    CHECK_TEST(test_a_full_ring_learns_the_oldest),
    CHECK_TEST(test_a_model_that_learns_now_keeps_nothing),
    CHECK_TEST(test_on_track_it_predicts_without_learning),
    CHECK_TEST(test_off_track_it_learns_first),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("learn later", tests, argc, argv);
}
