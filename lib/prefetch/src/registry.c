/*
 * registry.c - which ops table and which name belong to each kind.
 *
 * One table, made from predictors.def and indexed by kind, so a kind, its
 * name and its ops cannot drift apart: there is nothing to keep in step by
 * hand. A predictor registers by its line in predictors.def; the ops table
 * it names, pf_<name>_ops, is defined in its own file.
 */
#include <string.h>
#include "model.h"

struct registered {
	const char *name;
	const char *about;
	const struct pf_predictor_ops *ops;
};

/* A duplicate number in predictors.def overlaps two initializers here,
 * which the build refuses (-Woverride-init, part of -Wextra). */
static const struct registered registry[PF_KIND_COUNT] = {
#define PF_PREDICTOR(KIND, NUMBER, name, about) [KIND] = {#name, about, &pf_##name##_ops},
#include "prefetch/predictors.def"
#undef PF_PREDICTOR
};

const struct pf_predictor_ops *pf_ops_for(enum pf_kind kind)
{
	return (unsigned)kind < PF_KIND_COUNT ? registry[kind].ops : NULL;
}

const char *pf_kind_name(enum pf_kind kind)
{
	return (unsigned)kind < PF_KIND_COUNT && registry[kind].name ? registry[kind].name : "?";
}

const char *pf_kind_about(enum pf_kind kind)
{
	return (unsigned)kind < PF_KIND_COUNT && registry[kind].about ? registry[kind].about : "?";
}

int pf_kind_parse(const char *name)
{
	for (int k = 0; k < PF_KIND_COUNT; k++)
		if (registry[k].name && strcmp(name, registry[k].name) == 0)
			return k;
	return -1;
}
