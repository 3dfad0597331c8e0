/*
 * cap_calls.c - the fuzzer's capability and notification calls: copies
 * with any rights, deletes (never of the fuzzer's own machinery), waits
 * that cannot block for ever, and table limits the kernel must refuse.
 */
#include "fuzz.h"

void do_cap_copy(struct rng *r)
{
	int slot = any_slot(r, 0);
	unsigned rights =
	    rng_chance(r, 70) ? (unsigned)rng_below(r, BOWER_RIGHT_ALL + 1) : (unsigned)any_int(r);
	long ret = CALL(cap_copy, slot, rights);
	if (ret >= NSLOTS)
		wrong_success(SYS_cap_copy, ret, (long[]){slot, rights}, 2, "no such slot");
	else if (ret >= 0) {
		struct slot s = F.slots[slot];
		enum role role = s.role == ROLE_VITAL ? ROLE_VCOPY : s.role;
		model_set((int)ret, s.type, s.rights & rights, role, s.obj);
	}
}

void do_cap_delete(struct rng *r)
{
	int slot = any_slot(r, 0);
	if (slot >= 0 && slot < NSLOTS && F.slots[slot].role == ROLE_VITAL)
		slot = NSLOTS; /* the fuzzer's own machinery stays */
	long ret = CALL(cap_delete, slot);
	if (ret == 0)
		model_clear(slot);
}

void do_notify_wait(struct rng *r)
{
	int slot = any_slot(r, BOWER_CAP_NOTIFICATION);
	long block = rng_chance(r, 50) ? 0 : any_int(r);
	struct slot s = slot >= 0 && slot < NSLOTS ? F.slots[slot] : (struct slot){0};
	if (s.role == ROLE_VITAL || s.role == ROLE_VCOPY)
		return; /* the pager's own: taking its signal would stall faults */
	struct obj_info *o = s.role == ROLE_NOTIFY ? obj_info(s.obj) : NULL;
	/* Nothing known pending: a blocking wait might never end. In hostile
	 * mode copies main cannot see (a reply's capability) take signals too. */
	if (!(o && o->notify_count > 0) || F.mode == MODE_HOSTILE)
		block = 0;
	long ret = CALL(notify_wait, slot, block);
	if (ret == 0 && o && o->notify_count > 0)
		o->notify_count--;
}

/* Lowering the limit is fine (down to what spawn's eight capabilities
 * need); above NSLOTS the table would outgrow the model, so those become
 * values past the kernel's maximum, which it must refuse. */
void do_cap_set_limit(struct rng *r)
{
	unsigned long n = rng_chance(r, 50) ? NSLOTS : (unsigned long)any_int(r);
	if (n < 16)
		n = NSLOTS;
	else if (n > NSLOTS && n <= (1UL << 20))
		n = (1UL << 20) + rng_below(r, 1000);
	CALL(cap_set_limit, (long)n);
}
