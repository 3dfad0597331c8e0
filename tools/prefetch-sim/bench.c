/*
 * bench.c - the prefetch benchmark.
 *
 * Runs every workload through every predictor (cap 16, batch 16, FIFO like
 * the kernel), prints faults per workload and predictor with the oracle
 * beside them, checks the targets the project set itself, measures the
 * cost of a prediction, and writes table.txt, results.csv and pictures.
 * It reports; it asserts nothing (that is what the tests are for).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bench.h"
#include "plot.h"
#include "sim.h"
#include "workloads.h"

#define CAP   16
#define BATCH 16

struct cell {
	struct sim_counts total;
	struct sim_counts *per_run;
};

static unsigned runs_for(const char *w)
{
	return strcmp(w, "layers") == 0 ? 64 : strcmp(w, "llm") == 0 ? 60 : 30;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Average cost of one fault's observe + predict on a big hybrid model. */
static double prediction_cost_ns(void)
{
	int err;
	struct pf_params p = {PF_HYBRID, 100000, CAP};
	struct pf_model *m = pf_create(&p, &err);
	pf_page out[CAP];
	unsigned long x = 12345;
	for (int run = 0; run < 4; run++) { /* some learned state first */
		pf_run_begin(m);
		for (int i = 0; i < 2000; i++)
			pf_observe_fault(m, (pf_page)((i * 37 + run) % 100000));
		pf_run_end(m);
	}
	pf_run_begin(m);
	const int n = 200000;
	double t0 = now_ns();
	for (int i = 0; i < n; i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		pf_page f = (pf_page)((x >> 33) % 100000);
		pf_observe_fault(m, f);
		pf_predict(m, f, out, CAP - 1);
	}
	double t1 = now_ns();
	pf_run_end(m);
	pf_destroy(m);
	return (t1 - t0) / n;
}

static void target(FILE *out, int met, const char *fmt, double a, double b)
{
	fprintf(out, "  [%s] ", met ? "met" : "MISSED");
	fprintf(out, fmt, a, b);
	fputc('\n', out);
}

