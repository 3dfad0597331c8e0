/*
 * predict.c - the file server's use of the prefetch library.
 *
 * One model per file mapped with MAP_LLM (the hybrid predictor unless the
 * server was started with another: predictor=KIND on the kernel command
 * line, which init passes on), hung off the file's node and kept for as
 * long as the file lives, so that each run of a program teaches it more.
 * When the file goes (unlinked and no longer open) the model is retired
 * for the next file of the same path, size and contents (below); its saved
 * profile, /.profiles/NAME, goes with the file. What is resident is the
 * kernel's to say: the model is told
 * what each answer mapped, and the kernel's news says which pages left
 * (evicted, or taken back by truncation). Nothing here recomputes the
 * kernel's eviction order. If news was lost (a full ring), the next fault
 * on a page the model thought resident corrects it.
 *
 * Never a workload's formula here: the model learns from the faults and
 * the uses of prefetched pages that the kernel reports.
 *
 * Answer first, learn after. Models learn later (the library's
 * learn_later): a fault's answer needs only a prediction, and the accesses
 * the kernel reports are learned when the pager's CPU is free
 * (predict_learn_some, from filepager.c's loop) or, when the program left
 * the last prediction's track, before the next one. A run's end folds in
 * everything at once, so a saved profile has all of it.
 */
#include <stdlib.h>
#include <string.h>
#include "prefetch/prefetch.h"
#include "predict.h"
#include "profiles.h"
#include "profstore.h"
#include "tmpfs.h"
#include "tracerec.h"
#include <stdio.h>

struct file_model {
	size_t pages;
	struct pf_model *m;
	uint32_t cap;		  /* the mapping's, as its faults report it */
	unsigned long saved_faults; /* the faults of the run last saved, +1; 0: none */
	unsigned runs_unsaved;	  /* runs ended since */
	char path[FS_PATH_MAX];	  /* the file's, when the model was made */
	char name[FS_NAME_MAX + 1]; /* the file's name: its profile's */
	const char *profiles;	    /* where its profile is saved (profstore.h) */
	uint64_t fingerprint;	  /* of the file's contents then */
	size_t bytes;		  /* what the model takes */
	struct trace_run *trace;  /* this run's recording (tracerec.c), or NULL */
	struct file_model *older, *newer; /* in the retired list, while there */
	struct file_model *learn_prev, *learn_next; /* in `learning`, while there */
	bool has_learning;
};

/* Models with accesses kept for later, the oldest first. */
static struct file_model *learning, *learning_last;

/* Accesses learned in one go when the CPU is free: a few thousand
 * instructions, so a fault that comes meanwhile waits little. */
#define LEARN_STEP 16

static void want_learning(struct file_model *f)
{
	if (f->has_learning || pf_lessons(f->m) == 0)
		return;
	f->has_learning = true;
	f->learn_next = NULL;
	f->learn_prev = learning_last;
	if (learning_last)
		learning_last->learn_next = f;
	else
		learning = f;
	learning_last = f;
}

static void learned(struct file_model *f)
{
	if (!f->has_learning)
		return;
	f->has_learning = false;
	if (f->learn_prev)
		f->learn_prev->learn_next = f->learn_next;
	else
		learning = f->learn_next;
	if (f->learn_next)
		f->learn_next->learn_prev = f->learn_prev;
	else
		learning_last = f->learn_prev;
	f->learn_prev = f->learn_next = NULL;
}

bool predict_has_learning(void)
{
	return learning != NULL;
}

void predict_learn_some(void)
{
	struct file_model *f = learning;
	if (f && pf_learn(f->m, LEARN_STEP) == 0)
		learned(f);
}

/* Everything kept learned now: before the model is replaced, retired,
 * or starts a run. */
static void learn_now(struct file_model *f)
{
	pf_learn_all(f->m);
	learned(f);
}

/*
 * A model is the program's, not the inode's. A program that makes its data
 * file, maps it and removes it at the end (a common shape) would otherwise
 * start cold every run. So when a file with a model is removed, the model
 * is retired, not freed: kept under the file's path, its size in pages and
 * a fingerprint of its contents when it was first mapped. A file mapped
 * with MAP_LLM that has no model of its own adopts a retired one only if all
 * three match: a different file under the same name (another size, other
 * contents) starts fresh, and its model, retired in turn, replaces the one
 * kept for that path. Retired models are bounded by memory, never by a
 * count: RETIRED_BYTES in all, the least recently retired dropped first,
 * and all of them when a new model cannot be made.
 */
#define RETIRED_BYTES (1024 * 1024)

static struct file_model *retired_newest, *retired_oldest;
static size_t retired_bytes;

/* Saving a profile serializes and checksums the whole model, which cost as
 * much as the rest of a learned run. So a run's end saves it only when
 * that run's faults differ from the last saved run's (the model is still
 * learning, or what it learned stopped fitting), and otherwise every
 * SAVE_EVERY runs: a model that predicts as well as when it was saved has
 * nothing to add that `make profile` would see. */
#define SAVE_EVERY 16

/* How far past its batch a prediction may go: as far as an answer can.
 * How far it does go is the pager's to ask (filepager.c's serve_fault). */
