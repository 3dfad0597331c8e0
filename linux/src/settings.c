/*
 * settings.c - parsing the pager's options (see settings.h).
 */
#define _GNU_SOURCE
#include "settings.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "prefetch/prefetch.h"

int bp_parse_size(const char *s, uint64_t *bytes, const char **why)
{
	char *end;
	if (!s || !*s || *s == '-') {
		*why = "not a size";
		return -1;
	}
	unsigned long long n = strtoull(s, &end, 10);
	if (end == s) {
		*why = "not a size";
		return -1;
	}
	uint64_t unit = 1;
	switch (*end) {
	case 'k':
	case 'K':
		unit = 1ull << 10;
		end++;
		break;
	case 'm':
	case 'M':
		unit = 1ull << 20;
		end++;
		break;
	case 'g':
	case 'G':
		unit = 1ull << 30;
		end++;
		break;
	default:
		break;
	}
	if (unit > 1 && strcasecmp(end, "ib") == 0)
		end += 2;
	else if (*end == 'b' || *end == 'B')
		end++;
	if (*end != '\0') {
		*why = "unknown unit (use K, M or G)";
		return -1;
	}
	if (n > UINT64_MAX / unit) {
		*why = "too large";
		return -1;
	}
	*bytes = n * unit;
	return 0;
}

int bp_parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long n = strtoul(s, &end, 10);
	if (*end != '\0' || n < lo || n > hi)
		return -1;
	*out = (unsigned)n;
	return 0;
}

void bp_default_profiles(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(out, size, "%s/bower/profiles", xdg);
	else if (home && *home)
		snprintf(out, size, "%s/.cache/bower/profiles", home);
	else
		out[0] = '\0';
}

static void copy_env(char *out, size_t size, const char *name)
{
	const char *v = getenv(name);
	snprintf(out, size, "%s", v ? v : "");
}

int bp_settings_from_env(struct bp_settings *s, char *why, size_t whylen)
{
	const char *v, *bad;
	memset(s, 0, sizeof(*s));
	s->kind = PF_HYBRID;
	s->batch = BP_BATCH_DEFAULT;
	s->readers = BP_READERS_DEFAULT;
	s->direct_io = true;
	if ((v = getenv(BP_ENV_MEM)) && *v && bp_parse_size(v, &s->mem, &bad) < 0) {
		snprintf(why, whylen, "%s=%s: %s", BP_ENV_MEM, v, bad);
		return -1;
	}
	if (s->mem && s->mem < BP_PAGE) {
		snprintf(why, whylen, "%s=%s: less than one page (%u bytes)", BP_ENV_MEM, v,
			 BP_PAGE);
		return -1;
	}
	if ((v = getenv(BP_ENV_PREDICTOR)) && *v && (s->kind = pf_kind_parse(v)) < 0) {
		snprintf(why, whylen, "%s=%s: no such predictor", BP_ENV_PREDICTOR, v);
		return -1;
	}
	if ((v = getenv(BP_ENV_PROFILES)))
		snprintf(s->profiles, sizeof(s->profiles), "%s", v); /* "" turns profiles off */
	else
		bp_default_profiles(s->profiles, sizeof(s->profiles));
	s->stats = (v = getenv(BP_ENV_STATS)) && strcmp(v, "1") == 0;
	copy_env(s->files, sizeof(s->files), BP_ENV_FILES);
	copy_env(s->trace, sizeof(s->trace), BP_ENV_TRACE);
	if ((v = getenv(BP_ENV_BATCH)) && *v && bp_parse_uint(v, 1, BP_BATCH_MAX, &s->batch) < 0) {
		snprintf(why, whylen, "%s=%s: not a batch of 1..%d pages", BP_ENV_BATCH, v,
			 BP_BATCH_MAX);
		return -1;
	}
	if ((v = getenv(BP_ENV_READERS)) && *v &&
	    bp_parse_uint(v, 1, BP_READERS_MAX, &s->readers) < 0) {
		snprintf(why, whylen, "%s=%s: not 1..%d readers", BP_ENV_READERS, v,
			 BP_READERS_MAX);
		return -1;
	}
	if ((v = getenv(BP_ENV_LEARN)) && *v) {
		if (strcmp(v, "now") != 0 && strcmp(v, "later") != 0) {
			snprintf(why, whylen, "%s=%s: not 'now' or 'later'", BP_ENV_LEARN, v);
			return -1;
		}
		s->learn_now = strcmp(v, "now") == 0;
	}
	if ((v = getenv(BP_ENV_IO)) && *v) {
		if (strcmp(v, "direct") != 0 && strcmp(v, "cached") != 0) {
			snprintf(why, whylen, "%s=%s: not 'direct' or 'cached'", BP_ENV_IO, v);
			return -1;
		}
		s->direct_io = strcmp(v, "direct") == 0;
	}
	return 0;
}
