/*
 * test_sim.c - the simulator's accounting on traces worked out by hand,
 * the trace parser, the workloads, and the oracle against brute force.
 */
#include <stdlib.h>
#include "check.h"
#include "oracle.h"
#include "sim.h"
#include "trace.h"
#include "workloads.h"

static struct trace parse(const char *text, int *ok)
{
	struct trace t;
	char err[128];
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	*ok = trace_read(f, &t, err, sizeof(err)) == 0;
	fclose(f);
	return t;
}

static void parse_error(const char *text, const char *want)
{
	struct trace t;
	char err[128] = "";
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r = trace_read(f, &t, err, sizeof(err));
	fclose(f);
	CHECK(r < 0);
	if (!strstr(err, want)) {
		char msg[256];
		snprintf(msg, sizeof(msg), "error '%s' lacks '%s'", err, want);
		check_fail(__FILE__, __LINE__, msg);
	}
}

static void test_trace_format(void)
{
	int ok;
	struct trace t = parse("# pages 10\n1\n2\n\n\n3\n# a comment\n4\n", &ok);
	CHECK(ok);
	CHECK_EQ(t.pages, 10);
	CHECK_EQ(t.nruns, 2);
	CHECK(t.runs[0].n == 2 && t.runs[1].n == 2 && t.runs[1].pages[1] == 4);
	trace_free(&t);
	t = parse("5\n7\n", &ok);
	CHECK(ok && t.pages == 8); /* no header: largest page + 1 */
	trace_free(&t);
	parse_error("# pages 4\n1\n4\n", "line 3: page 4 is outside");
	parse_error("1\nx7\n", "line 2: not a page number");
	parse_error("1\n-3\n", "line 2: not a page number");
	parse_error("12abc\n", "line 1: not a page number");
	parse_error("99999999999\n", "outside");
	parse_error("# only a comment\n", "no accesses");
	parse_error("# pages 0\n1\n", "page count out of range");
}

static struct sim_counts replay(const char *text, enum pf_kind kind, uint32_t cap, uint32_t batch,
				enum evict_rule evict)
{
	int ok;
	struct trace t = parse(text, &ok);
	struct sim_config c = {.kind = kind, .cap = cap, .batch = batch, .evict = evict};
	struct sim_counts *per = calloc(t.nruns, sizeof(*per)), total;
	CHECK_EQ(sim_replay(&t, &c, per, &total, -1, NULL), 0);
	free(per);
	trace_free(&t);
	return total;
}

static void test_accounting_sequential_by_hand(void)
{
	/* Sequential, cap 2, batch 2, FIFO, pages 0..9: accesses 0 1 2 5 6 9.
	 *  0: fault, map 0 and 1 (prefetched)            resident {0,1}
	 *  1: hit, prefetched used                          used 1
	 *  2: fault, map 2 and 3; evicts 0 and 1           evictions 2
	 *  5: fault, map 5, 6; evicts 2, 3 (3 unused)      evictions 4, unused 1
	 *  6: hit, prefetched used                          used 2
	 *  9: fault, map 9 (10 is past the end); evicts 5  evictions 5
	 * end of run: nothing prefetched is left unused.
	 * faults 4, prefetched 3, used 2, unused 1, evictions 5. */
	struct sim_counts s =
	    replay("# pages 10\n0\n1\n2\n5\n6\n9\n", PF_SEQUENTIAL, 2, 2, EVICT_FIFO);
	CHECK_EQ(s.accesses, 6);
	CHECK_EQ(s.faults, 4);
	CHECK_EQ(s.prefetched, 3);
	CHECK_EQ(s.prefetched_used, 2);
	CHECK_EQ(s.prefetched_unused, 1);
	CHECK_EQ(s.evictions, 5);
	/* Oracle: 6 distinct pages, 2 per fault: 3. */
	CHECK_EQ(s.oracle, 3);
	CHECK_EQ(s.oracle_exact, 1);
}

static void test_naming_a_resident_page_keeps_it(void)
{
	/* Successor, cap 3, batch 3, FIFO; run 1 teaches 1 -> 2 -> 3. */
	int ok;
	struct trace t = parse("1\n2\n3\n\n1\n9\n2\n3\n", &ok);
	struct sim_config c = {.kind = PF_SUCCESSOR, .cap = 3, .batch = 3, .evict = EVICT_FIFO};
	struct sim_counts per[2], total;
	sim_replay(&t, &c, per, &total, -1, NULL);
	/* Run 2: 1 faults, maps 1, 2, 3 (2 and 3 predicted). 9 faults: the
	 * model has nothing after 9, maps 9 and evicts the oldest, 1. Then 2
	 * and 3 are hits: the surprise cost one fault and no prediction. */
	CHECK_EQ(per[1].faults, 2);
	CHECK_EQ(per[1].prefetched_used, 2);
	trace_free(&t);
}

