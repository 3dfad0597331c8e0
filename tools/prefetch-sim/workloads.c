/*
 * workloads.c - the access patterns the benchmark measures.
 *
 *   llm          the task's program: 512 pages, 32 accesses a run, first
 *                page rand() % 9 + 1, then p = p + (p % 23) + 1
 *   recurrence   another sparse increasing recurrence, p = p + (p % 31) + 2,
 *                from a random start, 120 accesses over 4096 pages
 *   layers       LLM-like: each run is one token; each of 8 layers (128
 *                pages each) touches its hot subset (about a quarter of its
 *                pages) in increasing order; a few pages join or leave the
 *                hot set per token (noise), and the set drifts slowly
 *   strided      one stride per run (from 2..9), from a random start,
 *                200 accesses
 *   streams      three interleaved increasing streams in separate regions,
 *                each with its own stride, 600 accesses
 *   random       uniformly random pages with repeats: nothing to predict
 *   dense        densebench's walk: every page of a 1024-page file in order,
 *                once a token, 4 tokens a run (a dense model's forward pass)
 *
 * and families whose parameters are drawn from the seed, so that the
 * benchmark, which draws a fresh seed each time, judges the predictors on
 * rules nobody has seen (the trace's `drawn` says which were drawn):
 *
 *   family       p = p + (p % m) + c, m in 5..40, c in 1..6, from a random
 *                start in 1..64, 48 accesses over 2048 pages
 *   scrambled    p = p + (p * a % m) + c: the step a permuted function of
 *                the residue, m in 5..40, a in 2..m-1, c in 1..4
 *   hashed       p = p + 1 + hash(p, salt) % g, g in 8..32: a step that is
 *                a function of the page but of no period, 64 accesses
 *   passes       a random sparse set of 100..300 of 4096 pages, walked in
 *                increasing order 2..4 times a run
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "workloads.h"

static unsigned long rng_state;

static unsigned long rng(void)
{
	/* xorshift64*: small, fast, reproducible everywhere */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 2685821657736338717ULL) >> 33;
}

static void gen_llm(struct trace *t, unsigned runs)
{
	t->pages = 512;
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long p = rng() % 9 + 1;
		for (int i = 0; i < 32 && p < t->pages; i++) {
			trace_add(t, (pf_page)p);
			p = p + (p % 23) + 1;
		}
	}
}

static void gen_recurrence(struct trace *t, unsigned runs)
{
	t->pages = 4096;
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long p = rng() % 16 + 1;
		for (int i = 0; i < 120 && p < t->pages; i++) {
			trace_add(t, (pf_page)p);
			p = p + (p % 31) + 2;
		}
	}
}

#define LAYERS	    8
#define LAYER_PAGES 128

static void gen_layers(struct trace *t, unsigned runs)
{
	static unsigned char hot[LAYERS][LAYER_PAGES];
	t->pages = LAYERS * LAYER_PAGES;
	for (int l = 0; l < LAYERS; l++)
		for (int i = 0; i < LAYER_PAGES; i++)
			hot[l][i] = rng() % 4 == 0;
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		for (int l = 0; l < LAYERS; l++) {
			/* Drift: every 8 tokens one hot page moves. */
			if (r % 8 == 7) {
				int out = (int)(rng() % LAYER_PAGES),
				    in = (int)(rng() % LAYER_PAGES);
				hot[l][out] = 0;
				hot[l][in] = 1;
			}
			for (int i = 0; i < LAYER_PAGES; i++) {
				int noise =
				    rng() % 64 == 0; /* about 1 in 64 pages flips this token */
				if (hot[l][i] ^ noise)
					trace_add(t, (pf_page)(l * LAYER_PAGES + i));
			}
		}
	}
}

static void gen_strided(struct trace *t, unsigned runs)
{
	t->pages = 4096;
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long stride = rng() % 8 + 2, p = rng() % 1024;
		for (int i = 0; i < 200 && p < t->pages; i++, p += stride)
			trace_add(t, (pf_page)p);
	}
}

static void gen_streams(struct trace *t, unsigned runs)
{
	t->pages = 3 * 1024; /* each stream stays in its own 1024 pages */
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long pos[3], stride[3];
		for (int s = 0; s < 3; s++) {
			pos[s] = (unsigned long)s * 1024 + rng() % 256;
			stride[s] = s + 1;
		}
		for (int i = 0; i < 600; i++) {
			int s = i % 3;
			trace_add(t, (pf_page)pos[s]);
			pos[s] += stride[s];
		}
	}
}

static void gen_random(struct trace *t, unsigned runs)
{
	t->pages = 2048;
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		for (int i = 0; i < 64; i++)
			trace_add(t, (pf_page)(rng() % t->pages));
	}
}

#define DENSE_TOKENS 4

static void gen_dense(struct trace *t, unsigned runs)
{
	t->pages = 1024;
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		for (int token = 0; token < DENSE_TOKENS; token++)
			for (pf_page p = 0; p < t->pages; p++)
				trace_add(t, p);
	}
}

static unsigned long draw(unsigned long lo, unsigned long hi)
{
	return lo + rng() % (hi - lo + 1);
}

