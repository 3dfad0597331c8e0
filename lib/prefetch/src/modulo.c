/*
 * modulo.c - the next step as a function of the page: its residue modulo a
 * learned period.
 *
 * Many sparse walks choose their next step from where they are, not from
 * where they came from: a step that depends on the page's low bits, on its
 * place in a row of a table, on its value modulo some size the program
 * works in. The successor graph learns such a walk only page by page, so a
 * walk from a start it has not seen is new to it; delta correlation needs
 * the same steps to come round again. This predictor learns the rule
 * itself, for every candidate period m = 1 .. PERIODS at once: a table per
 * period maps `page % m` to the step that followed a page with that
 * residue (m = 1 is a constant stride; powers of two are the low bits).
 * Each period is scored on how often its table already held the step that
 * then came, and predictions replay the walk from the fault with the best
 * period's table, residue by residue, until a residue it has not seen.
 *
 * Nothing here knows a formula: a period wins only by predicting the
 * steps the program really took, and a walk whose steps depend on no
 * period (random access) leaves every period with a poor score, which the
 * hybrid sees as low precision. Among periods that all fit (a rule of
 * period 23 fits 46 too), the one that learns fastest, the smallest, has
 * the most hits and wins.
 *
 * What the tables learn carries across runs, so the second run of a rule
 * from a new start is predicted wherever its residues were seen before.
 * Within a run, before the residues come round, each period also keeps
 * a fit of the step as an affine map of the residue (resfit.h), scored
 * on every step before it learns it: a rule of that shape is known for
 * every residue from about its third step, and where a period's table
 * has no step (or an older walk's) and its fit has been right, the fit
 * says. A period leads by the fair score, earned only on the steps every
 * period was taught (the leader alone, taught on every step it gets
 * right, would otherwise outscore a period that is right more often), or
 * by its fit if that has been right more; a run starts from the best fit,
 * since the steps before it were another walk's.
 * Memory: fixed, 8 bytes per (period, residue) and the fits, about 14 KiB.
 *
 * What learning costs. Updating all 48 periods at every access made this
 * the file server's largest cost on a learned run (a third of the guest's
 * access phase), to learn what the leading period already knew. So while
 * the best period is right, an access teaches it and SWEEP others in turn
 * (one of them takes the lead if its score passes the best's); an access
 * it gets wrong (or a residue it has no step for) is when another period
 * might be better, and that access is learned by every period, which
 * ranks them all again. A walk the best period predicts thus costs 1 +
 * SWEEP periods an access; a walk no period predicts (random access)
 * costs all of them, so while no table and no fit has been right for a
 * while, every IDLE steps learned to no rule make learning skip one more
 * step, up to IDLE_MAX (a rule then shows a few steps later; random
 * access, layers of hot pages, interleaved streams cost a fraction of
 * what they did). No division in the tables: a reciprocal per period.
 * Profiles keep only the tables of periods that have been right more
 * than wrong: the others have nothing worth loading, and a profile is
 * written (and checksummed) after every run.
 */
#include "model.h"
#include "resfit.h"

#define PERIODS	 48
#define ENTRIES	 (PERIODS * (PERIODS + 1) / 2)
#define DECAY	 128 /* accesses between two halvings of every score */
#define SWEEP	 2   /* other periods learned per access while the best is right */
#define IDLE	 8   /* fruitless steps that make learning skip one more step */
#define IDLE_MAX 15  /* steps skipped at most between two learned while fruitless */

struct mod_entry {
	int32_t step;
	uint32_t count; /* 0: empty */
};

struct mod_score {
	uint32_t hits, trials;
};

struct modulo_state {
	uint64_t reciprocal[PERIODS + 1]; /* 2^40 / m, rounded up */
	uint32_t first[PERIODS + 1];	  /* period m's table starts here */
	struct mod_score score[PERIODS + 1];
	struct mod_score fair[PERIODS + 1];    /* scored only where every period is taught */
	struct mod_score between[PERIODS + 1]; /* guesses for residues not seen yet */
	uint32_t since_decay;		       /* accesses since the scores were halved */
	uint32_t best;			       /* the period that predicts (0: none) */
	bool best_missed;		       /* its table did not know the last step */
	uint32_t fruitless;		       /* steps in a row learned to no rule */
	uint32_t wait;			       /* steps to skip before learning again */
	uint32_t sweep;			       /* the period the sweep took last */
	struct mod_entry table[ENTRIES];
	struct resfit fit; /* the step as an affine map of the residue, per period */
};

static size_t modulo_size(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct modulo_state);
}

static void modulo_init(void *s, const struct pf_params *p)
{
	struct modulo_state *st = s;
	uint32_t at = 0;
	(void)p;
	for (uint32_t m = 1; m <= PERIODS; m++) {
		st->reciprocal[m] = ((1ull << 40) + m - 1) / m;
		st->first[m] = at;
		at += m;
	}
	resfit_init(&st->fit);
}

