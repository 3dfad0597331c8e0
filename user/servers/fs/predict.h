/* predict.h - prediction for MAP_LLM mappings in the file server's pager. */
#ifndef FS_PREDICT_H
#define FS_PREDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <bower/abi.h>
#include <sys/types.h>

/* Start models cold even if profiles are built in (profiles=off). */
void predict_without_profiles(void);
/* Use the predictor named `name` (none, sequential, ..., hybrid): 0 or -1. */
int predict_choose(const char *name);
struct file_model;

/* A file as prediction sees it when a MAP_LLM mapping of it begins: where
 * the file keeps its model, and who the file is. */
struct predict_file {
	struct file_model **model; /* the file's own slot, NULL at first */
	const char *name;	   /* its name: built-in and saved profiles go by it */
	const char *path;	   /* its absolute path, "" if unknown */
	const char *profiles;	   /* where its profile is saved (profstore.h) */
	/* Its bytes, for the fingerprint (a short read counts as zeros). */
	ssize_t (*read)(void *file, uint64_t off, void *buf, size_t len);
	void *file;
};

/* A MAP_LLM mapping of the file (pages long) begins: a new run for its
 * model, made on first use (from a built-in profile for the file's name, if
 * there is one, or a model kept from a removed file of the same path, size
 * and contents) and kept across runs: that is the learning. After each run
 * the model's profile is written to PROFILES/NAME, and a new model starts
 * from what is saved there (profstore.h).
 * 0, or -1 if no model could be made (out of memory). */
int predict_run_begin(const struct predict_file *pf, size_t pages);
/* The file is going away: its model is kept for a file of the same path,
 * size and contents (within a memory bound), and *slot emptied. */
void predict_forget(struct file_model **slot);
/* Models alive, and the bytes they take, for the server's memory report. */
size_t predict_models(void);
size_t predict_model_bytes(void);
/* A fault on page `page` of a MAP_LLM mapping with resident cap `cap`:
 * fill `out` with up to max pages to map with it, best first; how many. */
size_t predict_fault(struct file_model *f, uint32_t page, uint32_t cap, uint32_t *out,
		     size_t max);
/* The answer to a MAP_LLM fault mapped these pages (the faulting page
 * first; those resident already stayed). */
void predict_mapped(struct file_model *f, const uint32_t *pages, size_t n);
/* News from the kernel: prefetched pages were used (in that order); a
 * page left the mapping; the mapping went away, having taken `faults`
 * faults. */
void predict_used(struct file_model *f, const uint32_t *pages, size_t n);
void predict_evicted(struct file_model *f, uint32_t page);
/* The kernel answered a fault on page with the pages the last answer held
 * (their mapping follows as news): a fault the model sees, not predicts
 * for. */
void predict_held_fault(struct file_model *f, uint32_t page);
void predict_run_end(struct file_model *f, unsigned long faults);
/* Models keep what they are told and learn it later: is there any left,
 * and learn a little of it (when the pager has nothing else to do). */
bool predict_has_learning(void);
void predict_learn_some(void);

#endif
