/*
 * model.h - inside the prefetch library: the predictor interface.
 *
 * Every predictor is an ops table over a block of state allocated once at
 * creation. The model (model.c) owns residency and the access stream and
 * calls the predictor; predictors see each access in order and, at a
 * fault, offer candidate pages through pf_emit, which drops what may not be
 * predicted. Predictors that learn can write and read profile sections.
 */
#ifndef PF_MODEL_H
#define PF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "prefetch/prefetch.h"

struct pf_model;

/* Which pages a prediction has offered already: a mark per page, equal to
 * the generation of the prediction that offered it, so finding a
 * duplicate is one load, not a search of what was kept. */
struct pf_offers {
	uint8_t *mark;
	uint8_t gen;
};

/* What the model knows of a page: not resident, resident (and used, or
 * not predicted), or resident and predicted but not used yet. */
enum { PF_NOT_RESIDENT, PF_RESIDENT, PF_RESIDENT_UNUSED };

/* Collects a prediction: candidates in order, filtered. */
struct pf_emit {
	const uint8_t *resident; /* the model's PF_* per page */
	pf_page fault;
	pf_page *out;
	size_t n, max;
	/* Of max, how many are past the batch, for the host to hold (the
	 * model's `hold`): a walk simply goes on, and its first max - hold
	 * pages are the same as without (the hybrid decides on those). */
	size_t hold;
	uint32_t pages; /* the mapping's size: candidates stop there */
	uint32_t cap;	/* at most this many candidates can be resident */
	struct pf_offers *offers;
	uint8_t *mark; /* offers->mark, at hand */
	uint8_t gen;
};

/* Offer page p: kept unless it is out of range, the faulting page,
 * resident (and used), or already offered. Returns false once the
 * prediction is full. Inline: every predictor calls it for every page it
 * walks, and the call would cost as much as the test. A predictor that
 * offers many pages does it on a copy of e in a local variable,
 * which the compiler keeps in registers: its byte stores into the marks
 * could be stores into *e for all it knows. */
static inline bool pf_emit(struct pf_emit *e, pf_page p)
{
	if (e->n >= e->max)
		return false;
	if (p >= e->pages || p == e->fault || e->resident[p] == PF_RESIDENT || e->mark[p] == e->gen)
		return true;
	e->mark[p] = e->gen;
	e->out[e->n++] = p;
	return e->n < e->max;
}
/* Start e over as a new prediction into out, at most max pages (the
 * hybrid lets each component predict into a buffer of its own). */
void pf_emit_restart(struct pf_emit *e, pf_page *out, size_t max);

/* Profile section types. */
#define PF_SECTION_SUCCESSOR 1
#define PF_SECTION_HOTSET    2
#define PF_SECTION_DELTA     3
#define PF_SECTION_HYBRID    4
#define PF_SECTION_MODULO    5

/* Hooks a predictor does not need may be NULL: only state_size and predict
 * are required. */
struct pf_predictor_ops {
	/* Bytes of state for these parameters (0: too many). */
	size_t (*state_size)(const struct pf_params *p);
	void (*init)(void *state, const struct pf_params *p);
	/* The program touched `page`; `prev` was the access before it in
	 * this run (has_prev false at the start of a run). A model that
	 * learns later calls this late, in the same order. */
	void (*access)(void *state, bool has_prev, pf_page prev, pf_page page);
	/* Optional: what of an access must be known at once, however late
	 * the rest is learned (the hybrid's scoring of its components, which
	 * decides whom the next prediction asks). Called before access. */
	void (*observe)(void *state, pf_page page);
	void (*run_begin)(void *state);
	void (*run_end)(void *state);
	void (*predict)(void *state, struct pf_emit *e);
	/* Optional: finish what predict left for after the answer (the
	 * hybrid scores its other components then). The model calls it
	 * before it observes, predicts or maps anything new, so the work is
	 * done in the same order whenever it happens. */
	void (*settle)(void *state);
	/* Optional: the host answered a fault without a prediction (with the
	 * pages it held, pf_observe_held_fault): what predict would score
	 * there that is not a prediction (the hybrid's sample of its
	 * components), left for settle as predict leaves it. */
	void (*unasked)(void *state, const struct pf_emit *e);
	/* Optional: true if a prediction made now depends on the accesses
	 * just before the fault, not only on the fault and what was learned
	 * (the stride's streams, the last deltas). Such a model is not asked
	 * while behind (learn_later): it learns what it was told first. */
	bool (*needs_recent)(const void *state);
	/* Optional, for learners: write sections (bytes needed; writes only
	 * if they fit), check a section, then apply it (adding to what is
	 * known). A predictor ignores sections of types it does not hold. */
	size_t (*save)(const void *state, uint8_t *buf, size_t size);
	int (*check)(const void *state, uint32_t type, const uint8_t *data, size_t len);
	void (*apply)(void *state, uint32_t type, const uint8_t *data, size_t len);
};

/* Each predictor's ops table, pf_<name>_ops, one per line of predictors.def,
 * defined in the predictor's own file. */
#define PF_PREDICTOR(KIND, NUMBER, name, about)                                                    \
	extern const struct pf_predictor_ops pf_##name##_ops;
#include "prefetch/predictors.def"
#undef PF_PREDICTOR

/* The ops of a kind (registry.c), or NULL for a number no predictor has. */
const struct pf_predictor_ops *pf_ops_for(enum pf_kind kind);

/* Call an optional hook. */
#define PF_HOOK(ops, hook, ...)                                                                    \
	do {                                                                                       \
		if ((ops)->hook)                                                                   \
			(ops)->hook(__VA_ARGS__);                                                  \
	} while (0)

/* needs_recent for a predictor that always does. */
bool pf_always_recent(const void *state);

/* The hybrid reports which component it followed. */
enum pf_kind pf_hybrid_choice(const void *state);

/* Little-endian helpers for profile sections. */
static inline void pf_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline uint32_t pf_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Start a profile section of `payload` bytes in buf (size bytes): the bytes
 * the whole section needs. If it fits, the header is written and *out
 * points where the payload goes; otherwise *out is NULL and nothing is
 * written. */
size_t pf_section_begin(uint8_t *buf, size_t size, uint32_t type, size_t payload, uint8_t **out);

/* For profile.c. */
const struct pf_params *pf_model_params(const struct pf_model *m);
const struct pf_predictor_ops *pf_model_ops(const struct pf_model *m);
void *pf_model_state(const struct pf_model *m);
#endif