/* page % m without a division: exact for page < 2^24 (PF_MAX_PAGES). */
static uint32_t residue(const struct modulo_state *st, pf_page page, uint32_t m)
{
	uint32_t q = (uint32_t)(((uint64_t)page * st->reciprocal[m]) >> 40);
	return page - q * m;
}

static struct mod_entry *entry(struct modulo_state *st, uint32_t m, pf_page page)
{
	return &st->table[st->first[m] + residue(st, page, m)];
}

/* One more observation (count of them) of `step` after this residue. A
 * different step takes the entry over only once the old one has faded. */
static void learn(struct mod_entry *e, int32_t step, uint32_t count)
{
	if (e->count && e->step == step)
		e->count = e->count > UINT32_MAX - count ? UINT32_MAX : e->count + count;
	else if (e->count > count)
		e->count -= count;
	else
		e->step = step, e->count = count;
}

/* A guess for a residue r of period m that has no step yet: the straight
 * line through the nearest residues that have one (between them if r has
 * a known neighbour on each side, else beyond the two nearest on one
 * side). Steps that change smoothly with the residue (a row's length, a
 * size rounded) are guessed right; others are not, and the period's
 * `between` score, kept apart from its table's (and scored only while the
 * period leads), says which, so the guesses are used only where they have
 * been right. False if too few residues are known. */
static bool guess_between(const struct modulo_state *st, uint32_t m, uint32_t r, int32_t *step)
{
	const struct mod_entry *t = &st->table[st->first[m]];
	int32_t below[2], above[2];
	uint32_t nb = 0, na = 0, rb[2], ra[2];
	for (uint32_t x = r; x-- > 0 && nb < 2;)
		if (t[x].count)
			rb[nb] = x, below[nb++] = t[x].step;
	for (uint32_t x = r + 1; x < m && na < 2; x++)
		if (t[x].count)
			ra[na] = x, above[na++] = t[x].step;
	int64_t x1, y1, x2, y2;
	if (nb && na)
		x1 = rb[0], y1 = below[0], x2 = ra[0], y2 = above[0];
	else if (nb == 2)
		x1 = rb[1], y1 = below[1], x2 = rb[0], y2 = below[0];
	else if (na == 2)
		x1 = ra[0], y1 = above[0], x2 = ra[1], y2 = above[1];
	else
		return false;
	int64_t num = (y2 - y1) * ((int64_t)r - x1), den = x2 - x1;
	*step = (int32_t)(y1 + (num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den)));
	return true;
}

static bool trusted_between(const struct modulo_state *st, uint32_t m)
{
	const struct mod_score *b = &st->between[m];
	return b->trials >= 3 && 3 * b->hits >= 2 * b->trials;
}

static void score(struct mod_score *sc, bool hit)
{
	sc->hits += hit;
	sc->trials++;
}

/* Every score is halved at the same moment, so that recent steps count
 * most and periods stay comparable (one halved alone would lose to the
 * others for a while). Trials stay at most 2 * DECAY. */
static void decay(struct modulo_state *st)
{
	if (++st->since_decay < DECAY)
		return;
	st->since_decay = 0;
	for (uint32_t m = 1; m <= PERIODS; m++) {
		st->score[m].hits /= 2;
		st->score[m].trials /= 2;
		st->fair[m].hits /= 2;
		st->fair[m].trials /= 2;
		st->between[m].hits /= 2;
		st->between[m].trials /= 2;
	}
	resfit_decay(&st->fit);
}

static int64_t margin(const struct mod_score *sc)
{
	return 2 * (int64_t)sc->hits - (int64_t)sc->trials;
}

/* Score period m's guess for the step after prev (its entry e), then
 * teach it the step: learn(e, step, 1), written out for the access path.
 * True if it guessed, and right. */
static inline bool teach_entry(struct mod_score *sc, struct mod_entry *e, int32_t step)
{
	if (!e->count) { /* no guess to score: the step is its first */
		e->step = step;
		e->count = 1;
		return false;
	}
	bool hit = e->step == step;
	sc->hits += hit;
	sc->trials++;
	if (hit)
		e->count += e->count != UINT32_MAX;
	else if (e->count > 1)
		e->count--;
	else
		e->step = step;
	return hit;
}

static bool teach(struct modulo_state *st, uint32_t m, pf_page prev, int32_t step)
{
	return teach_entry(&st->score[m], entry(st, m, prev), step);
}

/* Every period learns the step after prev, scored fairly (all of them on
 * this step); the period right most often on such steps comes out of the
 * same pass, and the fits learn the step too. */
