/*
 * test_profile.c - profiles: round trip, merging, and every way a profile
 * can be wrong, each refused with the model left as it was.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "drive.h"
#include "prefetch/prefetch.h"

static struct pf_model *make(enum pf_kind kind, uint32_t pages)
{
	int err;
	struct pf_params p = {.kind = kind, .pages = pages, .cap = 16};
	return pf_create(&p, &err);
}

static void learn(struct pf_model *m, const pf_page *walk, size_t n)
{
	pf_run_begin(m);
	for (size_t i = 0; i < n; i++)
		pf_observe_fault(m, walk[i]);
	pf_run_end(m);
}

static const pf_page walk_a[] = {2, 30, 31, 77, 150, 151, 200};
static const pf_page walk_b[] = {5, 60, 61, 99};

/* A hybrid that has seen walk_a twice, saved: the buffer and its length. */
static unsigned char *saved(size_t *len)
{
	struct pf_model *m = make(PF_HYBRID, 256);
	learn(m, walk_a, 7);
	learn(m, walk_a, 7);
	static unsigned char buf[1 << 16];
	CHECK_EQ(pf_profile_save(m, buf, sizeof(buf), len), PF_OK);
	pf_destroy(m);
	return buf;
}

static size_t predict_from(struct pf_model *m, pf_page fault, pf_page *out)
{
	pf_run_begin(m);
	size_t n = pf_predict(m, fault, out, 15);
	pf_run_end(m);
	return n;
}

static void test_round_trip_predicts_the_same(void)
{
	size_t len;
	unsigned char *buf = saved(&len);
	struct pf_model *m = make(PF_SUCCESSOR, 256);
	CHECK_EQ(pf_profile_load(m, buf, len), PF_OK);
	pf_page out[16];
	size_t n = predict_from(m, 2, out);
	CHECK_EQ(n, 6);
	for (size_t i = 0; i < n; i++)
		CHECK_EQ(out[i], walk_a[i + 1]);
	pf_destroy(m);
}

static void test_merge_of_two_profiles(void)
{
	struct pf_model *a = make(PF_SUCCESSOR, 256), *b = make(PF_SUCCESSOR, 256);
	learn(a, walk_a, 7);
	learn(b, walk_b, 4);
	static unsigned char pa[4096], pb[4096];
	size_t la, lb;
	CHECK_EQ(pf_profile_save(a, pa, sizeof(pa), &la), PF_OK);
	CHECK_EQ(pf_profile_save(b, pb, sizeof(pb), &lb), PF_OK);
	struct pf_model *both = make(PF_SUCCESSOR, 256);
	CHECK_EQ(pf_profile_load(both, pa, la), PF_OK);
	CHECK_EQ(pf_profile_load(both, pb, lb), PF_OK);
	pf_page out[16];
	CHECK_EQ(predict_from(both, 2, out), 6);
	CHECK_EQ(predict_from(both, 5, out), 3);
	CHECK_EQ(out[0], 60);
	pf_destroy(a);
	pf_destroy(b);
	pf_destroy(both);
}

static void test_small_buffer_says_how_much(void)
{
	size_t need, len;
	struct pf_model *m = make(PF_HYBRID, 256);
	learn(m, walk_a, 7);
	unsigned char tiny[10];
	static unsigned char big[1 << 16];
	CHECK_EQ(pf_profile_save(m, tiny, sizeof(tiny), &need), PF_ENOSPACE);
	CHECK_EQ(pf_profile_save(m, big, sizeof(big), &len), PF_OK);
	CHECK_EQ(need, len); /* the size it asked for is the size it used */
	pf_destroy(m);
}

/* Loading buf must fail with want, and leave a fresh model predicting nothing. */
static void refused(const unsigned char *buf, size_t len, int want, const char *what)
{
	struct pf_model *m = make(PF_SUCCESSOR, 256);
	int got = pf_profile_load(m, buf, len);
	pf_page out[16];
	if (got != want || predict_from(m, 2, out) != 0) {
		char msg[160];
		snprintf(msg, sizeof(msg), "%s: got %d (%s), want %d", what, got, pf_strerror(got),
			 want);
		check_fail(__FILE__, __LINE__, msg);
	}
	pf_destroy(m);
}

