/*
 * oracle.h - the fewest faults any prefetcher could reach on a run.
 */
#ifndef SIM_ORACLE_H
#define SIM_ORACLE_H

#include "sim.h"

/* Faults of the best prefetcher for this run under cap, batch and the
 * eviction rule, starting with nothing resident. *exact is 1 when the
 * answer is exact (a run without repeated pages, or small enough to
 * search), 0 when it is the greedy schedule's count (an upper bound). */
unsigned long oracle_faults(const struct run *r, const struct sim_config *c, int *exact);
/* Exhaustive search, for small runs (the tests compare against it). */
unsigned long oracle_search(const struct run *r, const struct sim_config *c);

#endif
