/*
 * models.c - models outlive their mappings, within a process.
 *
 * A program that maps the same file again (each request, each layer pass)
 * should meet a model that remembers everything, not one rebuilt from the
 * profile, which keeps only what a profile holds. So a mapping's end keeps
 * its model, under the file's identity (identity.c) and page count, and
 * the next mapping of that identity takes it. This is also what the
 * simulator does with a trace's runs (one model for all of them), so a
 * process's runs replay there exactly (linux/tests/test_launcher.c).
 *
 * Kept models are bounded by memory, never by a count: KEPT_BYTES in all,
 * the least recently kept dropped first. Another process starts from the
 * saved profile.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "pager.h"

#define KEPT_BYTES (256u << 20)

struct kept {
	struct bp_identity id;
	uint32_t pages;
	size_t bytes;
	struct pf_model *model;
	struct kept *next; /* newest first */
};

static struct kept *kept;
static size_t kept_bytes;

static bool same(const struct bp_identity *a, const struct bp_identity *b)
{
	return a->offset == b->offset && a->bytes == b->bytes && a->fingerprint == b->fingerprint &&
	       strcmp(a->path, b->path) == 0;
}

static struct pf_params params_for(const struct bp_region *r)
{
	uint32_t cap = bp.capped && bp.budget < r->pages ? bp.budget : r->pages;
	return (struct pf_params){.kind = (enum pf_kind)bp.set.kind,
				  .pages = r->pages,
				  .cap = cap,
				  .learn_later = !bp.set.learn_now};
}

int bp_model_find(struct bp_region *r)
{
	for (struct kept **kp = &kept; *kp; kp = &(*kp)->next) {
		struct kept *k = *kp;
		if (k->pages == r->pages && same(&k->id, &r->id)) {
			*kp = k->next;
			kept_bytes -= k->bytes;
			r->model = k->model;
			free(k);
			strcpy(r->id.verdict, "model kept from an earlier mapping");
			return 0;
		}
	}
	struct pf_params p = params_for(r);
	int err;
	r->model = pf_create(&p, &err);
	if (!r->model)
		return -1;
	bp_profile_load(r);
	return 0;
}

void bp_model_keep(struct bp_region *r)
{
	struct pf_params p = params_for(r);
	struct kept *k = malloc(sizeof(*k));
	if (!k)
		return; /* r's model goes with r */
	/* One model per identity: a newer one replaces an older. */
	for (struct kept **kp = &kept; *kp; kp = &(*kp)->next)
		if (strcmp((*kp)->id.path, r->id.path) == 0 && (*kp)->id.offset == r->id.offset) {
			struct kept *old = *kp;
			*kp = old->next;
			kept_bytes -= old->bytes;
			pf_destroy(old->model);
			free(old);
			break;
		}
	*k = (struct kept){.id = r->id,
			   .pages = r->pages,
			   .bytes = pf_model_bytes(&p) + sizeof(*k),
			   .model = r->model,
			   .next = kept};
	kept = k;
	kept_bytes += k->bytes;
	r->model = NULL;
	while (kept_bytes > KEPT_BYTES && kept->next) { /* drop the oldest */
		struct kept **kp = &kept;
		while ((*kp)->next)
			kp = &(*kp)->next;
		kept_bytes -= (*kp)->bytes;
		pf_destroy((*kp)->model);
		free(*kp);
		*kp = NULL;
	}
}
