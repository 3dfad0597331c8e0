/* report.h - printing simulation results for people and for scripts. */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdio.h>
#include "sim.h"

enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_JSON };

/* One trace replayed with one configuration: per run and total. */
void report_runs(FILE *f, enum report_format fmt, const struct sim_config *c,
		 const struct sim_counts *per_run, size_t nruns, const struct sim_counts *total);

#endif
