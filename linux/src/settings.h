/*
 * settings.h - what the launcher asks of the pager, and how it is passed.
 *
 * bower-pager parses its options and hands them to the preloaded library
 * in the environment (BOWER_PAGER_*), so that the program it starts, and
 * any program that one starts in turn, is served the same way. Both sides
 * parse with the functions here, so an option means one thing.
 */
#ifndef BP_SETTINGS_H
#define BP_SETTINGS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BP_PAGE 4096u

struct bp_settings {
	uint64_t mem;		 /* resident budget in bytes; 0: none */
	int kind;		 /* enum pf_kind */
	char profiles[PATH_MAX]; /* directory of saved profiles; "" : none */
	bool stats;		 /* print counters at exit */
	char files[PATH_MAX];	 /* glob of files to serve; "": files >= 1 MiB */
	char trace[PATH_MAX];	 /* append the access trace here; "": none */
	unsigned batch;		 /* pages per fault answer, the fault's included */
	unsigned readers;	 /* reader threads */
	bool learn_now;		 /* learn at each access, not when idle */
	bool direct_io;		 /* reads bypass the page cache (O_DIRECT) */
};

/* Environment variable names, shared by launcher and library. */
#define BP_ENV_MEM	 "BOWER_PAGER_MEM"
#define BP_ENV_PREDICTOR "BOWER_PAGER_PREDICTOR"
#define BP_ENV_PROFILES	 "BOWER_PAGER_PROFILES"
#define BP_ENV_STATS	 "BOWER_PAGER_STATS"
#define BP_ENV_FILES	 "BOWER_PAGER_FILES"
#define BP_ENV_TRACE	 "BOWER_PAGER_TRACE"
#define BP_ENV_BATCH	 "BOWER_PAGER_BATCH"
#define BP_ENV_READERS	 "BOWER_PAGER_READERS"
#define BP_ENV_LEARN	 "BOWER_PAGER_LEARN"
#define BP_ENV_IO	 "BOWER_PAGER_IO"

#define BP_BATCH_DEFAULT   64
#define BP_BATCH_MAX	   1024
#define BP_READERS_DEFAULT 4
#define BP_READERS_MAX	   64

/* "64M", "1G", "4096", "512K", "2MiB": bytes, or -1 with *why set. */
int bp_parse_size(const char *s, uint64_t *bytes, const char **why);
/* A decimal number in [lo, hi], or -1. */
int bp_parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out);
/* The default profile directory ($XDG_CACHE_HOME/bower/profiles, or
 * $HOME/.cache/bower/profiles), "" if neither is set. */
void bp_default_profiles(char *out, size_t size);
/* Fill s from the environment: 0, or -1 with a message in why. */
int bp_settings_from_env(struct bp_settings *s, char *why, size_t whylen);

#endif