static uint32_t teach_all(struct modulo_state *st, pf_page prev, int32_t step)
{
	uint32_t best = 0, at = 0; /* at: period m's table, first[m] */
	int64_t best_margin = 0;
	uint8_t r[PERIODS + 1];
	for (uint32_t m = 1; m <= PERIODS; at += m, m++) {
		uint32_t q = (uint32_t)(((uint64_t)prev * st->reciprocal[m]) >> 40);
		r[m] = (uint8_t)(prev - q * m);
		struct mod_entry *e = &st->table[at + r[m]];
		if (e->count) {
			st->fair[m].trials++;
			st->fair[m].hits += e->step == step;
		}
		teach_entry(&st->score[m], e, step);
		if (margin(&st->fair[m]) > best_margin) {
			best = m;
			best_margin = margin(&st->fair[m]);
		}
	}
	resfit_learn(&st->fit, r, step);
	return best;
}

/* The period whose table has been right most often (hits less misses),
 * the smallest among equals; 0 if none has been right more than wrong. */
static uint32_t best_period(const struct modulo_state *st)
{
	uint32_t best = 0;
	int64_t best_margin = 0;
	for (uint32_t m = 1; m <= PERIODS; m++)
		if (margin(&st->score[m]) > best_margin) {
			best = m;
			best_margin = margin(&st->score[m]);
		}
	return best;
}

/* While the best period is right: SWEEP others learn the step, in turn,
 * and one whose score passes the best's leads from now on. */
static void sweep(struct modulo_state *st, pf_page prev, int32_t step)
{
	int64_t lead = margin(&st->score[st->best]);
	uint32_t m = st->sweep;
	for (uint32_t i = 0; i < SWEEP; i++) {
		m = m == PERIODS ? 1 : m + 1;
		if (m == st->best)
			continue;
		teach(st, m, prev, step);
		if (margin(&st->score[m]) > lead) {
			st->best = m;
			lead = margin(&st->score[m]);
		}
	}
	st->sweep = m;
}

static void modulo_access(void *s, bool has_prev, pf_page prev, pf_page page)
{
	struct modulo_state *st = s;
	if (!has_prev || prev == page)
		return;
	int32_t step = (int32_t)page - (int32_t)prev, guess;
	uint32_t best = st->best;
	decay(st);
	if (best) {
		struct mod_entry *e = entry(st, best, prev);
		if (e->count && e->step == step) { /* right: the common case */
			st->score[best].hits++;
			st->score[best].trials++;
			e->count += e->count != UINT32_MAX;
			st->best_missed = false;
			sweep(st, prev, step);
			return;
		}
		uint32_t r = residue(st, prev, best);
		if (resfit_guess(&st->fit, best, r, &guess) && guess == step) {
			/* Its table did not know (or held a step of an older
			 * walk), its fit did: the table learns the step, nothing
			 * else is taught. */
			teach_entry(&st->score[best], e, step);
			resfit_hit(&st->fit, best);
			st->best_missed = false;
			return;
		}
		if (!e->count && guess_between(st, best, r, &guess))
			score(&st->between[best], guess == step);
	}
	/* The best did not know: every period learns this step, unless no
	 * rule has come of it for a while. */
	st->best_missed = true;
	if (st->wait) {
		st->wait--;
		return;
	}
	st->best = teach_all(st, prev, step);
	if (st->fit.best && resfit_margin(&st->fit, st->fit.best) > margin(&st->fair[st->best]))
		st->best = st->fit.best; /* its fit knows more of the rule than any table */
	st->fruitless = st->best || st->fit.best ? st->fruitless / 2 : st->fruitless + 1;
	st->wait = st->fruitless / IDLE < IDLE_MAX ? st->fruitless / IDLE : IDLE_MAX;
}

/* A run starts where the last steps did not lead: the table that was
 * right on them has no more claim on its first step than any other, and
 * the fits, scored on the same steps for every period, choose. */
static void modulo_run_begin(void *s)
{
	((struct modulo_state *)s)->best_missed = true;
}

static void modulo_predict(void *s, struct pf_emit *e)
{
	struct modulo_state *st = s;
	uint32_t m = st->best;
	if (st->fit.best && (st->best_missed || m == 0))
		m = st->fit.best; /* the tables did not know the step, a fit did */
	if (m == 0)
		return;
	int64_t p = e->fault;
	bool between = trusted_between(st, m);
	/* Resident pages on the walk are stepped over, at most cap of them. */
	for (size_t steps = 0; steps < e->max + e->cap; steps++) {
		const struct mod_entry *en = entry(st, m, (pf_page)p);
		int32_t step = en->step;
		if (!en->count && !resfit_guess(&st->fit, m, residue(st, (pf_page)p, m), &step) &&
		    !(between && guess_between(st, m, residue(st, (pf_page)p, m), &step)))
			return;
		p += step;
		if (p < 0 || p >= (int64_t)e->pages || !pf_emit(e, (pf_page)p))
			return;
	}
}