static void test_every_truncation_is_refused(void)
{
	size_t len;
	unsigned char *buf = saved(&len);
	for (size_t cut = 0; cut < len; cut++) {
		struct pf_model *m = make(PF_SUCCESSOR, 256);
		int got = pf_profile_load(m, buf, cut);
		if (got == PF_OK)
			check_fail(__FILE__, __LINE__, "a truncated profile was accepted");
		pf_destroy(m);
	}
	refused(buf, 10, PF_ETRUNC, "cut inside the header");
	refused(buf, len - 1, PF_ETRUNC, "cut before the checksum ends");
}

static void test_every_flipped_byte_is_refused(void)
{
	size_t len;
	unsigned char *orig = saved(&len);
	unsigned char *buf = malloc(len);
	for (size_t i = 0; i < len; i++) {
		memcpy(buf, orig, len);
		buf[i] ^= 0x40;
		struct pf_model *m = make(PF_SUCCESSOR, 256);
		if (pf_profile_load(m, buf, len) == PF_OK) {
			char msg[64];
			snprintf(msg, sizeof(msg), "flipping byte %zu went unnoticed", i);
			check_fail(__FILE__, __LINE__, msg);
		}
		pf_destroy(m);
	}
	free(buf);
}

static void test_foreign_and_mismatched_profiles(void)
{
	size_t len;
	unsigned char *orig = saved(&len);
	unsigned char *buf = malloc(len + 8);
	memcpy(buf, orig, len);
	memcpy(buf, "ELF\x7f", 4);
	refused(buf, len, PF_EMAGIC, "wrong magic");
	memcpy(buf, orig, len);
	buf[4] = 9;
	refused(buf, len, PF_EVERSION, "future version");
	memcpy(buf, orig, len);
	memset(buf + len, 0, 8);
	refused(buf, len + 8, PF_ECORRUPT, "bytes after the checksum");
	refused(buf, (size_t)PF_PROFILE_MAX + 1, PF_ETOOBIG, "larger than the limit");
	/* A model of another size. */
	struct pf_model *other = make(PF_SUCCESSOR, 512);
	CHECK_EQ(pf_profile_load(other, orig, len), PF_EMISMATCH);
	pf_destroy(other);
	free(buf);
}

