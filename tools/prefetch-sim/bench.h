/* bench.h - every workload against every predictor, with the targets. */
#ifndef SIM_BENCH_H
#define SIM_BENCH_H

/* Write the table, CSV and pictures under outdir; print the table and the
 * targets. The workloads marked fresh draw their parameters from `seed`
 * (0: a new one from the clock, printed so that -s SEED repeats it).
 * 0, or 1 if something could not be written. */
int bench_run(const char *outdir, unsigned long seed);

#endif
