/*
 * launcher.c - bower-pager: run a program with its file mappings paged.
 *
 *   bower-pager [--mem SIZE] [--predictor NAME] [--profiles DIR] [--stats]
 *               [--files GLOB] [--trace FILE] [--batch N] [--readers N]
 *               [--learn now|later] [--io direct|cached] -- PROGRAM ARGS...
 *
 * Checks every option, puts them in the environment (settings.h) with
 * libbower-pager.so, found beside this binary, at the front of LD_PRELOAD,
 * and executes the program. Everything else happens in the program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "prefetch/prefetch.h"
#include "settings.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: bower-pager [--mem SIZE] [--predictor NAME] [--profiles DIR] [--stats]\n"
	    "                   [--files GLOB] [--trace FILE] [--batch N] [--readers N]\n"
	    "                   [--learn now|later] [--io direct|cached] -- PROGRAM ARGS...\n"
	    "  --mem SIZE        resident budget of all served mappings (e.g. 64M); none by "
	    "default\n"
	    "  --predictor NAME  the prefetch library's predictor (default hybrid)\n"
	    "  --profiles DIR    where learned profiles are kept (default "
	    "$XDG_CACHE_HOME/bower/profiles;\n"
	    "                    '' for none)\n"
	    "  --stats           print counters at exit\n"
	    "  --files GLOB      serve the files whose path matches (default: files of 1 MiB or "
	    "more)\n"
	    "  --trace FILE      append each mapping's accesses to FILE, in prefetch-sim's format\n"
	    "  --batch N         pages in a fault's answer, the faulting one included (default "
	    "%d)\n"
	    "  --readers N       reads in flight (default %d)\n"
	    "  --learn now       learn at every access, not when the pager is idle\n"
	    "  --io cached       read through the page cache (default direct: O_DIRECT)\n"
	    "predictors:",
	    BP_BATCH_DEFAULT, BP_READERS_DEFAULT);
	for (int k = 0; k < PF_KIND_COUNT; k++)
		fprintf(f, " %s", pf_kind_name((enum pf_kind)k));
	fprintf(f, "\n");
}

static void die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "bower-pager: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\n");
	exit(2);
}

static void set(const char *name, const char *value)
{
	if (setenv(name, value, 1) < 0)
		die("cannot set %s: %s", name, strerror(errno));
}

/* Check one option's value the way the library will read it. */
static void check(const char *opt, const char *v)
{
	uint64_t bytes;
	unsigned n;
	const char *why = "";
	if (strcmp(opt, "--mem") == 0 && (bp_parse_size(v, &bytes, &why) < 0 || bytes < BP_PAGE))
		die("--mem %s: %s", v, *why ? why : "less than one page (4096 bytes)");
	if (strcmp(opt, "--predictor") == 0 && pf_kind_parse(v) < 0) {
		fprintf(stderr, "bower-pager: --predictor %s: no such predictor\n", v);
		usage(stderr);
		exit(2);
	}
	if (strcmp(opt, "--batch") == 0 && bp_parse_uint(v, 1, BP_BATCH_MAX, &n) < 0)
		die("--batch %s: %s", v, "not a number of pages from 1 to 1024");
	if (strcmp(opt, "--readers") == 0 && bp_parse_uint(v, 1, BP_READERS_MAX, &n) < 0)
		die("--readers %s: %s", v, "not a number from 1 to 64");
	if (strcmp(opt, "--learn") == 0 && strcmp(v, "now") && strcmp(v, "later"))
		die("--learn %s: %s", v, "not 'now' or 'later'");
	if (strcmp(opt, "--io") == 0 && strcmp(v, "direct") && strcmp(v, "cached"))
		die("--io %s: %s", v, "not 'direct' or 'cached'");
}

static const struct {
	const char *opt, *env;
} valued[] = {
    {"--mem", BP_ENV_MEM},
    {"--predictor", BP_ENV_PREDICTOR},
    {"--profiles", BP_ENV_PROFILES},
    {"--files", BP_ENV_FILES},
    {"--trace", BP_ENV_TRACE},
    {"--batch", BP_ENV_BATCH},
    {"--readers", BP_ENV_READERS},
    {"--learn", BP_ENV_LEARN},
    {"--io", BP_ENV_IO},
};

int main(int argc, char **argv)
{
	int i = 1;
	set(BP_ENV_STATS, "0");
	while (i < argc && strcmp(argv[i], "--") != 0) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "--stats") == 0) {
			set(BP_ENV_STATS, "1");
			i++;
			continue;
		}
		size_t k = 0;
		while (k < sizeof(valued) / sizeof(valued[0]) && strcmp(a, valued[k].opt) != 0)
			k++;
		if (k == sizeof(valued) / sizeof(valued[0])) {
			fprintf(stderr, "bower-pager: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		if (i + 1 >= argc)
			die("%s needs a value%s", a, "");
		check(a, argv[i + 1]);
		set(valued[k].env, argv[i + 1]);
		i += 2;
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "bower-pager: no program given (after --)\n");
		usage(stderr);
		return 2;
	}
	char self[PATH_MAX], lib[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		die("cannot find itself: %s%s", strerror(errno), "");
	self[n] = '\0';
	snprintf(lib, sizeof(lib), "%s/libbower-pager.so", dirname(self));
	if (access(lib, R_OK) < 0)
		die("%s: %s", lib, strerror(errno));
	const char *old = getenv("LD_PRELOAD");
	char *preload = malloc(strlen(lib) + (old ? strlen(old) : 0) + 2);
	if (!preload)
		die("out of memory%s%s", "", "");
	sprintf(preload, "%s%s%s", lib, old && *old ? ":" : "", old && *old ? old : "");
	set("LD_PRELOAD", preload);
	execvp(argv[i + 1], argv + i + 1);
	fprintf(stderr, "bower-pager: %s: %s\n", argv[i + 1], strerror(errno));
	return 127;
}