/* A hand-made profile with a correct checksum but a bad entry. */
static uint32_t crc32_ref(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static size_t craft(unsigned char *buf, uint32_t section_len, uint32_t count, uint32_t from,
		    uint32_t to, uint32_t n)
{
	memcpy(buf, "BWPF", 4);
	buf[4] = 1, buf[5] = 0, buf[6] = PF_SUCCESSOR, buf[7] = 0;
	put32(buf + 8, 256);
	put32(buf + 12, 8 + 16);
	put32(buf + 16, 1); /* successor section */
	put32(buf + 20, section_len);
	put32(buf + 24, count);
	put32(buf + 28, from);
	put32(buf + 32, to);
	put32(buf + 36, n);
	put32(buf + 40, crc32_ref(buf, 40));
	return 44;
}

static void test_checked_content_is_refused(void)
{
	unsigned char buf[64];
	size_t len = craft(buf, 16, 1, 2, 30, 5);
	struct pf_model *m = make(PF_SUCCESSOR, 256);
	CHECK_EQ(pf_profile_load(m, buf, len), PF_OK); /* the well-formed one loads */
	pf_destroy(m);
	len = craft(buf, 16, 1, 2, 999, 5);
	refused(buf, len, PF_ECORRUPT, "successor out of range");
	len = craft(buf, 16, 1, 2, 30, 0);
	refused(buf, len, PF_ECORRUPT, "zero count");
	len = craft(buf, 16, 7, 2, 30, 5);
	refused(buf, len, PF_ECORRUPT, "entry count disagrees with the length");
	len = craft(buf, 4000, 1, 2, 30, 5);
	refused(buf, len, PF_ECORRUPT, "section longer than the payload");
}

/* The modulo predictor's rule survives a profile: a fresh model loaded
 * with it predicts a walk from a start neither saw; and a profile whose
 * period is out of range is refused. */
static void test_modulo_rule_round_trips(void)
{
	struct pf_model *m = make(PF_MODULO, 4096);
	pf_page w[40];
	for (pf_page start = 1; start < 40; start += 9) {
		size_t n = 0;
		for (pf_page p = start; n < 40; p = p + p % 11 + 3)
			w[n++] = p;
		learn(m, w, n);
	}
	static unsigned char buf[1 << 16];
	size_t len;
	CHECK_EQ(pf_profile_save(m, buf, sizeof(buf), &len), PF_OK);
	pf_page before[16], after[16];
	size_t n = predict_from(m, 2000, before);
	pf_destroy(m);
	m = make(PF_MODULO, 4096);
	CHECK_EQ(pf_profile_load(m, buf, len), PF_OK);
	CHECK_EQ(predict_from(m, 2000, after), n);
	CHECK(n == 15 && memcmp(before, after, sizeof(before[0]) * n) == 0);
	CHECK_EQ(after[0], 2000 + 2000 % 11 + 3);
	pf_destroy(m);
	/* the first entry's period (after the 16-byte header, the section's 8,
	 * the count, 48 scores and n) made 0: impossible; the CRC redone */
	size_t at = 16 + 8 + 4 + 48 * 8 + 4;
	buf[at] = buf[at + 1] = buf[at + 2] = buf[at + 3] = 0;
	put32(buf + len - 4, crc32_ref(buf, len - 4));
	m = make(PF_MODULO, 4096);
	CHECK_EQ(pf_profile_load(m, buf, len), PF_ECORRUPT);
	pf_destroy(m);
}

/* What a model saves, it loads again, however many runs it learned from
 * profiles in between: each run loads the last run's profile, learns test_llm's
 * walk, and saves (as a pager does). The modulo scores once came out above
 * the format's limit (trials <= 256) after a few such runs, and the next
 * load refused the profile as corrupt. */
static void test_save_load_cycles_stay_loadable(void)
{
	static unsigned char buf[1 << 18];
	static struct drive d;
	size_t len = 0;
	pf_page w[64];
	size_t n = 0;
	for (pf_page p = 3; p < 512; p = p + p % 23 + 1)
		w[n++] = p;
	for (int kind = 0; kind < PF_KIND_COUNT; kind++)
		for (int run = 0; run < 12; run++) {
			int err;
			struct pf_params prm = {.kind = (enum pf_kind)kind,
						.pages = 512,
						.cap = 16,
						.learn_later = true};
			struct pf_model *m = pf_create(&prm, &err);
			if (run > 0)
				CHECK_EQ(pf_profile_load(m, buf, len), PF_OK);
			drive_init(&d, m, 512, 16, 16);
			drive_run(&d, w, n);
			CHECK_EQ(pf_profile_save(m, buf, sizeof(buf), &len), PF_OK);
			pf_destroy(m);
		}
}

/* The checksum a saved profile carries is zlib's CRC-32 (the library's is
 * table-driven; the reference here goes bit by bit). */
static void test_saved_checksum_is_crc32(void)
{
	size_t len;
	unsigned char *buf = saved(&len);
	CHECK(len > 20);
	CHECK_EQ(buf[len - 4] | buf[len - 3] << 8 | buf[len - 2] << 16 | (uint32_t)buf[len - 1] << 24,
		 crc32_ref(buf, len - 4));
	CHECK_EQ(crc32_ref((const unsigned char *)"123456789", 9), 0xcbf43926u);
}

static const struct check_test tests[] = {
    CHECK_TEST(test_saved_checksum_is_crc32),
    CHECK_TEST(test_round_trip_predicts_the_same),
    CHECK_TEST(test_modulo_rule_round_trips),
    CHECK_TEST(test_save_load_cycles_stay_loadable),
    CHECK_TEST(test_merge_of_two_profiles),
    CHECK_TEST(test_small_buffer_says_how_much),
    CHECK_TEST(test_every_truncation_is_refused),
    CHECK_TEST(test_every_flipped_byte_is_refused),
    CHECK_TEST(test_foreign_and_mismatched_profiles),
    CHECK_TEST(test_checked_content_is_refused),
};

int main(int argc, char **argv)
{
	return CHECK_MAIN("profile", tests, argc, argv);
}