/* A period's table goes into a profile if the period has been right more
 * than wrong: the others' tables predict nothing worth loading. */
static bool worth_saving(const struct modulo_state *st, uint32_t m)
{
	return margin(&st->score[m]) > 0;
}

/* Profile section: u32 PERIODS, PERIODS x (hits, trials), then u32 n and n
 * x (u32 period, u32 residue, i32 step, u32 count). */
static size_t modulo_save(const void *s, uint8_t *buf, size_t size)
{
	const struct modulo_state *st = s;
	uint32_t n = 0;
	for (uint32_t m = 1; m <= PERIODS; m++)
		for (uint32_t r = 0; r < m && worth_saving(st, m); r++)
			n += st->table[st->first[m] + r].count != 0;
	uint8_t *p;
	size_t payload = 4 + PERIODS * 8 + 4 + (size_t)n * 16;
	size_t need = pf_section_begin(buf, size, PF_SECTION_MODULO, payload, &p);
	if (!p)
		return need;
	pf_put32(p, PERIODS);
	p += 4;
	for (uint32_t m = 1; m <= PERIODS; m++, p += 8) {
		/* A loaded profile's scores (up to 2 * DECAY) and up to DECAY
		 * trials learned before the next halving can pass the format's
		 * limit: saved halved as a load would keep them. */
		struct mod_score sc = st->score[m];
		while (sc.trials > 2 * DECAY) {
			sc.trials /= 2;
			sc.hits /= 2;
		}
		pf_put32(p, sc.hits);
		pf_put32(p + 4, sc.trials);
	}
	pf_put32(p, n);
	p += 4;
	for (uint32_t m = 1; m <= PERIODS; m++)
		for (uint32_t r = 0; r < m && worth_saving(st, m); r++) {
			const struct mod_entry *e = &st->table[st->first[m] + r];
			if (!e->count)
				continue;
			pf_put32(p, m);
			pf_put32(p + 4, r);
			pf_put32(p + 8, (uint32_t)e->step);
			pf_put32(p + 12, e->count);
			p += 16;
		}
	return need;
}

static int modulo_check(const void *s, uint32_t type, const uint8_t *d, size_t len)
{
	(void)s;
	if (type != PF_SECTION_MODULO)
		return PF_OK;
	if (len < 8 || pf_get32(d) != PERIODS || len < 8 + PERIODS * 8)
		return PF_ECORRUPT;
	for (uint32_t m = 0; m < PERIODS; m++) {
		uint32_t hits = pf_get32(d + 4 + m * 8), trials = pf_get32(d + 8 + m * 8);
		if (hits > trials || trials > 2 * DECAY)
			return PF_ECORRUPT;
	}
	const uint8_t *at = d + 4 + PERIODS * 8;
	uint32_t n = pf_get32(at);
	if ((len - 8 - PERIODS * 8) % 16 || (len - 8 - PERIODS * 8) / 16 != n)
		return PF_ECORRUPT;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = at + 4 + (size_t)i * 16;
		uint32_t m = pf_get32(e);
		if (m == 0 || m > PERIODS || pf_get32(e + 4) >= m || pf_get32(e + 12) == 0)
			return PF_ECORRUPT;
	}
	return PF_OK;
}

/* Loading adds: counts to the tables, and the profile's scores to ours
 * (kept within 2 * DECAY, as learning keeps them). */
static void modulo_apply(void *s, uint32_t type, const uint8_t *d, size_t len)
{
	struct modulo_state *st = s;
	(void)len;
	if (type != PF_SECTION_MODULO)
		return;
	for (uint32_t m = 1; m <= PERIODS; m++) {
		struct mod_score *sc = &st->score[m];
		sc->hits += pf_get32(d + 4 + (m - 1) * 8);
		sc->trials += pf_get32(d + 8 + (m - 1) * 8);
		while (sc->trials > 2 * DECAY) {
			sc->trials /= 2;
			sc->hits /= 2;
		}
		st->fair[m] = *sc; /* all a profile says of how right each period is */
	}
	const uint8_t *at = d + 4 + PERIODS * 8;
	for (uint32_t i = 0; i < pf_get32(at); i++) {
		const uint8_t *e = at + 4 + (size_t)i * 16;
		uint32_t m = pf_get32(e), r = pf_get32(e + 4);
		learn(&st->table[st->first[m] + r], (int32_t)pf_get32(e + 8), pf_get32(e + 12));
	}
	st->best = best_period(st);
}

const struct pf_predictor_ops pf_modulo_ops = {
    .state_size = modulo_size,
    .init = modulo_init,
    .access = modulo_access,
    .run_begin = modulo_run_begin,
    .predict = modulo_predict,
    .save = modulo_save,
    .check = modulo_check,
    .apply = modulo_apply,
};