static void test_fifo_and_lru_differ(void)
{
	/* No prefetching, cap 2: 1 2 1 3 1.
	 * FIFO: 1F 2F 1h 3F(evicts 1, the oldest mapped) 1F: 4 faults.
	 * LRU:  1F 2F 1h 3F(evicts 2, least recently used) 1h: 3 faults. */
	const char *t = "1\n2\n1\n3\n1\n";
	CHECK_EQ(replay(t, PF_NONE, 2, 1, EVICT_FIFO).faults, 4);
	CHECK_EQ(replay(t, PF_NONE, 2, 1, EVICT_LRU).faults, 3);
}

static void test_runs_learn_from_each_other(void)
{
	/* The successor graph: run 1 faults on every page; run 2, the same
	 * walk, takes one fault (cap 8 holds it all). */
	int ok;
	struct trace t = parse("3\n9\n4\n20\n\n3\n9\n4\n20\n", &ok);
	struct sim_config c = {.kind = PF_SUCCESSOR, .cap = 8, .batch = 8, .evict = EVICT_FIFO};
	struct sim_counts per[2], total;
	sim_replay(&t, &c, per, &total, -1, NULL);
	CHECK_EQ(per[0].faults, 4);
	CHECK_EQ(per[1].faults, 1);
	CHECK_EQ(per[1].prefetched_used, 3);
	trace_free(&t);
}

static void test_held_pages_answer_the_next_fault(void)
{
	/* Successor, cap 4, batch 4, hold 4. Run 1 teaches the chain
	 * 0 -> 1 -> ... -> 7. Run 2 walks it again: the fault on 0 maps 0..3
	 * and holds 4..7; every page of the batch is used, so the fault on 4
	 * is answered with the held pages, no prediction. Run 3 skips 3: a
	 * batch page unused, so the fault on 4 goes to the predictor. Run 4
	 * leaves the chain after 3: a fault on a page not held drops them. */
	int ok;
	struct trace t = parse("# pages 20\n0\n1\n2\n3\n4\n5\n6\n7\n\n"
			       "0\n1\n2\n3\n4\n5\n6\n7\n\n"
			       "0\n1\n2\n4\n5\n6\n7\n\n"
			       "0\n1\n2\n3\n9\n4\n5\n6\n7\n",
			       &ok);
	struct sim_config c = {
	    .kind = PF_SUCCESSOR, .cap = 4, .batch = 4, .hold = 4, .evict = EVICT_FIFO};
	struct sim_counts per[4], total;
	CHECK_EQ(sim_replay(&t, &c, per, &total, -1, NULL), 0);
	CHECK_EQ(per[1].faults, 2);
	CHECK_EQ(per[1].held, 1);
	CHECK_EQ(per[1].prefetched_used, 6);
	CHECK_EQ(per[2].held, 0);
	CHECK_EQ(per[3].held, 0);
	/* Without holding, run 2 takes the same faults, each one predicted. */
	c.hold = 0;
	CHECK_EQ(sim_replay(&t, &c, per, &total, -1, NULL), 0);
	CHECK_EQ(per[1].faults, 2);
	CHECK_EQ(total.held, 0);
	trace_free(&t);
}

static void test_bad_configuration(void)
{
	int ok;
	struct trace t = parse("1\n", &ok);
	struct sim_counts per[1], total;
	struct sim_config too_big = {.kind = PF_NONE, .cap = 4, .batch = 5, .evict = EVICT_FIFO},
			  zero = {.kind = PF_NONE, .cap = 0, .batch = 0, .evict = EVICT_FIFO},
			  deep = {.kind = PF_NONE, .cap = 4, .batch = 4, .hold = 257};
	CHECK(sim_replay(&t, &too_big, per, &total, -1, NULL) < 0);
	CHECK(sim_replay(&t, &zero, per, &total, -1, NULL) < 0);
	CHECK(sim_replay(&t, &deep, per, &total, -1, NULL) < 0);
	trace_free(&t);
}

