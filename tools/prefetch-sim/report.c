/*
 * report.c - tables, CSV and JSON from simulation counts.
 *
 * The columns are the same in all three forms: accesses, faults, pages
 * prefetched, prefetched pages used, prefetched pages evicted (or dropped)
 * unused, evictions, the oracle's faults and whether it is exact, and the
 * faults answered with held pages (-h).
 */
#include "report.h"

static const char *evict_name(enum evict_rule e)
{
	return e == EVICT_FIFO ? "fifo" : "lru";
}

static void row(FILE *f, enum report_format fmt, const char *label, const struct sim_counts *s,
		int last)
{
	switch (fmt) {
	case REPORT_TABLE:
		fprintf(f, "%-6s %8lu %7lu %10lu %6lu %8lu %9lu %7lu%-1s %6lu\n", label,
			s->accesses, s->faults, s->prefetched, s->prefetched_used,
			s->prefetched_unused, s->evictions, s->oracle, s->oracle_exact ? "" : "*",
			s->held);
		break;
	case REPORT_CSV:
		fprintf(f, "%s,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%d,%lu\n", label, s->accesses,
			s->faults, s->prefetched, s->prefetched_used, s->prefetched_unused,
			s->evictions, s->oracle, s->oracle_exact, s->held);
		break;
	case REPORT_JSON:
		fprintf(f,
			"    {\"run\": \"%s\", \"accesses\": %lu, \"faults\": %lu, \"prefetched\": "
			"%lu, "
			"\"prefetched_used\": %lu, \"prefetched_unused\": %lu, \"evictions\": %lu, "
			"\"oracle\": %lu, \"oracle_exact\": %s, \"held\": %lu}%s\n",
			label, s->accesses, s->faults, s->prefetched, s->prefetched_used,
			s->prefetched_unused, s->evictions, s->oracle,
			s->oracle_exact ? "true" : "false", s->held, last ? "" : ",");
		break;
	}
}

void report_runs(FILE *f, enum report_format fmt, const struct sim_config *c,
		 const struct sim_counts *per_run, size_t nruns, const struct sim_counts *total)
{
	char label[24];
	if (fmt == REPORT_TABLE) {
		fprintf(f, "predictor %s, cap %u, batch %u, hold %u, eviction %s\n",
			pf_kind_name(c->kind), c->cap, c->batch, c->hold, evict_name(c->evict));
		fprintf(f, "%-6s %8s %7s %10s %6s %8s %9s %7s  %6s\n", "run", "accesses", "faults",
			"prefetched", "used", "unused", "evictions", "oracle", "held");
	} else if (fmt == REPORT_CSV) {
		fprintf(f, "run,accesses,faults,prefetched,prefetched_used,prefetched_unused,"
			   "evictions,oracle,oracle_exact,held\n");
	} else {
		fprintf(
		    f,
		    "{\"predictor\": \"%s\", \"cap\": %u, \"batch\": %u, \"hold\": %u, "
		    "\"eviction\": \"%s\",\n"
		    "  \"runs\": [\n",
		    pf_kind_name(c->kind), c->cap, c->batch, c->hold, evict_name(c->evict));
	}
	for (size_t r = 0; r < nruns; r++) {
		snprintf(label, sizeof(label), "%zu", r + 1);
		row(f, fmt, label, &per_run[r], 0);
	}
	row(f, fmt, "total", total, 1);
	if (fmt == REPORT_JSON)
		fprintf(f, "  ]}\n");
	else if (fmt == REPORT_TABLE && !total->oracle_exact)
		fprintf(f, "* oracle is an upper bound (greedy) where runs repeat pages\n");
}