#define HOLD BOWER_PAGER_MAX_BATCH

static size_t live_models, live_bytes;
static enum pf_kind kind = PF_HYBRID;
static int use_profiles = 1;

void predict_without_profiles(void)
{
	use_profiles = 0;
}

int predict_choose(const char *name)
{
	int k = pf_kind_parse(name);
	if (k < 0)
		return -1;
	kind = (enum pf_kind)k;
	return 0;
}

size_t predict_models(void)
{
	return live_models;
}

size_t predict_model_bytes(void)
{
	return live_bytes;
}

/* A new model starts from what was saved for its file (an earlier run,
 * or an earlier boot for a file on the disk), or else from the profile
 * built in for a file of its name. */
static void load_profile(struct file_model *f)
{
	if (!use_profiles)
		return;
	size_t len;
	unsigned char *saved = profstore_load(f->profiles, f->name, PF_PROFILE_MAX, &len);
	if (saved) {
		int err = pf_profile_load(f->m, saved, len);
		free(saved);
		if (err == PF_OK)
			return;
		printf("fs: saved profile %s/%s refused: %s\n", f->profiles, f->name,
		       pf_strerror(err));
	}
	for (const struct embedded_profile *p = fs_profiles; p->file; p++) {
		if (strcmp(p->file, f->name) != 0)
			continue;
		int err = pf_profile_load(f->m, p->data, p->len);
		if (err)
			printf("fs: built-in profile for %s refused: %s\n", f->name, pf_strerror(err));
		return;
	}
}

/* After each run, what the model knows goes to DIR/NAME (profstore.h):
 * `make profile` collects it from /.profiles (profdump). */
static void save_profile(struct file_model *f)
{
	static unsigned char small[64 * 1024];
	unsigned char *buf = small, *big = NULL;
	size_t len;
	int err = pf_profile_save(f->m, buf, sizeof(small), &len);
	if (err == PF_ENOSPACE && len <= PF_PROFILE_MAX && (big = malloc(len))) {
		buf = big; /* a hybrid with full delta tables: about 160 KB */
		err = pf_profile_save(f->m, buf, len, &len);
	}
	if (err != PF_OK)
		printf("fs: the profile of %s is not saved: %s\n", f->name, pf_strerror(err));
	else
		profstore_save(f->profiles, f->name, buf, len); /* a read-only disk keeps none */
	free(big);
}

static void model_free(struct file_model *f)
{
	learned(f);
	tracerec_drop(f->trace);
	pf_destroy(f->m);
	live_models--;
	live_bytes -= f->bytes;
	free(f);
}

static void unlink_profile(const struct file_model *f)
{
	profstore_remove(f->profiles, f->name);
}

static void unlist(struct file_model *f)
{
	if (f->newer)
		f->newer->older = f->older;
	else
		retired_newest = f->older;
	if (f->older)
		f->older->newer = f->newer;
	else
		retired_oldest = f->newer;
	f->older = f->newer = NULL;
	retired_bytes -= f->bytes;
}

static void drop_oldest(void)
{
	struct file_model *f = retired_oldest;
	unlist(f);
	model_free(f);
}

static void retire(struct file_model *f)
{
	for (struct file_model *old = retired_newest; old; old = old->older)
		if (strcmp(old->path, f->path) == 0) { /* that file was replaced since */
			unlist(old);
			model_free(old);
			break;
		}
	f->saved_faults = 0; /* its profile went with the file */
	tracerec_drop(f->trace); /* a run cut short is not recorded */
	f->trace = NULL;
	f->older = retired_newest;
	f->newer = NULL;
	if (retired_newest)
		retired_newest->newer = f;
	else
		retired_oldest = f;
	retired_newest = f;
	retired_bytes += f->bytes;
	while (retired_bytes > RETIRED_BYTES)
		drop_oldest();
}

static struct file_model *adopt(const char *path, size_t pages, uint64_t fingerprint)
{
	for (struct file_model *f = retired_newest; f; f = f->older)
		if (f->pages == pages && f->fingerprint == fingerprint && strcmp(f->path, path) == 0) {
			unlist(f);
			return f;
		}
	return NULL;
}

void predict_forget(struct file_model **slot)
{
	struct file_model *f = *slot;
	if (!f)
		return;
	learn_now(f);
	*slot = NULL;
	unlink_profile(f);
	retire(f);
}

/* FNV-1a over the first 64 bytes of four pages spread over the file (a
 * hole counts as zeros): cheap, and enough to tell another file of the same
 * name and size from the one a model learned. */
static uint64_t fingerprint(const struct predict_file *pf, size_t pages)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const size_t at[] = {0, pages / 3, 2 * pages / 3, pages - 1};
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		unsigned char head[64];
		ssize_t got = pf->read(pf->file, (uint64_t)at[k] * TMPFS_PAGE, head, sizeof(head));
		for (ssize_t i = 0; i < (ssize_t)sizeof(head); i++) {
			h ^= i < got ? head[i] : 0;
			h *= 0x100000001b3ULL;
		}
	}
	return h;
}

