/*
 * workloads.h - trace generators for evaluating predictors.
 *
 * These are workloads, not predictors: the library never sees them. Each
 * is reproducible from its seed.
 */
#ifndef SIM_WORKLOADS_H
#define SIM_WORKLOADS_H

#include <stdbool.h>
#include "trace.h"

/* What the benchmark expects of the hybrid on a workload (bench.c). */
enum workload_goal {
	GOAL_LEARNS_TO_ORACLE, /* most learned runs at the oracle; the cold run no worse than none
				*/
	GOAL_NEAR_BEST_SINGLE, /* within 1.1x of the best single predictor, far below none */
	GOAL_BEATS_BEST_SINGLE, /* at least 15% fewer faults than the best single one, far below
				   none */
	GOAL_DOES_NO_HARM,     /* nothing to predict: every predictor within 5% of none */
	GOAL_NEAR_ORACLE,      /* within 1.25x of the oracle */
	GOAL_GENERALIZES,      /* a rule from unseen starts: all runs within 1.3x of the oracle,
				  from the 3rd run on within 1.5x */
};

/* One row per workload: everything about it in one place, so that the
 * benchmark finds a workload's goal and runs here and not by its name. */
struct workload {
	const char *name;
	const char *about; /* one line, for `list` and trace headers */
	void (*generate)(struct trace *t, unsigned runs);
	unsigned bench_runs;	 /* runs the benchmark replays */
	enum workload_goal goal; /* what the benchmark checks */
	unsigned drawn;		 /* predictors (1 << kind) whose run 40 the benchmark draws */
	bool fresh;		 /* its parameters are drawn from the seed: the benchmark
				    draws a new seed each time (and prints it) */
};

/* The workloads, ended by a row whose name is NULL. */
extern const struct workload workloads[];

/* The workload called `name`, or NULL. */
const struct workload *workload_find(const char *name);
/* Fill t with `runs` runs of the named workload: 0, or -1 if unknown. */
int workload_generate(const char *name, unsigned runs, unsigned long seed, struct trace *t);

#endif
