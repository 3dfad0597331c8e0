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
 */
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

/* The order is the benchmark's: each workload's seed is 2024 + its row. */
const struct workload workloads[] = {
    {"llm", "the task's llm program: 32 sparse increasing accesses over 512 pages", gen_llm, 60,
     GOAL_LEARNS_TO_ORACLE, 1u << PF_HYBRID | 1u << PF_NONE},
    {"recurrence", "p = p + (p % 31) + 2 over 4096 pages, random start, 120 accesses",
     gen_recurrence, 30, GOAL_NEAR_ORACLE, 0},
    {"layers", "LLM-like: 8 layers x hot quarter of 128 pages, noise and drift per token",
     gen_layers, 64, GOAL_NEAR_BEST_SINGLE, 1u << PF_HYBRID},
    {"strided", "one stride (2..9) per run from a random start, 200 accesses", gen_strided, 30,
     GOAL_NEAR_ORACLE, 0},
    {"streams", "three interleaved increasing streams, 600 accesses", gen_streams, 30,
     GOAL_NEAR_ORACLE, 0},
    {"random", "uniformly random pages (with repeats), 64 per run over 2048 pages", gen_random, 30,
     GOAL_DOES_NO_HARM, 0},
    {NULL, NULL, NULL, 0, GOAL_NEAR_ORACLE, 0},
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
