/*
 * sim.h - replaying a trace against a resident cap and a predictor.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include "trace.h"

enum evict_rule { EVICT_FIFO, EVICT_LRU };

struct sim_config {
	enum pf_kind kind;
	uint32_t cap;	/* resident pages at most */
	uint32_t batch; /* pages mapped per fault at most, the faulting one included */
	uint32_t hold;	/* predicted pages kept past the batch, for the next fault (sim.c) */
	enum evict_rule evict;
	bool learn_later; /* the model learns only off track and at run edges (as a pager on a busy CPU) */
};

struct sim_counts {
	unsigned long accesses, faults, prefetched, prefetched_used, prefetched_unused, evictions;
	unsigned long held; /* of the faults, answered with held pages (no prediction) */
	unsigned long oracle; /* fewest faults possible (see oracle.h) */
	int oracle_exact;     /* 1 if the oracle is exact for every run counted */
};

/* What happened at one access, for pictures. */
enum sim_event { EV_HIT, EV_FAULT, EV_PREFETCHED_HIT };

struct sim_trace_log {
	/* per access of the logged run: the event; per fault: pages mapped and
	 * pages evicted unused, flattened with counts */
	unsigned char *events;
	size_t n;
	pf_page *prefetched; /* (access index, page) pairs */
	size_t nprefetched;
	pf_page *unused; /* (access index, page) pairs: evicted without use */
	size_t nunused;
};

/* Replay all runs in order with one model (so it learns across runs).
 * per_run (nruns entries) and total are filled in. If log_run >= 0, that
 * run's events are logged into log. Returns 0 or -1 (bad configuration). */
int sim_replay(const struct trace *t, const struct sim_config *c, struct sim_counts *per_run,
	       struct sim_counts *total, long log_run, struct sim_trace_log *log);
void sim_log_free(struct sim_trace_log *log);

#endif