static void test_llm_workload_shape(void)
{
	struct trace t;
	CHECK_EQ(workload_generate("llm", 50, 7, &t), 0);
	CHECK_EQ(t.pages, 512);
	CHECK_EQ(t.nruns, 50);
	for (size_t r = 0; r < t.nruns; r++) {
		CHECK_EQ(t.runs[r].n, 32);
		CHECK(t.runs[r].pages[0] >= 1 && t.runs[r].pages[0] <= 9);
		for (size_t i = 1; i < t.runs[r].n; i++) {
			pf_page p = t.runs[r].pages[i - 1];
			CHECK_EQ(t.runs[r].pages[i], p + p % 23 + 1);
			CHECK(t.runs[r].pages[i] < 512);
		}
	}
	trace_free(&t);
	CHECK(workload_generate("no-such", 1, 1, &t) < 0);
}

/* Every row of the workload table is whole, and found by its own name:
 * the benchmark reads a workload's runs and goal from its row. */
static void test_workload_table_is_whole(void)
{
	int n = 0;
	for (const struct workload *w = workloads; w->name; w++, n++) {
		CHECK(workload_find(w->name) == w);
		CHECK(w->about && w->about[0] && w->generate && w->bench_runs > 0);
		CHECK(w->drawn < 1u << PF_KIND_COUNT);
		struct trace t;
		CHECK_EQ(workload_generate(w->name, 2, 1, &t), 0);
		CHECK(t.nruns == 2 && t.pages > 0);
		trace_free(&t);
	}
	CHECK(n > 0 && n <= 16); /* bench.c keeps at most 16 */
	CHECK(workload_find("no-such") == NULL);
}

/* Exhaustive search and the oracle agree; and no predictor beats them. */
static void test_oracle_against_brute_force(void)
{
	srand(11);
	for (int round = 0; round < 300; round++) {
		pf_page pages[8];
		struct run r = {pages, (size_t)(3 + rand() % 5)};
		int repeats = rand() % 2;
		for (size_t i = 0; i < r.n; i++)
			pages[i] = repeats ? (pf_page)(rand() % 4)
					   : (pf_page)(i * 2 + (size_t)(rand() % 2));
		struct sim_config c = {.kind = PF_NONE,
				       .cap = (uint32_t)(1 + rand() % 3),
				       .batch = 1,
				       .evict = rand() % 2 ? EVICT_FIFO : EVICT_LRU};
		c.batch = (uint32_t)(1 + rand() % c.cap);
		int exact;
		unsigned long oracle = oracle_faults(&r, &c, &exact);
		unsigned long brute = oracle_search(&r, &c);
		CHECK(exact);
		CHECK_EQ(oracle, brute);
		/* No real predictor does better than the oracle. */
		struct trace t = {64, &r, 1, ""};
		for (int k = 0; k < PF_KIND_COUNT; k++) {
			struct sim_config ck = c;
			ck.kind = (enum pf_kind)k;
			struct sim_counts per, total;
			sim_replay(&t, &ck, &per, &total, -1, NULL);
			CHECK(per.faults >= brute);
		}
	}
}

static void test_oracle_by_hand(void)
{
	/* cap 2, batch 2, FIFO: 1 2 1 3 with future knowledge: fault at 1,
	 * map 1+2; 2 hit; 1 hit; fault at 3 -> 2 faults. A repeat-free run of
	 * 7 pages with batch 3: ceil(7/3) = 3. */
	pf_page a[] = {1, 2, 1, 3};
	struct run ra = {a, 4};
	struct sim_config c = {.kind = PF_NONE, .cap = 2, .batch = 2, .evict = EVICT_FIFO};
	CHECK_EQ(oracle_search(&ra, &c), 2);
	pf_page b[] = {1, 5, 9, 10, 11, 40, 41};
	struct run rb = {b, 7};
	struct sim_config c3 = {.kind = PF_NONE, .cap = 4, .batch = 3, .evict = EVICT_FIFO};
	int exact;
	CHECK_EQ(oracle_faults(&rb, &c3, &exact), 3);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_trace_format),
    CHECK_TEST(test_accounting_sequential_by_hand),
    CHECK_TEST(test_naming_a_resident_page_keeps_it),
    CHECK_TEST(test_fifo_and_lru_differ),
    CHECK_TEST(test_runs_learn_from_each_other),
    CHECK_TEST(test_held_pages_answer_the_next_fault),
    CHECK_TEST(test_bad_configuration),
    CHECK_TEST(test_llm_workload_shape),
    CHECK_TEST(test_workload_table_is_whole),
    CHECK_TEST(test_oracle_against_brute_force),
    CHECK_TEST(test_oracle_by_hand),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("sim", tests, argc, argv);
}