static struct file_model *model_new(const struct predict_file *pf, size_t pages)
{
	int err;
	struct pf_params p = {.kind = kind,
			      .pages = (uint32_t)pages,
			      .cap = BOWER_LLM_CAP_DEFAULT,
			      .hold = HOLD,
			      .learn_later = true};
	struct file_model *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	live_models++;
	f->cap = BOWER_LLM_CAP_DEFAULT;
	f->pages = pages;
	snprintf(f->path, sizeof(f->path), "%s", pf->path);
	snprintf(f->name, sizeof(f->name), "%s", pf->name);
	f->profiles = pf->profiles;
	f->bytes = sizeof(*f) + pf_model_bytes(&p);
	live_bytes += f->bytes;
	f->m = pf_create(&p, &err);
	while (!f->m && retired_oldest) { /* memory first goes to the models in use */
		drop_oldest();
		f->m = pf_create(&p, &err);
	}
	if (!f->m) {
		model_free(f);
		return NULL;
	}
	load_profile(f);
	return f;
}

int predict_run_begin(const struct predict_file *pf, size_t pages)
{
	struct file_model *f = *pf->model;
	if (f && f->pages != pages) { /* the file changed size: start over */
		unlink_profile(f);
		model_free(f);
		*pf->model = f = NULL;
	}
	if (!f && pages > 0) {
		uint64_t print = fingerprint(pf, pages);
		f = pf->path[0] ? adopt(pf->path, pages, print) : NULL;
		if (!f && (f = model_new(pf, pages)))
			f->fingerprint = print;
		*pf->model = f;
	}
	if (!f)
		return -1;
	pf_run_begin(f->m); /* a new mapping: nothing of it is resident */
	learned(f);	    /* and what was kept is learned */
	if (!f->trace)
		f->trace = tracerec_begin();
	return 0;
}

/* The mapping's cap is not the one the model was made for (llm_cap= at
 * boot, or vm_llm_set_cap): make the model again for it, from the profile.
 * The pages the kernel holds stay resident in the new model's view. */
static void change_cap(struct file_model *f, uint32_t cap)
{
	int err;
	struct pf_params p = {.kind = kind,
			      .pages = (uint32_t)f->pages,
			      .cap = cap,
			      .hold = HOLD,
			      .learn_later = true};
	struct pf_model *m = pf_create(&p, &err);
	if (!m)
		return;
	struct pf_model *old = f->m;
	learned(f); /* what the old one kept goes with it */
	f->m = m;
	f->cap = cap;
	load_profile(f);
	pf_run_begin(m);
	for (uint32_t page = 0; page < f->pages; page++)
		if (pf_is_resident(old, page))
			pf_note_mapped(m, page);
	pf_destroy(old);
}

/* A fault on page, seen: recorded, and the model told (pf_observe_fault,
 * or pf_observe_held_fault for one the kernel answered by itself). */
static inline __attribute__((always_inline)) void see_fault(struct file_model *f, uint32_t page,
							     bool held)
{
	if (pf_is_resident(f->m, page)) /* news of its eviction was lost */
		pf_note_evicted(f->m, page);
	tracerec_page(f->trace, page);
	if (held)
		pf_observe_held_fault(f->m, page);
	else
		pf_observe_fault(f->m, page);
}

size_t predict_fault(struct file_model *f, uint32_t page, uint32_t cap, uint32_t *out, size_t max)
{
	if (!f || page >= f->pages)
		return 0;
	if (cap != f->cap && cap <= BOWER_LLM_CAP_MAX)
		change_cap(f, cap);
	see_fault(f, page, false);
	size_t got = pf_predict(f->m, page, out, max);
	want_learning(f);
	return got;
}

void predict_held_fault(struct file_model *f, uint32_t page)
{
	if (!f || page >= f->pages)
		return;
	see_fault(f, page, true);
	pf_note_mapped(f->m, page);
	want_learning(f);
}

void predict_mapped(struct file_model *f, const uint32_t *pages, size_t n)
{
	if (f) /* pages out of range are the library's to skip */
		pf_note_mapped_pages(f->m, pages, n);
}

void predict_evicted(struct file_model *f, uint32_t page)
{
	if (f && page < f->pages)
		pf_note_evicted(f->m, page);
}

void predict_used(struct file_model *f, const uint32_t *pages, size_t n)
{
	if (!f || n == 0)
		return;
	for (size_t i = 0; f->trace && i < n; i++) /* recording: only while /.traces exists */
		if (pages[i] < f->pages)
			tracerec_page(f->trace, pages[i]);
	pf_observe_accesses(f->m, pages, n); /* pages out of range are the library's to skip */
	want_learning(f);
}

void predict_run_end(struct file_model *f, unsigned long faults)
{
	if (!f)
		return;
	pf_run_end(f->m); /* learns everything kept */
	learned(f);
	tracerec_end(f->trace, f->name, f->pages);
	f->trace = NULL;
	if (f->saved_faults == faults + 1 && ++f->runs_unsaved < SAVE_EVERY)
		return;
	save_profile(f);
	f->saved_faults = faults + 1;
	f->runs_unsaved = 0;
}
