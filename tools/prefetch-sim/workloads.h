/*
 * workloads.h - trace generators for evaluating predictors.
 *
 * These are workloads, not predictors: the library never sees them. Each
 * is reproducible from its seed.
 */
#ifndef SIM_WORKLOADS_H
#define SIM_WORKLOADS_H

#include "trace.h"

/* Fill t with `runs` runs of the named workload: 0, or -1 if unknown. */
int workload_generate(const char *name, unsigned runs, unsigned long seed, struct trace *t);
/* The names, NULL-terminated. */
extern const char *const workload_names[];
/* One line about a workload. */
const char *workload_describe(const char *name);

#endif
