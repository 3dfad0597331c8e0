/*
 * predict.c - the file server's use of the prefetch library.
 *
 * One model per file mapped with MAP_LLM (the hybrid predictor unless the
 * server was started with another: predictor=KIND on the kernel command
 * line, which init passes on), kept for
 * as long as the server runs, so that each run of a program teaches it
 * more. The server cannot see the kernel's evictions, but it does not need
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

#define MAX_MODELS 8

struct file_model {
	uint64_t ino;
	char name[FS_NAME_MAX + 1];
	size_t pages;
	struct pf_model *m;
	uint32_t cap;			  /* the mapping's, as its faults report it */
	uint32_t fifo[BOWER_LLM_CAP_MAX]; /* the kernel's resident pages, oldest first */
	size_t count;
	uint8_t *resident; /* pages bytes */
};

static struct file_model models[MAX_MODELS];
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

static struct file_model *find(uint64_t ino)
{
	for (int i = 0; i < MAX_MODELS; i++)
		if (models[i].m && models[i].ino == ino)
			return &models[i];
	return NULL;
}

int predict_wanted(uint64_t ino)
{
	return find(ino) != NULL;
}

/* A new model starts from the profile built in for a file of this name. */
static void load_profile(struct file_model *f)
{
	if (!use_profiles)
		return;
	for (const struct embedded_profile *p = fs_profiles; p->file; p++) {
		if (strcmp(p->file, f->name) != 0)
			continue;
		int err = pf_profile_load(f->m, p->data, p->len);
		if (err)
			printf("fs: built-in profile for %s refused: %s\n", f->name,
			       pf_strerror(err));
		return;
	}
}

/* After each run, what the model knows goes to /.profiles/NAME, where
 * `make profile` collects it (profdump). */
static void save_profile(struct file_model *f)
{
	static unsigned char buf[64 * 1024];
	size_t len;
	char path[FS_PATH_MAX];
	struct tnode *n;
	if (pf_profile_save(f->m, buf, sizeof(buf), &len) != PF_OK)
		return;
	snprintf(path, sizeof(path), "/.profiles/%s", f->name);
	if (tmpfs_lookup("/.profiles", &n) < 0 && tmpfs_create("/.profiles", FS_TYPE_DIR, &n) < 0)
		return;
	if (tmpfs_lookup(path, &n) < 0 && tmpfs_create(path, FS_TYPE_FILE, &n) < 0)
		return;
	tmpfs_truncate(n, 0);
	tmpfs_write(n, 0, buf, len);
}

int predict_run_begin(uint64_t ino, const char *name, size_t pages)
{
	struct file_model *f = find(ino);
	if (f && f->pages != pages) { /* the file changed size: start over */
		pf_destroy(f->m);
		free(f->resident);
		memset(f, 0, sizeof(*f));
		f = NULL;
	}
	for (int i = 0; !f && i < MAX_MODELS; i++)
		if (!models[i].m) {
			int err;
			struct pf_params p = {kind, (uint32_t)pages, BOWER_LLM_CAP_DEFAULT};
			models[i].cap = BOWER_LLM_CAP_DEFAULT;
			models[i].m = pf_create(&p, &err);
			models[i].resident = calloc(pages, 1);
			if (!models[i].m || !models[i].resident) {
				pf_destroy(models[i].m);
				free(models[i].resident);
				memset(&models[i], 0, sizeof(models[i]));
				return -1;
			}
			models[i].ino = ino;
			models[i].pages = pages;
			f = &models[i];
			snprintf(f->name, sizeof(f->name), "%s", name);
			load_profile(f);
		}
	if (!f)
		return -1;
	memset(f->resident, 0, f->pages);
	f->count = 0;
	pf_run_begin(f->m);
	return 0;
}

/* The mapping's cap is not the one the model was made for (llm_cap= at
 * boot, or vm_llm_set_cap): make the model again for it, from the profile. */
static void change_cap(struct file_model *f, uint32_t cap)
{
	int err;
	struct pf_params p = {kind, (uint32_t)f->pages, cap};
	struct pf_model *m = pf_create(&p, &err);
	if (!m)
		return;
	pf_destroy(f->m);
	f->m = m;
	f->cap = cap;
	load_profile(f);
	memset(f->resident, 0, f->pages);
	f->count = 0;
	pf_run_begin(f->m);
}

size_t predict_fault(uint64_t ino, uint32_t page, uint32_t cap, uint32_t *out, size_t max)
{
	struct file_model *f = find(ino);
	if (!f || page >= f->pages)
		return 0;
	if (cap && cap != f->cap && cap <= BOWER_LLM_CAP_MAX)
		change_cap(f, cap);
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

void predict_mapped(uint64_t ino, const uint32_t *pages, size_t n)
{
	struct file_model *f = find(ino);
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

void predict_used(uint64_t ino, uint32_t page)
{
	struct file_model *f = find(ino);
	if (f && page < f->pages)
		pf_observe_access(f->m, page);
}

void predict_run_end(uint64_t ino)
{
	struct file_model *f = find(ino);
	if (f) {
		pf_run_end(f->m);
		save_profile(f);
	}
}
