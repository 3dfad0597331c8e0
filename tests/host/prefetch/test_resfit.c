/*
 * test_resfit.c - the affine fit of the step to the residue (src/resfit.h),
 * alone.
 *
 * The rules are the tests' own, their parameters drawn here: the fit must
 * find any of them from a few steps and name the step of a residue it
 * has never seen, and must find none in steps that follow no rule.
 */
#include <stdlib.h>
#include "check.h"
#include "resfit.h"

/* Teach f the step from page p, as modulo.c does: residues of p for
 * every period. */
static void learn(struct resfit *f, uint32_t p, int32_t step)
{
	uint8_t r[RESFIT_PERIODS + 1];
	for (uint32_t m = 1; m <= RESFIT_PERIODS; m++)
		r[m] = (uint8_t)(p % m);
	resfit_learn(f, r, step);
}

/* p + (a * p + b) % m + c, for rules the fit must learn. */
static int32_t rule(uint32_t p, uint32_t m, uint32_t a, uint32_t b, uint32_t c)
{
	return (int32_t)((a * p + b) % m + c);
}

/* From a handful of steps of a drawn rule the fit leads with the rule's
 * period, and names every residue's step, the unseen ones too. */
static void test_fit_learns_drawn_rules_from_a_few_steps(void)
{
	srand(7);
	for (int k = 0; k < 200; k++) {
		uint32_t m = 5 + (uint32_t)rand() % 44, a = 1 + (uint32_t)rand() % (m - 1),
			 b = (uint32_t)rand() % m, c = 1 + (uint32_t)rand() % 6;
		static struct resfit f;
		resfit_init(&f);
		uint32_t p = 1 + (uint32_t)rand() % 64;
		for (int i = 0; i < 8; i++) {
			int32_t s = rule(p, m, a, b, c);
			learn(&f, p, s);
			p += (uint32_t)s;
		}
		/* a walk may keep to some residues, so the rule can look like
		 * one of a divisor's period: then that period's fit must hold
		 * on the residues the walk keeps to */
		CHECK(f.best != 0);
		if (!f.best)
			continue;
		uint32_t right = 0;
		for (int i = 0; i < 32; i++) {
			int32_t s = rule(p, m, a, b, c), guess;
			right += resfit_guess(&f, f.best, p % f.best, &guess) && guess == s;
			learn(&f, p, s);
			p += (uint32_t)s;
		}
		CHECK(right >= 28);
	}
}

/* A step that grows with the residue and a walk that visits only even
 * residues (the gcd of the residues' differences and the period is 2): the
 * fit still holds, on the residues the walk keeps to. */
static void test_fit_holds_on_a_walk_that_keeps_to_some_residues(void)
{
	static struct resfit f;
	resfit_init(&f);
	uint32_t p = 4;
	for (int i = 0; i < 40; i++) {
		int32_t s = 2 * (int32_t)(p % 20 / 2) + 10; /* even steps from even pages */
		if (i >= 6) {
			int32_t guess;
			CHECK(resfit_guess(&f, f.best, p % f.best, &guess));
			CHECK_EQ(guess, s);
		}
		learn(&f, p, s);
		p += (uint32_t)s;
	}
}

/* Random steps: no period's fit is right often enough to lead, or to
 * guess. */
static void test_fit_finds_no_rule_in_random_steps(void)
{
	static struct resfit f;
	resfit_init(&f);
	srand(3);
	uint32_t led = 0, p = 100;
	for (int i = 0; i < 2000; i++) {
		int32_t s = 1 + rand() % 40;
		learn(&f, p, s);
		p = (p + (uint32_t)s) % 100000;
		led += f.best != 0;
	}
	CHECK(led < 100); /* a lucky streak now and then, no more */
	/* and steps spread wider than any period: no period is even tried */
	for (int i = 0; i < 200; i++)
		learn(&f, (uint32_t)rand() % 4096, rand() % 4096 - 2048);
	CHECK_EQ(f.best, 0);
	int32_t guess;
	for (uint32_t m = 1; m <= RESFIT_PERIODS; m++)
		CHECK(!resfit_guess(&f, m, 0, &guess));
}

/* A constant stride is the fit of period 1. */
static void test_constant_stride_is_period_one(void)
{
	static struct resfit f;
	resfit_init(&f);
	for (uint32_t p = 7, i = 0; i < 10; i++, p += 13)
		learn(&f, p, 13);
	CHECK_EQ(f.best, 1);
	int32_t guess;
	CHECK(resfit_guess(&f, 1, 0, &guess));
	CHECK_EQ(guess, 13);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_fit_learns_drawn_rules_from_a_few_steps),
    CHECK_TEST(test_fit_holds_on_a_walk_that_keeps_to_some_residues),
    CHECK_TEST(test_fit_finds_no_rule_in_random_steps),
    CHECK_TEST(test_constant_stride_is_period_one),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("resfit", tests, argc, argv);
}
