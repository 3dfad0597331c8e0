/* plot.h - a picture of one run. */
#ifndef SIM_PLOT_H
#define SIM_PLOT_H

#include "sim.h"

/* Draw run `index` of t (logged in log) as a PNG at path, with gnuplot:
 * page number against access order, faults, prefetched pages (used or
 * not) and evictions marked. 0, or -1 if gnuplot failed. */
int plot_run(const struct trace *t, size_t index, const struct sim_trace_log *log,
	     const char *title, const char *path);

#endif