static void gen_family(struct trace *t, unsigned runs)
{
	unsigned long m = draw(5, 40), c = draw(1, 6);
	t->pages = 2048;
	snprintf(t->drawn, sizeof(t->drawn), "m=%lu c=%lu", m, c);
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long p = draw(1, 64);
		for (int i = 0; i < 48 && p < t->pages; i++) {
			trace_add(t, (pf_page)p);
			p = p + (p % m) + c;
		}
	}
}

static void gen_scrambled(struct trace *t, unsigned runs)
{
	unsigned long m = draw(5, 40), a = draw(2, m - 1), c = draw(1, 4);
	t->pages = 2048;
	snprintf(t->drawn, sizeof(t->drawn), "m=%lu a=%lu c=%lu", m, a, c);
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long p = draw(1, 64);
		for (int i = 0; i < 48 && p < t->pages; i++) {
			trace_add(t, (pf_page)p);
			p = p + (p * a % m) + c;
		}
	}
}

static unsigned long mix(unsigned long x)
{
	x ^= x >> 16;
	x *= 0x45d9f3bUL;
	x ^= x >> 16;
	return x;
}

static void gen_hashed(struct trace *t, unsigned runs)
{
	unsigned long g = draw(8, 32), salt = rng();
	t->pages = 4096;
	snprintf(t->drawn, sizeof(t->drawn), "g=%lu salt=%lu", g, salt % 100000);
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		unsigned long p = draw(0, 255);
		for (int i = 0; i < 64 && p < t->pages; i++) {
			trace_add(t, (pf_page)p);
			p = p + 1 + mix(p ^ salt) % g;
		}
	}
}

static void gen_passes(struct trace *t, unsigned runs)
{
	static unsigned char in_set[4096];
	unsigned long k = draw(100, 300), passes = draw(2, 4);
	t->pages = 4096;
	memset(in_set, 0, sizeof(in_set));
	for (unsigned long n = 0; n < k;) {
		unsigned long p = rng() % t->pages;
		n += !in_set[p];
		in_set[p] = 1;
	}
	snprintf(t->drawn, sizeof(t->drawn), "%lu pages, %lu passes", k, passes);
	for (unsigned r = 0; r < runs; r++) {
		trace_new_run(t);
		for (unsigned long pass = 0; pass < passes; pass++)
			for (pf_page p = 0; p < t->pages; p++)
				if (in_set[p])
					trace_add(t, p);
	}
}

/* The order is the benchmark's: each workload's seed is 2024 + its row. */
const struct workload workloads[] = {
    {"llm", "the task's llm program: 32 sparse increasing accesses over 512 pages", gen_llm, 60,
     GOAL_LEARNS_TO_ORACLE, 1u << PF_HYBRID | 1u << PF_NONE, false},
    {"recurrence", "p = p + (p % 31) + 2 over 4096 pages, random start, 120 accesses",
     gen_recurrence, 30, GOAL_NEAR_ORACLE, 0, false},
    {"layers", "LLM-like: 8 layers x hot quarter of 128 pages, noise and drift per token",
     gen_layers, 64, GOAL_BEATS_BEST_SINGLE, 1u << PF_HYBRID, false},
    {"strided", "one stride (2..9) per run from a random start, 200 accesses", gen_strided, 30,
     GOAL_NEAR_ORACLE, 0, false},
    {"streams", "three interleaved increasing streams, 600 accesses", gen_streams, 30,
     GOAL_NEAR_ORACLE, 0, false},
    {"random", "uniformly random pages (with repeats), 64 per run over 2048 pages", gen_random, 30,
     GOAL_DOES_NO_HARM, 0, false},
    {"family", "p = p + (p % m) + c, m and c drawn, random start, 48 accesses", gen_family, 20,
     GOAL_GENERALIZES, 1u << PF_HYBRID, true},
    {"scrambled", "p = p + (p * a % m) + c, m, a, c drawn, random start, 48 accesses",
     gen_scrambled, 20, GOAL_GENERALIZES, 0, true},
    {"hashed", "p = p + 1 + hash(p, salt) % g, g and salt drawn, random start, 64 accesses",
     gen_hashed, 30, GOAL_NEAR_BEST_SINGLE, 0, true},
    {"passes", "2..4 passes a run over one drawn sparse set of 100..300 of 4096 pages",
     gen_passes, 20, GOAL_NEAR_BEST_SINGLE, 0, true},
    /* After the drawn ones, so that adding it kept their seeds (2024 + row). */
    {"dense", "every page of 1024 in order, 4 tokens a run (densebench)", gen_dense, 4,
     GOAL_NEAR_ORACLE, 0, false},
    {NULL, NULL, NULL, 0, GOAL_NEAR_ORACLE, 0, false},
};

const struct workload *workload_find(const char *name)
{
	for (const struct workload *w = workloads; w->name; w++)
		if (strcmp(name, w->name) == 0)
			return w;
	return NULL;
}

int workload_generate(const char *name, unsigned runs, unsigned long seed, struct trace *t)
{
	const struct workload *w = workload_find(name);
	memset(t, 0, sizeof(*t));
	if (!w)
		return -1;
	rng_state = seed ? seed : 1;
	w->generate(t, runs);
	return 0;
}
