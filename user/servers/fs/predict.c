/*
 * predict.c - the file server's use of the prefetch library.
 *
 * One model per file mapped with MAP_LLM (the hybrid predictor unless the
 * server was started with another: predictor=KIND on the kernel command
 * line, which init passes on), hung off the file's node and kept for as
 * long as the file lives, so that each run of a program teaches it more.
 * It goes when the file does (unlinked and no longer open): models are
 * bounded by memory, as files are, never by a count. Its saved profile,
 * /.profiles/NAME (below), goes with it: nothing about a removed file
 * stays behind. The server cannot see the kernel's evictions, but it does not need
 * to: the kernel evicts the oldest-mapped page first, so mirroring that
 * order with the same cap (including pages made young when a batch names
 * them again) tells the model exactly what is resident.
 *
 * Never a workload's formula here: the model learns from the faults and
 * the uses of prefetched pages that the kernel reports.
 */
#include <stdlib.h>
#include <string.h>
#include "prefetch/prefetch.h"
#include "predict.h"
#include "profiles.h"
#include "tmpfs.h"
#include <stdio.h>

struct file_model {
	size_t pages;
	struct pf_model *m;
	uint32_t cap;			  /* the mapping's, as its faults report it */
	uint32_t fifo[BOWER_LLM_CAP_MAX]; /* the kernel's resident pages, oldest first */
	size_t count;
	uint8_t *resident; /* pages bytes */
};

static size_t live_models;
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

int predict_wanted(const struct tnode *n)
{
	return n->model != NULL;
}

size_t predict_models(void)
{
	return live_models;
}

/* A new model starts from the profile built in for a file of this name. */
static void load_profile(struct file_model *f, const char *name)
{
	if (!use_profiles)
		return;
	for (const struct embedded_profile *p = fs_profiles; p->file; p++) {
		if (strcmp(p->file, name) != 0)
			continue;
		int err = pf_profile_load(f->m, p->data, p->len);
		if (err)
			printf("fs: built-in profile for %s refused: %s\n", name, pf_strerror(err));
		return;
	}
}

/* After each run, what the model knows goes to /.profiles/NAME, where
 * `make profile` collects it (profdump). */
static void save_profile(struct file_model *f, const char *name)
{
	static unsigned char buf[64 * 1024];
	size_t len;
	char path[FS_PATH_MAX];
	struct tnode *n;
	if (pf_profile_save(f->m, buf, sizeof(buf), &len) != PF_OK)
		return;
	snprintf(path, sizeof(path), "/.profiles/%s", name);
	if (tmpfs_lookup("/.profiles", &n) < 0 && tmpfs_create("/.profiles", FS_TYPE_DIR, &n) < 0)
		return;
	if (tmpfs_lookup(path, &n) < 0 && tmpfs_create(path, FS_TYPE_FILE, &n) < 0)
		return;
	tmpfs_truncate(n, 0);
	tmpfs_write(n, 0, buf, len);
}

static void model_free(struct file_model *f)
{
	pf_destroy(f->m);
	free(f->resident);
	free(f);
	live_models--;
}

void predict_forget(struct tnode *n)
{
	if (!n->model)
		return;
	model_free(n->model);
	n->model = NULL;
	char path[FS_PATH_MAX];
	snprintf(path, sizeof(path), "/.profiles/%s", n->name);
	tmpfs_unlink(path); /* it may never have been saved */
}

static struct file_model *model_new(const char *name, size_t pages)
{
	int err;
	struct pf_params p = {kind, (uint32_t)pages, BOWER_LLM_CAP_DEFAULT};
	struct file_model *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	live_models++;
	f->cap = BOWER_LLM_CAP_DEFAULT;
	f->pages = pages;
	f->m = pf_create(&p, &err);
	f->resident = calloc(pages, 1);
	if (!f->m || !f->resident) {
		model_free(f);
		return NULL;
	}
	load_profile(f, name);
	return f;
}

int predict_run_begin(struct tnode *n, size_t pages)
{
	if (n->model && n->model->pages != pages) /* the file changed size: start over */
		predict_forget(n);
	if (!n->model)
		n->model = model_new(n->name, pages);
	struct file_model *f = n->model;
	if (!f)
		return -1;
	memset(f->resident, 0, f->pages);
	f->count = 0;
	pf_run_begin(f->m);
	return 0;
}

/* The mapping's cap is not the one the model was made for (llm_cap= at
 * boot, or vm_llm_set_cap): make the model again for it, from the profile. */
static void change_cap(struct file_model *f, const char *name, uint32_t cap)
{
	int err;
	struct pf_params p = {kind, (uint32_t)f->pages, cap};
	struct pf_model *m = pf_create(&p, &err);
	if (!m)
		return;
	pf_destroy(f->m);
	f->m = m;
	f->cap = cap;
	load_profile(f, name);
	memset(f->resident, 0, f->pages);
	f->count = 0;
	pf_run_begin(f->m);
}

size_t predict_fault(struct tnode *n, uint32_t page, uint32_t cap, uint32_t *out, size_t max)
{
	struct file_model *f = n->model;
	if (!f || page >= f->pages)
		return 0;
	if (cap && cap != f->cap && cap <= BOWER_LLM_CAP_MAX)
		change_cap(f, n->name, cap);
	pf_observe_fault(f->m, page);
	return pf_predict(f->m, page, out, max);
}

/* The mirror of the kernel's order: fifo[0 .. count) oldest first. */
static void mirror_append(struct file_model *f, uint32_t p)
{
	if (f->count == f->cap) {
		uint32_t old = f->fifo[0];
		memmove(f->fifo, f->fifo + 1, (f->count - 1) * sizeof(f->fifo[0]));
		f->count--;
		f->resident[old] = 0;
		pf_note_evicted(f->m, old);
	}
	f->fifo[f->count++] = p;
	f->resident[p] = 1;
	pf_note_mapped(f->m, p);
}

static void mirror_make_young(struct file_model *f, uint32_t p)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->fifo[i] == p) {
			memmove(f->fifo + i, f->fifo + i + 1,
				(f->count - i - 1) * sizeof(f->fifo[0]));
			f->fifo[f->count - 1] = p;
			return;
		}
}

void predict_mapped(struct tnode *node, const uint32_t *pages, size_t n)
{
	struct file_model *f = node->model;
	if (!f)
		return;
	if (n > f->cap)
		n = f->cap; /* the kernel trims a batch to the cap */
	/* As the kernel does: resident pages of the batch become young, then
	 * the new ones come in, each pushing out the oldest if at the cap. */
	for (size_t i = 0; i < n; i++)
		if (pages[i] < f->pages && f->resident[pages[i]])
			mirror_make_young(f, pages[i]);
	for (size_t i = 0; i < n; i++)
		if (pages[i] < f->pages && !f->resident[pages[i]])
			mirror_append(f, pages[i]);
}

void predict_used(struct tnode *n, uint32_t page)
{
	struct file_model *f = n->model;
	if (f && page < f->pages)
		pf_observe_access(f->m, page);
}

void predict_run_end(struct tnode *n)
{
	struct file_model *f = n->model;
	if (f) {
		pf_run_end(f->m);
		save_profile(f, n->name);
	}
}
