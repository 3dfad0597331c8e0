/*
 * stride.c - strides of one or several streams, by majority vote (Leap).
 *
 * Accesses are sorted into up to STREAMS streams: an access joins the
 * stream it continues (last page + that stream's stride), else the stream
 * whose last page is nearest within REACH pages, else it starts a stream
 * (replacing the least recently used). Each stream keeps its last WINDOW
 * steps, and its stride is their strict majority (Boyer-Moore vote), as in
 * Leap (ATC'20): a few odd steps do not change it. At a fault the stream
 * the fault belongs to predicts first, and the other streams with a stride
 * take turns, so that interleaved streams each get their next pages.
 * With no stream holding a majority it predicts nothing.
 *
 * Each stream keeps its majority (and how many of its steps are that
 * step) as its steps come, instead of voting again wherever a stride is
 * wanted: every access asks every stream for its stride, and a step that
 * agrees with a majority that still holds changes only a count. Only when
 * the majority is lost, or there was none, is the new step counted.
 */
#include <stdlib.h>
#include "model.h"

#define STREAMS 4
#define WINDOW	8
#define REACH	512

struct stream {
	int64_t last;
	int64_t steps[WINDOW];
	int64_t major;	  /* the strict majority of steps[], if major_n > 0 */
	unsigned major_n; /* how many steps are `major`; 0: no strict majority */
	unsigned nsteps, next;
	unsigned long used; /* clock of the last access, for replacement */
	bool live;
};

struct stride_state {
	struct stream s[STREAMS];
	unsigned long clock;
	int current; /* the stream of the latest access */
};

static size_t stride_size(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct stride_state);
}

static void stride_run_begin(void *s)
{
	struct stride_state *st = s;
	for (int i = 0; i < STREAMS; i++)
		st->s[i].live = false;
	st->current = -1;
}

/* A new step in the window, the oldest out once it is full. Only the
 * new step's count grows, so a strict majority after it is the one
 * before (if it held) or the new step: never a vote over the window. */
static void push_step(struct stream *s, int64_t step)
{
	bool full = s->nsteps == WINDOW;
	int64_t old = s->steps[s->next];
	s->steps[s->next] = step;
	s->next = (s->next + 1) % WINDOW;
	if (!full)
		s->nsteps++;
	if (s->major_n) {
		unsigned n = s->major_n + (step == s->major) - (full && old == s->major);
		if (2 * n > s->nsteps) {
			s->major_n = n;
			return;
		}
	}
	unsigned n = 0, other = 0;
	for (unsigned i = 0; i < s->nsteps && 2 * other < s->nsteps; i++)
		if (s->steps[i] == step)
			n++;
		else
			other++; /* enough others and it cannot be a majority */
	s->major = step;
	s->major_n = 2 * n > s->nsteps ? n : 0;
}

/* The stream's majority step, if it has one. */
static bool majority(const struct stream *s, int64_t *out)
{
	*out = s->major;
	return s->nsteps >= 2 && s->major_n && s->major != 0;
}

static int find_stream(struct stride_state *st, int64_t page)
{
	int nearest = -1;
	int64_t best = REACH + 1;
	for (int i = 0; i < STREAMS; i++) {
		if (!st->s[i].live)
			continue;
		int64_t d;
		if (majority(&st->s[i], &d) && st->s[i].last + d == page)
			return i;
		int64_t dist = llabs(page - st->s[i].last);
		if (dist > 0 && dist < best) {
			best = dist;
			nearest = i;
		}
	}
	return nearest;
}

static void stride_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct stride_state *st = s;
	(void)has_prev;
	(void)prev;
	st->clock++;
	int i = find_stream(st, page);
	if (i < 0) { /* a new stream, in a free or the least recent slot */
		i = 0;
		for (int k = 0; k < STREAMS; k++)
			if (!st->s[k].live || st->s[k].used < st->s[i].used)
				i = k;
		st->s[i].live = true;
		st->s[i].nsteps = st->s[i].next = st->s[i].major_n = 0;
	} else {
		push_step(&st->s[i], (int64_t)page - st->s[i].last);
	}
	st->s[i].last = page;
	st->s[i].used = st->clock;
	st->current = i;
}

static void stride_predict(void *s, struct pf_emit *e)
{
	struct stride_state *st = s;
	int64_t next[STREAMS], step[STREAMS];
	int order[STREAMS], n = 0;
	if (st->current >= 0 && majority(&st->s[st->current], &step[0])) {
		order[n] = st->current;
		next[n++] = (int64_t)e->fault + step[0];
	}
	for (int i = 0; i < STREAMS; i++)
		if (i != st->current && st->s[i].live && majority(&st->s[i], &step[n])) {
			order[n] = i;
			next[n] = st->s[i].last + step[n];
			n++;
		}
	(void)order;
	/* Round robin over the streams, each at its own stride. */
	for (size_t round = 0; n > 0 && round < e->max + e->cap; round++)
		for (int k = 0; k < n; k++) {
			if (next[k] >= 0 && next[k] < (int64_t)e->pages &&
			    !pf_emit(e, (pf_page)next[k]))
				return;
			next[k] += step[k];
		}
}

const struct pf_predictor_ops pf_stride_ops = {
    .state_size = stride_size,
    .access = stride_access,
    .run_begin = stride_run_begin,
    .predict = stride_predict,
    .needs_recent = pf_always_recent,
};
