/*
 * resfit.c - the step as an affine map of the residue (resfit.h says why
 * and how).
 */
#include <string.h>
#include "resfit.h"

static uint32_t tri(uint32_t m)
{
	return m * (m - 1) / 2;
}

/* x mod m in 0 .. m-1, for any sign of x. */
static uint32_t mod(int64_t x, uint32_t m)
{
	int64_t r = x % (int64_t)m;
	return (uint32_t)(r < 0 ? r + m : r);
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

void resfit_init(struct resfit *f)
{
	memset(f, 0, sizeof(*f));
	for (uint32_t m = 1; m <= RESFIT_PERIODS; m++)
		for (uint32_t d = 0; d < m; d++) {
			uint32_t g = gcd(d, m), sub = m / g;
			f->gcd[tri(m) + d] = (uint8_t)g;
			for (uint32_t x = 1; x < sub; x++)
				if (d / g * x % sub == 1) {
					f->inverse[tri(m) + d] = (uint8_t)x;
					break;
				}
		}
	f->valid[1] = true; /* modulo 1 every step is the same: a constant stride */
}

/* Period m's step for residue r under its fit: alpha * r + beta modulo
 * m, in the window of m steps that holds the recent ones (their least
 * and most, less than m apart), centred on them but never taking in
 * steps of the other sign than all of them. */
static int32_t predicted(const struct resfit *f, uint32_t m, uint32_t r)
{
	int32_t lo = (f->least + f->most - (int32_t)m) / 2 + 1;
	if (f->least >= 1 && lo < 1)
		lo = 1;
	if (f->most <= -1 && lo + (int32_t)m - 1 > -1)
		lo = -(int32_t)m;
	int32_t v = (int32_t)((f->alpha[m] * r + f->beta[m]) % m), x = (v - lo) % (int32_t)m;
	return lo + (x < 0 ? x + (int32_t)m : x);
}

/* Fit period m again to this step (residue r) and the newest sample whose
 * residue differs from r. With g = gcd(difference, m), the two fix alpha
 * modulo m / g (a walk that visits only some residues, every other one,
 * say, needs no more); they fit no alpha at all if g does not divide the
 * steps' difference. No fit if no sample gives one. */
static void refit(struct resfit *f, uint32_t m, uint32_t r, int32_t step)
{
	f->valid[m] = false;
	for (uint32_t j = 0; j < f->nsamples; j++) {
		int32_t dr = (int32_t)r - f->res[j][m];
		if (dr == 0)
			continue;
		uint32_t d = (uint32_t)(dr < 0 ? dr + (int32_t)m : dr), g = f->gcd[tri(m) + d];
		uint32_t ds = mod((int64_t)step - f->step[j], m);
		if (ds % g)
			continue;
		uint32_t alpha = ds / g * f->inverse[tri(m) + d] % (m / g);
		f->alpha[m] = (uint8_t)alpha;
		f->beta[m] = (uint8_t)mod((int64_t)step - (int64_t)alpha * r, m);
		f->valid[m] = true;
		return;
	}
}

/* The recent steps take `step` in. */
static void window(struct resfit *f, int32_t step)
{
	f->recent[f->at] = step;
	f->at = (f->at + 1) % RESFIT_WINDOW;
	if (f->nrecent < RESFIT_WINDOW)
		f->nrecent++;
	f->least = f->most = step;
	for (uint32_t i = 0; i < f->nrecent; i++) {
		f->least = f->recent[i] < f->least ? f->recent[i] : f->least;
		f->most = f->recent[i] > f->most ? f->recent[i] : f->most;
	}
}

void resfit_learn(struct resfit *f, const uint8_t *r, int32_t step)
{
	window(f, step);
	uint32_t best = 0;
	int64_t best_margin = 0;
	/* Only a period wider than the recent steps' span can hold them. */
	int64_t span = (int64_t)f->most - f->least;
	for (uint32_t m = span < RESFIT_PERIODS ? (uint32_t)span + 1 : RESFIT_PERIODS + 1;
	     m <= RESFIT_PERIODS; m++) {
		if (f->valid[m]) {
			bool hit = predicted(f, m, r[m]) == step, again = f->streak[m] == 0;
			f->score[m].hits += hit;
			f->score[m].trials++;
			f->streak[m] = hit ? (uint8_t)(f->streak[m] + (f->streak[m] < 255)) : 0;
			/* Wrong twice in a row: this period fits no rule now, and
			 * refitting it at every step would cost the most where
			 * there is none; it is fitted again at the next step. */
			if (!hit && m > 1 && again)
				f->valid[m] = false;
			else if (!hit && m > 1)
				refit(f, m, r[m], step);
		} else {
			refit(f, m, r[m], step);
		}
		if (f->streak[m] >= RESFIT_STREAK && resfit_margin(f, m) > best_margin) {
			best = m;
			best_margin = resfit_margin(f, m);
		}
	}
	f->best = best;
	/* the newest sample first */
	memmove(&f->step[1], &f->step[0], (RESFIT_SAMPLES - 1) * sizeof(f->step[0]));
	memmove(&f->res[1], &f->res[0], (RESFIT_SAMPLES - 1) * sizeof(f->res[0]));
	f->step[0] = step;
	memcpy(f->res[0], r, sizeof(f->res[0]));
	if (f->nsamples < RESFIT_SAMPLES)
		f->nsamples++;
}

void resfit_hit(struct resfit *f, uint32_t m)
{
	f->score[m].hits++;
	f->score[m].trials++;
	f->streak[m] += f->streak[m] < 255;
}

void resfit_decay(struct resfit *f)
{
	for (uint32_t m = 1; m <= RESFIT_PERIODS; m++) {
		f->score[m].hits /= 2;
		f->score[m].trials /= 2;
	}
}

bool resfit_guess(const struct resfit *f, uint32_t m, uint32_t r, int32_t *step)
{
	if (m == 0 || !f->valid[m] || resfit_margin(f, m) < 2)
		return false;
	int64_t span = (int64_t)f->most - f->least;
	if (span >= m)
		return false; /* the recent steps do not fit in its window */
	*step = predicted(f, m, r);
	return true;
}
