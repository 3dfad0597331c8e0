/*
 * resfit.h - a rule for every residue from a few of them: the step as an
 * affine map of the residue, modulo the period.
 *
 * The modulo predictor's tables learn the step that follows each residue
 * of a period one residue at a time, so a rule is known only where the
 * walk has been. Many rules a program computes its next page with are
 * simpler than a table: a step that grows with the page's place in a row
 * (`p % m + c`), a multiplicative hash of it (`p * a % m + c`), the low
 * bits times a size. For a period m they have one shape,
 *
 *	step = lo + ((alpha * r + beta - lo) mod m),   r = page mod m,
 *
 * an affine map of the residue taken modulo m, read in a window of m
 * steps, lo .. lo + m - 1 (a constant stride is alpha = 0; a step that
 * just grows with the residue, alpha = 1). The window must hold every
 * step seen lately; where they leave it room on both sides, it is
 * centred on them, so a step not seen yet is taken to be the nearer of
 * the two it could be, and a walk that has only gone forward (or only
 * back) is taken to go on that way. Two steps from residues whose difference is invertible modulo m
 *fix alpha and beta; every later step tests them before it is learned (prequential scoring: a
 *hypothesis is scored only on steps it had not seen), and a step it gets wrong fits it again from
 *that step and a recent one. So the fit of the period that really drives the walk is right from its
 *third step on, a rule is known for residues never visited, and a wrong period's fit is right about
 *once in m steps by chance: the scores tell them apart, and on random access every fit scores
 *poorly and predicts nothing.
 *
 * Nothing here knows a workload's rule: alpha, beta and the period are
 * whatever the steps the program took say, and a rule outside this shape
 * (a hash, a table) is left to the modulo tables, which learn any
 * function of the residue.
 *
 * What it costs. Testing a fit is two multiplications and a residue;
 * refitting, two residues and two table lookups. A period is tested only
 * if its window can hold the recent steps (they span less than m), so
 * random access, whose steps span the whole mapping, tests none. The
 * modulo predictor calls this only on a step its leading table did not
 * know, and less often while neither its tables nor the fits find any
 * rule (modulo.c).
 *
 * Memory: about 3.2 KiB, fixed.
 */
#ifndef PF_RESFIT_H
#define PF_RESFIT_H

#include <stdbool.h>
#include <stdint.h>

#define RESFIT_PERIODS 48
#define RESFIT_SAMPLES 3  /* recent steps a fit is made from */
#define RESFIT_WINDOW  16 /* recent steps that place the window */
#define RESFIT_STREAK  2  /* steps in a row a fit must have got right to lead */

struct resfit_score {
	uint32_t hits, trials;
};

struct resfit {
	/* per period 1..RESFIT_PERIODS: the fit (valid once made) and its score */
	uint8_t alpha[RESFIT_PERIODS + 1], beta[RESFIT_PERIODS + 1];
	bool valid[RESFIT_PERIODS + 1];
	struct resfit_score score[RESFIT_PERIODS + 1];
	uint8_t streak[RESFIT_PERIODS + 1]; /* steps it got right in a row */
	/* for a difference d of residues modulo m, at [m(m-1)/2 + d]: g =
	 * gcd(d, m), and the inverse of d / g modulo m / g (0 if m / g is 1) */
	uint8_t gcd[RESFIT_PERIODS * (RESFIT_PERIODS + 1) / 2];
	uint8_t inverse[RESFIT_PERIODS * (RESFIT_PERIODS + 1) / 2];
	/* the last steps, and the residues of the pages they were taken
	 * from, per period: sample[0] the newest */
	int32_t step[RESFIT_SAMPLES];
	uint8_t res[RESFIT_SAMPLES][RESFIT_PERIODS + 1];
	uint32_t nsamples;
	int32_t recent[RESFIT_WINDOW]; /* the window is placed by these */
	uint32_t nrecent, at;
	int32_t least, most; /* of them */
	/* the period whose fit scores best of those right on their last
	 * RESFIT_STREAK steps (0: none): a fit right on the steps just
	 * taken describes the walk now, whatever older steps said */
	uint32_t best;
};

void resfit_init(struct resfit *f);
/* Learning one step, taken from a page with residue r[m] for every period
 * m (r[0] unused): lo takes the step in, every period's fit is tested on
 * it and refit if wrong, and it becomes the newest sample. */
void resfit_learn(struct resfit *f, const uint8_t *r, int32_t step);
/* Period m's fit was right on a step that was not given to
 * resfit_learn (its guess was used instead of a test). */
void resfit_hit(struct resfit *f, uint32_t m);
/* Halve every score (with the modulo tables', so that both stay
 * comparable). */
void resfit_decay(struct resfit *f);
/* Period m's step for residue r, if its fit has been right more often
 * than wrong (by at least two). */
bool resfit_guess(const struct resfit *f, uint32_t m, uint32_t r, int32_t *step);
/* Hits less misses of period m's fit. */
static inline int64_t resfit_margin(const struct resfit *f, uint32_t m)
{
	return 2 * (int64_t)f->score[m].hits - (int64_t)f->score[m].trials;
}

#endif