int bench_run(const char *outdir)
{
	const struct sim_config base = {PF_NONE, CAP, BATCH, EVICT_FIFO};
	struct cell cells[8][PF_KIND_COUNT];
	struct trace traces[8];
	int nw = 0;
	char path[512];
	snprintf(path, sizeof(path), "%s/table.txt", outdir);
	FILE *table = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/results.csv", outdir);
	FILE *csv = fopen(path, "w");
	if (!table || !csv) {
		fprintf(stderr, "prefetch-sim: cannot write under %s\n", outdir);
		return 1;
	}
	fprintf(csv, "workload,predictor,runs,accesses,faults,prefetched,prefetched_used,"
		     "prefetched_unused,evictions,oracle,oracle_exact\n");
	for (; workload_names[nw]; nw++) {
		const char *w = workload_names[nw];
		workload_generate(w, runs_for(w), 2024 + (unsigned long)nw, &traces[nw]);
		for (int k = 0; k < PF_KIND_COUNT; k++) {
			struct sim_config c = base;
			c.kind = (enum pf_kind)k;
			cells[nw][k].per_run = calloc(traces[nw].nruns, sizeof(struct sim_counts));
			sim_replay(&traces[nw], &c, cells[nw][k].per_run, &cells[nw][k].total, -1,
				   NULL);
			const struct sim_counts *s = &cells[nw][k].total;
			fprintf(csv, "%s,%s,%zu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%d\n", w,
				pf_kind_name(c.kind), traces[nw].nruns, s->accesses, s->faults,
				s->prefetched, s->prefetched_used, s->prefetched_unused,
				s->evictions, s->oracle, s->oracle_exact);
		}
	}
	fclose(csv);

	FILE *outs[2] = {stdout, table};
	for (int o = 0; o < 2; o++) {
		FILE *f = outs[o];
		fprintf(f, "Total faults per workload (cap %d, batch %d, FIFO eviction)\n\n", CAP,
			BATCH);
		fprintf(f, "%-11s %5s", "workload", "runs");
		for (int k = 0; k < PF_KIND_COUNT; k++)
			fprintf(f, " %10s", pf_kind_name((enum pf_kind)k));
		fprintf(f, " %8s %12s\n", "oracle", "hybrid/orcl");
		for (int w = 0; w < nw; w++) {
			fprintf(f, "%-11s %5zu", workload_names[w], traces[w].nruns);
			for (int k = 0; k < PF_KIND_COUNT; k++)
				fprintf(f, " %10lu", cells[w][k].total.faults);
			const struct sim_counts *h = &cells[w][PF_HYBRID].total;
			fprintf(f, " %7lu%s %12.2f\n", h->oracle, h->oracle_exact ? " " : "*",
				(double)h->faults / (double)h->oracle);
		}
		fprintf(f, "(* the oracle is an upper bound where runs repeat pages)\n\n");
	}

	/* The targets. */
	FILE *f = stdout;
	for (int o = 0; o < 2; o++, f = table) {
		fprintf(f, "Targets\n");
		for (int w = 0; w < nw; w++) {
			const char *name = workload_names[w];
			const struct cell *hy = &cells[w][PF_HYBRID], *none = &cells[w][PF_NONE];
			if (strcmp(name, "llm") == 0) {
				size_t late = 0, at = 0;
				for (size_t r = 10; r < traces[w].nruns; r++, late++)
					at += hy->per_run[r].faults <= hy->per_run[r].oracle;
				target(
				    f, at * 10 >= late * 8,
				    "llm: after 10 runs of learning, %.0f%% of runs at the oracle "
				    "(%.0f faults per run); goal: the large majority",
				    100.0 * (double)at / (double)late,
				    (double)hy->per_run[10].oracle);
				target(f, hy->per_run[0].faults <= none->per_run[0].faults,
				       "llm: cold first run %.0f faults, none %.0f; goal: no worse",
				       (double)hy->per_run[0].faults,
				       (double)none->per_run[0].faults);
			} else if (strcmp(name, "layers") == 0) {
				unsigned long best = (unsigned long)-1;
				for (int k = 0; k < PF_KIND_COUNT; k++)
					if (k != PF_NONE && k != PF_HYBRID &&
					    cells[w][k].total.faults < best)
						best = cells[w][k].total.faults;
				target(f, hy->total.faults * 10 <= best * 11,
				       "layers: hybrid %.0f faults, best single predictor %.0f; "
				       "goal: within 1.1x",
				       (double)hy->total.faults, (double)best);
				target(f, hy->total.faults * 2 <= none->total.faults,
				       "layers: hybrid %.0f, none %.0f; goal: far below none",
				       (double)hy->total.faults, (double)none->total.faults);
			} else if (strcmp(name, "random") == 0) {
				unsigned long worst = 0;
				for (int k = 0; k < PF_KIND_COUNT; k++)
					if (cells[w][k].total.faults > worst)
						worst = cells[w][k].total.faults;
				target(f, worst * 100 <= none->total.faults * 105,
				       "random: worst predictor %.0f faults, none %.0f; goal: "
				       "within 5%%",
				       (double)worst, (double)none->total.faults);
			} else {
				char fmt[160];
				snprintf(
				    fmt, sizeof(fmt),
				    "%s: hybrid %%.0f faults, oracle %%.0f; goal: within 1.25x",
				    name);
				target(f, hy->total.faults * 4 <= hy->total.oracle * 5, fmt,
				       (double)hy->total.faults, (double)hy->total.oracle);
			}
		}
		static double cost = -1;
		if (cost < 0)
			cost = prediction_cost_ns();
		target(f, cost < 1000.0,
		       "cost: %.0f ns per fault (observe + predict, hybrid, 100000 pages); goal: "
		       "under %.0f ns",
		       cost, 1000.0);
		fprintf(f, "  memory per page: successor 32 B, hot set 9 B, hybrid 46 B "
			   "(its components plus 5 B), model 1 B\n");
	}
	fclose(table);

	/* Pictures: a late llm run with the hybrid and with none; a token of layers. */
	struct {
		int w;
		enum pf_kind k;
		size_t run;
		const char *file;
	} pics[] = {{0, PF_HYBRID, 40, "llm-hybrid"},
		    {0, PF_NONE, 40, "llm-none"},
		    {2, PF_HYBRID, 40, "layers-hybrid"}};
	for (size_t i = 0; i < sizeof(pics) / sizeof(pics[0]); i++) {
		struct sim_config c = base;
		c.kind = pics[i].k;
		struct sim_trace_log log;
		struct sim_counts *per = calloc(traces[pics[i].w].nruns, sizeof(*per));
		struct sim_counts total;
		sim_replay(&traces[pics[i].w], &c, per, &total, (long)pics[i].run, &log);
		char title[160];
		snprintf(title, sizeof(title), "%s, run %zu, predictor %s: %lu faults (oracle %lu)",
			 workload_names[pics[i].w], pics[i].run + 1, pf_kind_name(c.kind),
			 per[pics[i].run].faults, per[pics[i].run].oracle);
		snprintf(path, sizeof(path), "%s/%s.png", outdir, pics[i].file);
		if (plot_run(&traces[pics[i].w], pics[i].run, &log, title, path) == 0)
			printf("picture: %s\n", path);
		else
			printf("picture: %s could not be drawn (is gnuplot installed?)\n", path);
		sim_log_free(&log);
		free(per);
	}
	printf("wrote %s/table.txt and %s/results.csv\n", outdir, outdir);
	for (int w = 0; w < nw; w++) {
		for (int k = 0; k < PF_KIND_COUNT; k++)
			free(cells[w][k].per_run);
		trace_free(&traces[w]);
	}
	return 0;
}
