/*
 * test_rset.c - the resident set's eviction rule, against the plainest
 * possible model of it: an array, oldest first, where "young" means "move
 * to the end". Random batches, removals and pops must leave both holding
 * the same pages in the same order and evict the same pages.
 */
#include "check.h"
#include "rset.h"

#define PAGES 64
#define CAP   8
#define RING  (2 * CAP)

struct plain {
	uint32_t order[PAGES];
	uint32_t n;
};

static int plain_find(const struct plain *p, uint32_t page)
{
	for (uint32_t i = 0; i < p->n; i++)
		if (p->order[i] == page)
			return (int)i;
	return -1;
}

static void plain_drop_at(struct plain *p, int i)
{
	memmove(p->order + i, p->order + i + 1, (p->n - (uint32_t)i - 1) * sizeof(uint32_t));
	p->n--;
}

static uint32_t evicted[4 * PAGES];
static size_t nevicted;

static void note_evicted(void *arg, uint32_t page)
{
	(void)arg;
	evicted[nevicted++] = page;
}

/* The set's pages, oldest first, popped from a copy. */
static uint32_t drain_copy(const struct rset *s, const uint32_t *seq, const struct rset_entry *ring,
			   uint32_t *out)
{
	static uint32_t seq2[PAGES];
	static struct rset_entry ring2[RING];
	struct rset c = *s;
	memcpy(seq2, seq, sizeof(seq2));
	memcpy(ring2, ring, sizeof(ring2));
	c.seq = seq2;
	c.ring = ring2;
	uint32_t n = 0;
	while (rset_pop_oldest(&c, &out[n]))
		n++;
	return n;
}

static unsigned long rng = 12345;
static uint32_t next_rand(uint32_t below)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (uint32_t)(rng >> 33) % below;
}

static void test_matches_plain_model(void)
{
	static uint32_t seq[PAGES];
	static struct rset_entry ring[RING];
	struct rset s;
	struct plain p = {.n = 0};
	rset_init(&s, PAGES, CAP, seq, ring, RING);
	for (int round = 0; round < 20000; round++) {
		uint32_t op = next_rand(10);
		if (op < 8) { /* a batch of distinct pages, at most CAP */
			uint32_t batch[CAP], n = 1 + next_rand(CAP);
			for (uint32_t i = 0; i < n; i++) {
			again:
				batch[i] = next_rand(PAGES / 2);
				for (uint32_t j = 0; j < i; j++)
					if (batch[j] == batch[i])
						goto again;
			}
			nevicted = 0;
			rset_admit_batch(&s, batch, n, note_evicted, NULL);
			size_t want_evicted = 0;
			uint32_t want[4 * PAGES];
			for (uint32_t i = 0; i < n; i++) {
				int at = plain_find(&p, batch[i]);
				if (at >= 0) {
					plain_drop_at(&p, at);
					p.order[p.n++] = batch[i];
				}
			}
			for (uint32_t i = 0; i < n; i++) {
				if (plain_find(&p, batch[i]) >= 0)
					continue;
				if (p.n == CAP) {
					want[want_evicted++] = p.order[0];
					plain_drop_at(&p, 0);
				}
				p.order[p.n++] = batch[i];
			}
			CHECK_EQ(nevicted, want_evicted);
			for (size_t i = 0; i < nevicted && i < want_evicted; i++)
				CHECK_EQ(evicted[i], want[i]);
			for (uint32_t i = 0; i < n; i++)
				CHECK(rset_resident(&s, batch[i]));
		} else if (op == 8 && p.n > 0) { /* one leaves out of turn */
			uint32_t victim = p.order[next_rand(p.n)];
			rset_remove(&s, victim);
			plain_drop_at(&p, plain_find(&p, victim));
		} else if (p.n > 0) { /* the cap comes down by one, for a moment */
			uint32_t page;
			CHECK(rset_pop_oldest(&s, &page));
			CHECK_EQ(page, p.order[0]);
			plain_drop_at(&p, 0);
		}
		uint32_t order[PAGES];
		uint32_t n = drain_copy(&s, seq, ring, order);
		CHECK_EQ(n, p.n);
		CHECK_EQ(s.count, p.n);
		for (uint32_t i = 0; i < n && i < p.n; i++)
			CHECK_EQ(order[i], p.order[i]);
		if (check_failures)
			return;
	}
}

static void test_batch_never_evicts_itself(void)
{
	static uint32_t seq[PAGES];
	static struct rset_entry ring[RING];
	struct rset s;
	rset_init(&s, PAGES, CAP, seq, ring, RING);
	uint32_t first[CAP] = {0, 1, 2, 3, 4, 5, 6, 7};
	nevicted = 0;
	rset_admit_batch(&s, first, CAP, note_evicted, NULL);
	CHECK_EQ(nevicted, 0);
	/* The oldest three named again, with five new: the other five go. */
	uint32_t second[CAP] = {10, 0, 1, 2, 11, 12, 13, 14};
	rset_admit_batch(&s, second, CAP, note_evicted, NULL);
	CHECK_EQ(nevicted, 5);
	for (size_t i = 0; i < nevicted; i++)
		CHECK(evicted[i] >= 3 && evicted[i] <= 7);
	for (int i = 0; i < CAP; i++)
		CHECK(rset_resident(&s, second[i]));
}

static void test_empty_pop_and_bounds(void)
{
	static uint32_t seq[PAGES];
	static struct rset_entry ring[RING];
	struct rset s;
	uint32_t page = 99;
	rset_init(&s, PAGES, CAP, seq, ring, RING);
	CHECK(!rset_pop_oldest(&s, &page));
	CHECK(!rset_resident(&s, PAGES + 5));
	rset_remove(&s, 3); /* not resident: nothing happens */
	CHECK_EQ(s.count, 0);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_matches_plain_model),
    CHECK_TEST(test_batch_never_evicts_itself),
    CHECK_TEST(test_empty_pop_and_bounds),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("rset", tests, argc, argv);
}
