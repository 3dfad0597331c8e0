/*
 * fuzz_profile.c - libFuzzer target: the profile loader on any bytes.
 *
 * Whatever the input, loading must either refuse it or leave a model that
 * predicts only valid pages; the sanitizers catch any read outside it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "prefetch/prefetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int err;
	struct pf_params p = {.kind = PF_HYBRID, .pages = 256, .cap = 16};
	struct pf_model *m = pf_create(&p, &err);
	if (!m)
		return 0;
	if (pf_profile_load(m, data, size) == PF_OK) {
		pf_page out[16];
		pf_run_begin(m);
		for (pf_page f = 0; f < 256; f += 17) {
			size_t n = pf_predict(m, f, out, 15);
			for (size_t i = 0; i < n; i++)
				if (out[i] >= 256 || out[i] == f)
					abort();
		}
		pf_run_end(m);
	}
	pf_destroy(m);
	return 0;
}
