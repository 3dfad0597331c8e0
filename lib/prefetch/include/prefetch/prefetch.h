/*
 * prefetch.h - predicting which pages a program touches next.
 *
 * A model watches one mapping of `pages` pages that may keep at most `cap`
 * of them resident, and after each page fault predicts up to `max` pages
 * to map together with the faulting one: at most cap - 1, and `hold` more
 * for a host that keeps the rest of a prediction for its next fault (the
 * pages after the batch's, which the host maps by itself when the program
 * faults on one of them, as Bower's kernel does). It learns from what it
 * is told:
 *
 *	pf_run_begin(m)              a run starts (a mapping is created)
 *	pf_observe_fault(m, p)       page p faulted
 *	pf_observe_held_fault(m, p)  page p faulted and the host answered it
 *	                             with the pages it held (no pf_predict)
 *	pf_observe_access(m, p)      a prefetched page p was used (where the
 *	                             host can see that, e.g. an access-flag fault)
 *	pf_observe_accesses(m, pages, n)   the same for several, in that order
 *	pf_note_mapped(m, p)         the host mapped p (the faulting page and
 *	pf_note_evicted(m, p)        each prefetched one) / unmapped it
 *	pf_note_mapped_pages(m, pages, n)   the same for a whole answer
 *	n = pf_predict(m, p, out, max)   after the fault on p
 *	pf_run_end(m)                the run ended: fold it into what is learned
 *
 * A model made with learn_later keeps the accesses it is told (up to
 * PF_LESSONS of them) and learns from them when the host calls
 * pf_learn, which a pager does when its CPU is free: a fault is answered
 * without the work of learning. Residency is never deferred. pf_predict
 * learns what is kept first, unless the program is on track: it used every
 * page the last prediction put in and let none go unused. Then the
 * model's knowledge is what made that prediction, and the new one is made
 * from it as it stands (the old prediction goes unscored: the program
 * followed it). Starting or ending a run, and loading a profile, learn
 * everything kept first; save a profile after pf_learn.
 *
 * Predictions never contain the faulting page, a page out of range or a
 * duplicate, and come most likely first. They contain no resident page
 * except one this model predicted earlier that has not been used yet: the
 * host keeps such a page and makes it young again (last to be evicted),
 * which is how a good prediction survives a fault it did not foresee. What a model learned
 * can be saved as a profile and loaded into another model (loading adds to
 * what it knows, so profiles of several runs merge).
 *
 * Portable C99: no system calls, no allocation after pf_create. Link the
 * library (build.mk: PF_SRCS, PF_INC) into a pager, a simulator, or a test.
 */
#ifndef PREFETCH_H
#define PREFETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t pf_page;

/* The predictors, numbered as predictors.def says (append-only: the numbers
 * are stored in profiles). PF_KIND_COUNT is one past the last. */
enum pf_kind {
#define PF_PREDICTOR(KIND, NUMBER, name, about) KIND = NUMBER,
#include "prefetch/predictors.def"
#undef PF_PREDICTOR
	PF_KIND_COUNT
};

struct pf_params {
	enum pf_kind kind;
	uint32_t pages;	  /* pages in the mapping, 1 .. PF_MAX_PAGES */
	uint32_t cap;	  /* resident cap, >= 1 */
	uint32_t hold;	  /* pages a prediction may name past the batch (below) */
	bool learn_later; /* keep accesses for pf_learn (above) */
};

/* Accesses a learn_later model keeps; one more learns the oldest at once. */
#define PF_LESSONS 1024

#define PF_MAX_PAGES (1u << 24)

enum pf_error {
	PF_OK = 0,
	PF_EINVAL = -1,	   /* bad parameters */
	PF_ENOMEM = -2,	   /* allocation failed (only at creation) */
	PF_ETRUNC = -3,	   /* profile: shorter than it says */
	PF_EMAGIC = -4,	   /* profile: not a prefetch profile */
	PF_EVERSION = -5,  /* profile: a version this library does not read */
	PF_ECHECKSUM = -6, /* profile: damaged */
	PF_EMISMATCH = -7, /* profile: made for a mapping of another size */
	PF_ETOOBIG = -8,   /* profile: larger than PF_PROFILE_MAX */
	PF_ECORRUPT = -9,  /* profile: a section or entry that cannot be right */
	PF_ENOSPACE = -10, /* save: the buffer is too small */
};

#define PF_PROFILE_MAX (64u << 20)

struct pf_model;

/* A new model, or NULL with *err set (PF_EINVAL, PF_ENOMEM). */
struct pf_model *pf_create(const struct pf_params *params, int *err);
void pf_destroy(struct pf_model *m);
/* Bytes a model with these parameters takes (0: invalid parameters). */
size_t pf_model_bytes(const struct pf_params *params);

void pf_run_begin(struct pf_model *m);
void pf_run_end(struct pf_model *m);
void pf_observe_fault(struct pf_model *m, pf_page page);
void pf_observe_held_fault(struct pf_model *m, pf_page page);
void pf_observe_access(struct pf_model *m, pf_page page);
void pf_observe_accesses(struct pf_model *m, const pf_page *pages, size_t n);
void pf_note_mapped(struct pf_model *m, pf_page page);
/* The host mapped these n pages in one answer (pf_note_mapped is this
 * with one page): what a pager calls once per fault. */
void pf_note_mapped_pages(struct pf_model *m, const pf_page *pages, size_t n);
void pf_note_evicted(struct pf_model *m, pf_page page);
/* Is page resident, as the host has told the model? */
bool pf_is_resident(const struct pf_model *m, pf_page page);
/* Up to max predicted pages after a fault on `fault`, into out: how many. */
size_t pf_predict(struct pf_model *m, pf_page fault, pf_page *out, size_t max);
/* learn_later: learn from up to max of the accesses kept, oldest first;
 * how many are still kept after. pf_lessons is that number now. */
size_t pf_learn(struct pf_model *m, size_t max);
size_t pf_lessons(const struct pf_model *m);
/* Learn everything kept, and score the last prediction: what a run's
 * start and end and a profile's load do first. */
void pf_learn_all(struct pf_model *m);

/* For the hybrid and for reports: which predictor the last prediction used
 * (the model's own kind for the others). */
enum pf_kind pf_last_choice(const struct pf_model *m);

/* Profiles (format: lib/prefetch/PROFILE.md). save writes at most `size`
 * bytes into buf and sets *len: PF_OK or PF_ENOSPACE (with *len the size
 * needed). load checks everything before it changes the model: PF_OK or an
 * error, the model untouched. */
int pf_profile_save(const struct pf_model *m, void *buf, size_t size, size_t *len);
int pf_profile_load(struct pf_model *m, const void *buf, size_t len);

const char *pf_strerror(int err);
const char *pf_kind_name(enum pf_kind kind);
/* One line about the predictor (predictors.def), or "?". */
const char *pf_kind_about(enum pf_kind kind);
/* The kind named `name` ("none", "sequential", ...), or -1. */
int pf_kind_parse(const char *name);

#endif
