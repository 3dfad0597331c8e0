/*
 * main.c - the prefetch-sim command line.
 *
 *   prefetch-sim gen WORKLOAD [-r RUNS] [-s SEED]       a trace, to stdout
 *   prefetch-sim sim TRACE [-p PREDICTOR] [-c CAP] [-b BATCH] [-h HOLD] [-e fifo|lru]
 *                [--learn-later] [--csv | --json] [--plot RUN FILE.png]
 *   prefetch-sim bench OUTDIR [-s SEED]
 *   prefetch-sim list
 *
 * TRACE may be "-" for standard input. See README.md for the formats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"
#include "plot.h"
#include "report.h"
#include "sim.h"
#include "workloads.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: prefetch-sim gen WORKLOAD [-r RUNS] [-s SEED]\n"
		"       prefetch-sim sim TRACE [-p PREDICTOR] [-c CAP] [-b BATCH] [-h HOLD]\n"
		"                    [-e fifo|lru]\n"
		"                    [--learn-later] [--csv|--json] [--plot RUN FILE.png]\n"
		"       prefetch-sim bench OUTDIR [-s SEED]\n"
		"       prefetch-sim list\n");
	return 2;
}

static long number(const char *s, const char *what)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < 0) {
		fprintf(stderr, "prefetch-sim: %s must be a non-negative number, not '%s'\n", what,
			s);
		exit(2);
	}
	return v;
}

static int cmd_gen(int argc, char **argv)
{
	if (argc < 1)
		return usage();
	unsigned runs = 20;
	unsigned long seed = 1;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-r") == 0)
			runs = (unsigned)number(argv[i + 1], "RUNS");
		else if (strcmp(argv[i], "-s") == 0)
			seed = (unsigned long)number(argv[i + 1], "SEED");
		else
			return usage();
	}
	struct trace t;
	const struct workload *w = workload_find(argv[0]);
	if (!w) {
		fprintf(stderr, "prefetch-sim: unknown workload '%s' (try: prefetch-sim list)\n",
			argv[0]);
		return 2;
	}
	workload_generate(w->name, runs, seed, &t);
	printf("# workload %s, %u runs, seed %lu: %s\n", w->name, runs, seed, w->about);
	trace_write(stdout, &t);
	trace_free(&t);
	return 0;
}

static int cmd_sim(int argc, char **argv)
{
	if (argc < 1)
		return usage();
	struct sim_config c = {.kind = PF_HYBRID, .cap = 16, .batch = 16, .evict = EVICT_FIFO};
	enum report_format fmt = REPORT_TABLE;
	long plot_index = -1;
	const char *plot_path = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--csv") == 0)
			fmt = REPORT_CSV;
		else if (strcmp(a, "--json") == 0)
			fmt = REPORT_JSON;
		else if (strcmp(a, "--learn-later") == 0)
			c.learn_later = true;
		else if (!v)
			return usage();
		else if (strcmp(a, "-p") == 0) {
			int k = pf_kind_parse(v);
			if (k < 0) {
				fprintf(stderr, "prefetch-sim: unknown predictor '%s'\n", v);
				return 2;
			}
			c.kind = (enum pf_kind)k;
			i++;
		} else if (strcmp(a, "-c") == 0) {
			c.cap = (uint32_t)number(v, "CAP");
			i++;
		} else if (strcmp(a, "-b") == 0) {
			c.batch = (uint32_t)number(v, "BATCH");
			i++;
		} else if (strcmp(a, "-h") == 0) {
			c.hold = (uint32_t)number(v, "HOLD");
			i++;
		} else if (strcmp(a, "-e") == 0) {
			if (strcmp(v, "fifo") && strcmp(v, "lru"))
				return usage();
			c.evict = strcmp(v, "fifo") == 0 ? EVICT_FIFO : EVICT_LRU;
			i++;
		} else if (strcmp(a, "--plot") == 0 && i + 2 < argc) {
			plot_index = number(v, "RUN") - 1;
			plot_path = argv[i + 2];
			i += 2;
		} else {
			return usage();
		}
	}
	if (c.cap == 0 || c.batch == 0 || c.batch > c.cap || c.hold > 256) {
		fprintf(stderr, "prefetch-sim: need 1 <= batch <= cap and hold <= 256\n");
		return 2;
	}
	FILE *f = strcmp(argv[0], "-") == 0 ? stdin : fopen(argv[0], "r");
	if (!f) {
		perror(argv[0]);
		return 2;
	}
	struct trace t;
	char err[160];
	if (trace_read(f, &t, err, sizeof(err)) < 0) {
		fprintf(stderr, "prefetch-sim: %s: %s\n", argv[0], err);
		return 2;
	}
	if (f != stdin)
		fclose(f);
	if (plot_index >= (long)t.nruns) {
		fprintf(stderr, "prefetch-sim: the trace has %zu runs\n", t.nruns);
		return 2;
	}
	struct sim_counts *per = calloc(t.nruns, sizeof(*per)), total;
	struct sim_trace_log log;
	sim_replay(&t, &c, per, &total, plot_index, plot_path ? &log : NULL);
	report_runs(stdout, fmt, &c, per, t.nruns, &total);
	int status = 0;
	if (plot_path) {
		char title[128];
		snprintf(title, sizeof(title), "run %ld, predictor %s: %lu faults (oracle %lu)",
			 plot_index + 1, pf_kind_name(c.kind), per[plot_index].faults,
			 per[plot_index].oracle);
		if (plot_run(&t, (size_t)plot_index, &log, title, plot_path) < 0) {
			fprintf(stderr, "prefetch-sim: gnuplot could not draw %s\n", plot_path);
			status = 1;
		}
		sim_log_free(&log);
	}
	free(per);
	trace_free(&t);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "gen") == 0)
		return cmd_gen(argc - 2, argv + 2);
	if (strcmp(argv[1], "sim") == 0)
		return cmd_sim(argc - 2, argv + 2);
	if (strcmp(argv[1], "bench") == 0 && argc == 3)
		return bench_run(argv[2], 0);
	if (strcmp(argv[1], "bench") == 0 && argc == 5 && strcmp(argv[3], "-s") == 0)
		return bench_run(argv[2], (unsigned long)number(argv[4], "SEED"));
	if (strcmp(argv[1], "list") == 0) {
		for (const struct workload *w = workloads; w->name; w++)
			printf("workload  %-11s %s\n", w->name, w->about);
		for (int k = 0; k < PF_KIND_COUNT; k++)
			printf("predictor %-11s %s\n", pf_kind_name((enum pf_kind)k),
			       pf_kind_about((enum pf_kind)k));
		return 0;
	}
	return usage();
}
