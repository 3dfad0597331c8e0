/*
 * plot.c - drawing one run with gnuplot.
 *
 * Writes the points to a data file beside the picture (one block per kind
 * of mark) and a gnuplot script, then runs gnuplot. x is the access's
 * position in the run, y the page: hits as small dots, faults as red
 * crosses, prefetched pages that were then used as green circles where they
 * were mapped, prefetched pages evicted unused as grey squares where they
 * were evicted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot.h"

int plot_run(const struct trace *t, size_t index, const struct sim_trace_log *log,
	     const char *title, const char *path)
{
	char data[512], script[512];
	snprintf(data, sizeof(data), "%s.dat", path);
	snprintf(script, sizeof(script), "%s.gp", path);
	FILE *d = fopen(data, "w"), *g = fopen(script, "w");
	if (!d || !g) {
		if (d)
			fclose(d);
		if (g)
			fclose(g);
		return -1;
	}
	const struct run *r = &t->runs[index];
	pf_page top = 0;
	/* Each block starts with a point outside the plotted range, so that no
	 * block is empty (gnuplot refuses to plot an empty one). */
	fprintf(d, "# hits\n-10 -10\n");
	for (size_t i = 0; i < log->n && i < r->n; i++) {
		if (r->pages[i] > top)
			top = r->pages[i];
		if (log->events[i] != EV_FAULT)
			fprintf(d, "%zu %u\n", i, r->pages[i]);
	}
	fprintf(d, "\n\n# faults\n-10 -10\n");
	for (size_t i = 0; i < log->n && i < r->n; i++)
		if (log->events[i] == EV_FAULT)
			fprintf(d, "%zu %u\n", i, r->pages[i]);
	fprintf(d, "\n\n# prefetched (where mapped)\n-10 -10\n");
	for (size_t i = 0; i < log->nprefetched; i++) {
		if (log->prefetched[2 * i + 1] > top)
			top = log->prefetched[2 * i + 1];
		fprintf(d, "%u %u\n", log->prefetched[2 * i], log->prefetched[2 * i + 1]);
	}
	fprintf(d, "\n\n# evicted unused (where evicted)\n-10 -10\n");
	for (size_t i = 0; i < log->nunused; i++)
		fprintf(d, "%u %u\n", log->unused[2 * i], log->unused[2 * i + 1]);
	fclose(d);

	fprintf(g, "set terminal pngcairo size 900,560 noenhanced font 'Sans,10'\n");
	fprintf(g, "set output '%s'\n", path);
	fprintf(g, "set title \"%s\"\n", title);
	fprintf(g, "set xlabel 'access order'\nset ylabel 'page'\nset key outside right\n");
	fprintf(g, "set grid\nset xrange [-1:%zu]\nset yrange [0:%u]\n", r->n, top + top / 20 + 2);
	fprintf(g,
		"plot '%s' index 0 using 1:2 with points pt 7 ps 0.6 lc rgb '#4060c0' title "
		"'access (resident)', \\\n",
		data);
	fprintf(g,
		"     '%s' index 1 using 1:2 with points pt 2 ps 1.6 lw 2 lc rgb '#d02020' title "
		"'fault', \\\n",
		data);
	fprintf(g,
		"     '%s' index 2 using 1:2 with points pt 6 ps 1.0 lc rgb '#20a040' title "
		"'prefetched', \\\n",
		data);
	fprintf(g,
		"     '%s' index 3 using 1:2 with points pt 4 ps 1.0 lc rgb '#909090' title "
		"'evicted unused'\n",
		data);
	fclose(g);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "gnuplot '%s' 2>/dev/null", script);
	return system(cmd) == 0 ? 0 : -1;
}
