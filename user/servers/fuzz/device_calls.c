/*
 * device_calls.c - the fuzzer's calls for drivers: interrupts, DMA memory
 * and device information, with hostile arguments.
 *
 * The fuzzer holds no device (init gives devices to their drivers alone),
 * so every interrupt call must fail at its lookup; DMA memory anyone may
 * make, so those calls get past the checks: mostly a few pages (a table
 * full of 4 MiB objects would hold more than the machine has), sometimes
 * sizes the kernel must refuse.
 */
#include "fuzz.h"

static void do_dma_create(struct rng *r)
{
	unsigned long np;
	switch (rng_below(r, 4)) {
	case 0:
		np = (unsigned long)any_int(r);
		break;
	case 1:
		np = rng_chance(r, 50) ? 0 : BOWER_DMA_MAX_PAGES + 1 + rng_below(r, 3);
		break;
	default:
		np = 1 + rng_below(r, 16);
	}
	if (np > 16 && np <= BOWER_DMA_MAX_PAGES)
		np = 16;
	long ret = CALL(dma_create, (long)np);
	if (ret >= NSLOTS)
		wrong_success(SYS_dma_create, ret, (long[]){(long)np}, 1, "no such slot");
	else if (ret >= 0)
		model_set((int)ret, BOWER_CAP_PMO,
			  BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT, ROLE_PMO,
			  new_obj());
}

void do_device_call(struct rng *r)
{
	long ret;
	switch (rng_below(r, 4)) {
	case 0:
		ret =
		    CALL(irq_bind, any_slot(r, BOWER_CAP_IRQ), any_slot(r, BOWER_CAP_NOTIFICATION));
		if (ret == 0)
			wrong_success(SYS_irq_bind, ret, NULL, 0,
				      "bound an interrupt it holds none of");
		break;
	case 1:
		ret = CALL(irq_ack, any_slot(r, BOWER_CAP_IRQ));
		if (ret == 0)
			wrong_success(SYS_irq_ack, ret, NULL, 0,
				      "acknowledged an interrupt it holds none of");
		break;
	case 2:
		do_dma_create(r);
		break;
	default:
		CALL(dev_info, any_slot(r, rng_chance(r, 50) ? BOWER_CAP_PMO : 0),
		     (long)any_ptr(r, true, sizeof(struct bower_dev_info)));
	}
}
