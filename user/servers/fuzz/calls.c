/*
 * calls.c - one random system call with hostile arguments, and its check.
 *
 * Arguments mix the boundary values every handler must refuse (NULL, kernel
 * addresses, unmapped and read-only memory, misaligned pointers, ranges that
 * wrap or cross the top of user space, huge lengths, out-of-range slots,
 * slots holding the wrong type or too few rights) with real objects the
 * fuzzer made, so that calls also get past the checks. Pointers often land
 * in file mappings served by the fuzzer's own slow pager, which makes the
 * kernel sleep in the middle of a call.
 *
 * Some calls would block the main thread for ever (a wait on a notification
 * nobody signals, a receive nobody calls, a call nobody serves, reading the
 * console) or end it (exit); those are made only with arguments the model
 * says cannot block (see each case). Every result is checked against the
 * call's errors in docs/syscalls.md (fuzz_errors.h is generated from it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"
#include <bower/counter.h>


bool range_ok(uintptr_t p, size_t n)
{
	return p + n >= p && p + n <= BOWER_USER_TOP;
}

void add_map(uintptr_t addr, size_t len, bool file, bool writable, bool llm)
{
	if (F.nmaps < MAX_MAPS)
		F.maps[F.nmaps++] =
		    (struct mapping){addr, (len + PAGE - 1) & ~(PAGE - 1), file, writable, llm};
}

/* [addr, addr + len) was unmapped: every mapping of ours it touched is
 * forgotten whole (what is left of one cut in part is not used again). */
static void forget_maps(uintptr_t addr, size_t len)
{
	for (int i = 0; i < F.nmaps;) {
		struct mapping *m = &F.maps[i];
		if (m->addr < addr + len && addr < m->addr + m->len) {
			if (m->addr == F.file_rw)
				F.file_rw = 0;
			if (m->addr == F.file_ro)
				F.file_ro = 0;
			if (m->addr == F.file_llm)
				F.file_llm = 0;
			*m = F.maps[--F.nmaps];
		} else {
			i++;
		}
	}
}

/* Unmapping takes parts of mappings, so a range may be unmapped only if
 * it lies inside one mapping of ours, or where nothing is ever mapped:
 * anything else could take the program's own memory, or a connection's
 * buffer the C library uses. */
static bool ours_to_unmap(uintptr_t addr, size_t len)
{
	if (addr + len < addr)
		return true; /* refused by the kernel: harmless */
	for (int i = 0; i < F.nmaps; i++)
		if (addr >= F.maps[i].addr && addr + len <= F.maps[i].addr + F.maps[i].len)
			return true;
	return addr >= UNMAPPED && addr + len <= UNMAPPED + (1UL << 30);
}

/* The fuzzer's own program, heap, stack and pager memory: never unmapped. */
extern char __heap_end[];
static bool vital_address(uintptr_t a)
{
	return (a >= 0x400000 && a < (uintptr_t)__heap_end) ||
	       (a >= 0x80000000UL - (256UL << 10) && a < 0x80000000UL) ||
	       (a >= pager_pool && a < pager_pool + 8 * PAGE);
}

static struct bower_pager_entry entries_buf[BOWER_PAGER_MAX_BATCH + 2];

static void do_thread_create(struct rng *r)
{
	if (rng_chance(r, 40)) {
		helper_start(r);
		return;
	}
	/* Only arguments the kernel must refuse: a thread at a random
	 * address or on a random stack would crash the fuzzer, not the kernel. */
	uintptr_t entry = (uintptr_t)any_int(r), stack = (uintptr_t)any_int(r);
	switch (rng_below(r, 3)) {
	case 0:
		entry = BOWER_USER_TOP + (uintptr_t)rng_below(r, 1UL << 40);
		break;
	case 1:
		stack = BOWER_USER_TOP + 16 * (1 + rng_below(r, 100));
		break;
	default:
		stack = (uintptr_t)scratch + 1 + rng_below(r, 15); /* misaligned */
	}
	long t = CALL(thread_create, (long)entry, any_int(r), (long)stack);
	if (t >= 0)
		wrong_success(SYS_thread_create, t, (long[]){(long)entry, 0, (long)stack}, 3,
			      "a thread with bad arguments was made");
}

static void do_vm_map(struct rng *r)
{
	uintptr_t addr;
	switch (rng_below(r, 4)) {
	case 0:
		addr = 0;
		break;
	case 1:
		addr = (uintptr_t)any_int(r);
		break;
	case 2:
		addr = F.nmaps ? F.maps[rng_below(r, (uint64_t)F.nmaps)].addr : 0;
		break;
	default:
		addr = 0x10000000UL + rng_below(r, 4096) * PAGE + (rng_chance(r, 10) ? 1 : 0);
	}
	size_t len =
	    rng_chance(r, 70) ? (1 + rng_below(r, 16)) * PAGE - rng_below(r, 2) : any_len(r, addr);
	int prot = rng_chance(r, 80) ? (int)rng_below(r, 8) : (int)any_int(r);
	int flags = rng_chance(r, 80) ? (int)rng_below(r, 4) * 0x10 : (int)any_int(r);
	/* Eager mappings allocate now: keep them small, except a rare huge one
	 * in hostile mode that must fail with ENOMEM and give it all back. */
	if ((flags & BOWER_MAP_EAGER) && len > 16 * PAGE &&
	    !(F.mode == MODE_HOSTILE && rng_chance(r, 2)))
		len = 16 * PAGE;
	if (len > (1UL << 30) && len <= (1UL << 36))
		len = 1UL << 30; /* lazy and huge: the page array alone is megabytes */
	if (F.nmaps == MAX_MAPS)
		len = 0;
	/* MAP_FIXED replaces what is there: over ours only (as unmap), and
	 * the mappings it replaces are forgotten. */
	if ((flags & BOWER_MAP_FIXED) && (vital_address(addr) || !ours_to_unmap(addr, len)))
		addr = UNMAPPED + rng_below(r, 256) * PAGE, len %= 1UL << 28;
	long ret = CALL(vm_map, (long)addr, (long)len, prot, flags);
	if (ret >= 0 && (flags & BOWER_MAP_FIXED))
		forget_maps((uintptr_t)ret, len);
	if (ret >= 0)
		add_map((uintptr_t)ret, len, false, prot & BOWER_PROT_WRITE, false);
}

static void do_vm_unmap(struct rng *r)
{
	uintptr_t addr;
	size_t len;
	if (F.file_slow && rng_chance(r, 10)) {
		/* under helpers that may sleep on its pages */
		addr = F.file_slow;
		if (CALL(vm_unmap, (long)addr, FILE_PAGES * PAGE) == 0) {
			F.file_slow = 0;
			forget_maps(addr, FILE_PAGES * PAGE);
		}
		return;
	}
	if (F.nmaps && rng_chance(r, 70)) {
		struct mapping *m = &F.maps[rng_below(r, (uint64_t)F.nmaps)];
		addr = m->addr;
		len = rng_chance(r, 80) ? m->len : any_len(r, addr);
		if (rng_chance(r, 10))
			addr += PAGE;
	} else {
		addr = (uintptr_t)any_int(r);
		len = any_len(r, addr);
	}
	if (vital_address(addr) || !ours_to_unmap(addr, len))
		addr = UNMAPPED, len = len % (1UL << 30);
	if (rng_chance(r, 30)) { /* new permissions instead: the model forgets the range */
		int prot = rng_chance(r, 80) ? (int)rng_below(r, 8) : (int)any_int(r);
		if (CALL(vm_protect, (long)addr, (long)len, prot) == 0)
			forget_maps(addr, len);
		return;
	}
	/* Locked or unlocked: pages come in, none go. In hostile mode only:
	 * what a lock brings in depends on what the system kept from earlier
	 * runs (a file's pages, what the file server learned), so in safe
	 * mode the same seed would not make the same calls twice. */
	if (F.mode == MODE_HOSTILE && rng_chance(r, 20)) {
		int flags = rng_chance(r, 80) ? (int)rng_below(r, 4) : (int)any_int(r);
		if (len > 64 * PAGE) /* each page is made now: not a gigabyte of them */
			len = 64 * PAGE;
		CALL(vm_lock, (long)addr, (long)len, flags);
		return;
	}
	/* In hostile mode a helper may sleep on a page of the file mapping
	 * while it goes: that is the point. In safe mode nothing sleeps now. */
	long ret = CALL(vm_unmap, (long)addr, (long)len);
	if (ret == 0)
		forget_maps(addr, len);
}

static void do_console(struct rng *r, bool read)
{
	uintptr_t p = any_ptr(r, read, 8);
	size_t len = any_len(r, p);
	if (read) {
		/* It would wait for typing: only ranges refused first, or nothing. */
		if (range_ok(p, len))
			len = rng_chance(r, 50) ? 0 : (size_t)-1;
		CALL(console_read, (long)p, (long)len);
		return;
	}
	if (range_ok(p, len) && len > 8)
		len = rng_below(r, 9); /* real bytes reach the console: a few */
	CALL(console_write, (long)p, (long)len);
}

static void do_vm_map_pmo(struct rng *r)
{
	int pmo = any_slot(r, BOWER_CAP_PMO);
	uintptr_t addr = rng_chance(r, 70) ? 0 : (uintptr_t)any_int(r);
	size_t len = rng_chance(r, 70) ? (1 + rng_below(r, FILE_PAGES)) * PAGE : any_len(r, addr);
	int prot = rng_chance(r, 80) ? (int)rng_below(r, 4) : (int)any_int(r);
	int flags = rng_chance(r, 70) ? 0 : rng_chance(r, 70) ? BOWER_MAP_LLM : (int)any_int(r);
	unsigned long first = rng_chance(r, 70) ? rng_below(r, 4) : (unsigned long)any_int(r);
	if (F.nmaps == MAX_MAPS)
		len = 0;
	if ((flags & BOWER_MAP_FIXED) && (vital_address(addr) || !ours_to_unmap(addr, len)))
		addr = UNMAPPED + rng_below(r, 256) * PAGE, len %= 1UL << 28;
	long ret = CALL(vm_map_pmo, pmo, (long)addr, (long)len, prot, flags, (long)first);
	if (ret >= 0 && (flags & BOWER_MAP_FIXED))
		forget_maps((uintptr_t)ret, len);
	if (ret >= 0) {
		struct slot s = F.slots[pmo];
		bool file = s.role == ROLE_FILEPMO || pmo == F.file_pmo || s.role == ROLE_NONE;
		add_map((uintptr_t)ret, len, file, prot & BOWER_PROT_WRITE, flags & BOWER_MAP_LLM);
		if (file && !F.file_rw && !(flags & BOWER_MAP_LLM) && (prot & BOWER_PROT_WRITE) &&
		    pmo == F.file_pmo && first == 0 && len >= FILE_PAGES * PAGE)
			F.file_rw = (uintptr_t)ret;
	}
}

static unsigned long any_token(struct rng *r)
{
	if (rng_chance(r, 60))
		return F.tokens[rng_below(r, 8)] + (rng_chance(r, 80) ? 0 : rng_below(r, 3));
	return (unsigned long)any_int(r);
}

static void do_pager_map(struct rng *r)
{
	int n = rng_chance(r, 80) ? (int)rng_below(r, 5) : (int)any_int(r);
	for (int i = 0; i < BOWER_PAGER_MAX_BATCH + 2; i++) {
		entries_buf[i].client_va = rng_chance(r, 70) ? in_file_mapping(r, 0) & ~(PAGE - 1)
							     : (uintptr_t)any_ptr(r, false, 0);
		entries_buf[i].pager_va = rng_chance(r, 70)
					      ? pager_pool + (uintptr_t)pager_pool_page(r) * PAGE
					      : any_ptr(r, false, 0);
	}
	uintptr_t e = rng_chance(r, 70) ? (uintptr_t)entries_buf : any_ptr(r, false, 16);
	int prot = rng_chance(r, 80) ? (int)rng_below(r, 4) : (int)any_int(r);
	if (rng_chance(r, 60)) {
		CALL(pager_map, any_slot(r, BOWER_CAP_PAGER), (long)any_token(r), (long)e, n, prot);
		return;
	}
	if (rng_chance(r, 25)) {
		/* Answer and wait: never a wait that could last (the map may
		 * answer a real fault), never on the pager's own notification
		 * (taking its signal would stall faults). */
		int slot = any_slot(r, BOWER_CAP_NOTIFICATION);
		struct slot s = slot >= 0 && slot < NSLOTS ? F.slots[slot] : (struct slot){0};
		if (s.role == ROLE_VITAL || s.role == ROLE_VCOPY)
			return;
		long how = rng_chance(r, 70) ? BOWER_WAIT_POLL : any_int(r);
		if (how == BOWER_WAIT_BLOCK || how == BOWER_WAIT_OR_IDLE)
			how = BOWER_WAIT_POLL;
		long waited[4];
		long ret = CALL_RESULTS(waited, pager_map_wait, any_slot(r, BOWER_CAP_PAGER),
					(long)any_token(r), (long)e, n, prot, slot, how);
		struct obj_info *o = s.role == ROLE_NOTIFY ? obj_info(s.obj) : NULL;
		if (ret >= 0 && waited[0] == 0 && o && o->notify_count > 0)
			o->notify_count--; /* it took a signal, as notify_wait would */
		return;
	}
	/* Ahead of any fault, into our own MAP_LLM mapping mostly. */
	long client = rng_chance(r, 80) ? bower_getpid() : any_int(r);
	CALL(pager_map_ahead, any_slot(r, BOWER_CAP_PAGER), any_slot(r, BOWER_CAP_PMO), client,
	     (long)e, n, prot);
}

static void do_thread_join(struct rng *r)
{
	int slot = any_slot(r, BOWER_CAP_THREAD);
	struct slot s = slot >= 0 && slot < NSLOTS ? F.slots[slot] : (struct slot){0};
	if (s.type == BOWER_CAP_THREAD && (s.rights & BOWER_RIGHT_WAIT)) {
		/* Only a helper, and in hostile mode only one that has finished
		 * (another may sleep on a fault that is answered at the end). */
		struct obj_info *o = obj_info(s.obj);
		if (s.role != ROLE_THREAD ||
		    (F.mode == MODE_HOSTILE && !(o && o->helper >= 0 && F.helper_done[o->helper])))
			return;
	} else if (s.type == 0 && slot >= 0 && slot < NSLOTS && F.mode == MODE_HOSTILE) {
		return; /* the model may be stale: it could hold a sleeping thread */
	}
	CALL(thread_join, slot);
}

static void do_vm_mincore(struct rng *r)
{
	uintptr_t addr = F.nmaps && rng_chance(r, 60) ? F.maps[rng_below(r, (uint64_t)F.nmaps)].addr
						      : (uintptr_t)any_int(r);
	size_t len = rng_chance(r, 70) ? rng_below(r, 20) * PAGE : any_len(r, addr);
	uintptr_t vec = rng_chance(r, 20) ? 0 : any_ptr(r, true, len / PAGE);
	/* A byte per page is written: a real pointer gets at most a page of them. */
	if (vec && len > 4096 * PAGE)
		len = 4096 * PAGE;
	CALL(vm_mincore, (long)addr, (long)len, (long)vec);
}

/* Waits for pipe ends and the console: a moment past, a look, or a few
 * microseconds on (main never waits long), on items anywhere. */
static void do_poll(struct rng *r)
{
	unsigned long n = rng_chance(r, 80) ? rng_below(r, 8) : rng_below(r, BOWER_POLL_MAX + 8);
	static struct bower_poll_item items[BOWER_POLL_MAX + 8];
	for (unsigned long i = 0; i < n && i < BOWER_POLL_MAX + 8; i++)
		items[i] = (struct bower_poll_item){
		    .slot = rng_chance(r, 70) ? (int)rng_below(r, NSLOTS) : (int)any_int(r),
		    .events = (unsigned short)any_int(r)};
	uintptr_t at = rng_chance(r, 70) ? (uintptr_t)items : any_ptr(r, true, n * sizeof(items[0]));
	long now = (long)bower_counter();
	long deadline = rng_chance(r, 40) ? 0 : rng_chance(r, 50) ? now - (long)rng_below(r, 1000)
								   : now + (long)rng_below(r, 200);
	uintptr_t mask = rng_chance(r, 70) ? 0 : any_ptr(r, false, sizeof(long)); /* ppoll's */
	CALL(poll, (long)at, (long)n, deadline, (long)mask);
}

/* The memory limits: read, or set wrong (soft above hard), never lowered:
 * a lower one would starve the fuzzer of its own memory. */
static void do_vm_limit(struct rng *r)
{
	static const struct bower_vm_limit wrong = {2, 1};
	int resource = rng_chance(r, 80) ? (int)rng_below(r, 3) : (int)any_int(r);
	uintptr_t old = rng_chance(r, 30) ? 0 : any_ptr(r, true, sizeof(struct bower_vm_limit));
	/* Not any_bad_ptr: it may name readable memory, whose limits would
	 * be taken. The kernel's memory and the first page are never ours. */
	static const uintptr_t unreadable[] = {16, 0xffff000040000000UL};
	uintptr_t set = rng_chance(r, 70)   ? 0
			: rng_chance(r, 50) ? (uintptr_t)&wrong
					    : unreadable[rng_below(r, 2)];
	long ret = CALL(vm_limit, resource, (long)set, (long)old);
	if (ret == 0 && set)
		wrong_success(SYS_vm_limit, ret, NULL, 0, "a soft limit above the hard one was taken");
}

static void unknown_call(struct rng *r)
{
	long nr = rng_chance(r, 50) ? SYS_COUNT + (long)rng_below(r, 100) : any_int(r);
	if (nr >= 0 && nr < SYS_COUNT)
		nr = -1;
	long a[] = {any_int(r), any_int(r)};
	digest((int)nr, a, 2);
	long ret = check(-1, raw_syscall(nr, a, 2, NULL), a, 2);
	if (ret >= 0)
		wrong_success(-1, ret, (long[]){nr}, 1, "an unknown call number did something");
}

void fuzz_one(struct rng *r)
{
	long ret;
	switch (rng_below(r, 56)) {
	case 0:
		do_console(r, false);
		break;
	case 1:
		ret = CALL0(getpid);
		if (ret != F.pid)
			wrong_success(SYS_getpid, ret, NULL, 0, "not our pid");
		break;
	case 2:
		do_spawn(r);
		break;
	case 3:
		do_wait(r);
		break;
	case 4:
		if (rng_chance(r, 50)) {
			CALL0(yield);
		} else { /* a moment past, or a few microseconds on: main never waits long */
			long now = (long)bower_counter();
			CALL(sleep_until, rng_chance(r, 50) ? now - (long)rng_below(r, 1000)
							     : now + (long)rng_below(r, 200));
		}
		break;
	case 5:
		do_thread_create(r);
		break;
	case 6:
		do_vm_map(r);
		break;
	case 7:
		do_vm_unmap(r);
		break;
	case 8:
		if (rng_chance(r, 50))
			CALL(mem_stat, (long)any_ptr(r, true, sizeof(struct bower_memstat)));
		else
			CALL(rtc_epoch, (long)any_ptr(r, true, sizeof(struct bower_rtc_epoch)));
		break;
	case 9:
		ret = CALL(poweroff, any_int(r)); /* not init: must be refused */
		break;
	case 10:
		do_console(r, true);
		break;
	case 11:
	case 39:
		do_cap_copy(r);
		break;
	case 12:
	case 40:
		do_cap_delete(r);
		break;
	case 13:
		CALL(cap_identify, any_slot(r, 0));
		break;
	case 14:
	case 41:
		ret = CALL0(notify_create);
		if (ret >= 0 && ret < NSLOTS)
			model_set((int)ret, BOWER_CAP_NOTIFICATION,
				  BOWER_RIGHT_SIGNAL | BOWER_RIGHT_WAIT | BOWER_RIGHT_GRANT,
				  ROLE_NOTIFY, new_obj());
		break;
	case 15: {
		int slot = any_slot(r, BOWER_CAP_NOTIFICATION);
		ret = CALL(notify_signal, slot);
		if (ret == 0 && F.slots[slot].role == ROLE_NOTIFY && obj_info(F.slots[slot].obj))
			obj_info(F.slots[slot].obj)->notify_count++;
		break;
	}
	case 16:
		do_notify_wait(r);
		break;
	case 17:
		ret = CALL0(port_create);
		if (ret >= 0 && ret < NSLOTS)
			model_set((int)ret, BOWER_CAP_PORT,
				  BOWER_RIGHT_RECEIVE | BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT,
				  ROLE_PORT, new_obj());
		break;
	case 18:
	case 42:
		do_ipc_connect(r);
		break;
	case 19:
	case 43:
		do_ipc_call(r);
		break;
	case 20:
		do_ipc_recv(r);
		break;
	case 21: {
		uintptr_t p = any_ptr(r, false, 16);
		CALL(ipc_reply, any_int(r), (long)p, (long)any_len(r, p), any_slot(r, 0));
		break;
	}
	case 22:
		CALL(pager_register, any_slot(r, BOWER_CAP_NOTIFICATION),
		     (long)any_ptr(r, true, 64), any_int(r));
		break;
	case 23: {
		unsigned long np = rng_chance(r, 70) ? rng_below(r, 33) : (unsigned long)any_int(r);
		if (np > (1UL << 16) && np <= (1UL << 24))
			np = 1UL << 16; /* a huge file would hold its page array */
		long id = any_int(r);
		if (id == SLOW_FILE)
			id++; /* the helpers' file: its faults may be held, main must not wait on it
			       */
		ret = CALL(pmo_create_file, any_slot(r, BOWER_CAP_PAGER), (long)np, id);
		if (ret >= 0 && ret < NSLOTS)
			model_set((int)ret, BOWER_CAP_PMO,
				  BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT,
				  ROLE_FILEPMO, new_obj());
		break;
	}
	case 24:
		do_vm_map_pmo(r);
		break;
	case 25:
		do_pager_map(r);
		break;
	case 26:
		CALL(pager_fail, any_slot(r, BOWER_CAP_PAGER), (long)any_token(r),
		     rng_chance(r, 60) ? 1 + (int)rng_below(r, 2) : (int)any_int(r));
		break;
	case 27:
		CALL(pager_invalidate, any_slot(r, BOWER_CAP_PAGER), any_slot(r, BOWER_CAP_PMO),
		     rng_chance(r, 70) ? (long)rng_below(r, FILE_PAGES + 2) : any_int(r),
		     rng_chance(r, 70) ? 1 + (long)rng_below(r, FILE_PAGES + 2) : any_int(r));
		break;
	case 28: {
		uintptr_t a = F.file_llm && rng_chance(r, 50) ? F.file_llm : any_ptr(r, false, 0);
		if (F.nmaps && rng_chance(r, 30))
			a = F.maps[rng_below(r, (uint64_t)F.nmaps)].addr;
		CALL(vm_llm_stats, (long)a, (long)any_ptr(r, true, sizeof(struct bower_llm_stats)));
		break;
	}
	case 29: {
		uintptr_t a = F.file_llm && rng_chance(r, 60) ? F.file_llm : any_ptr(r, false, 0);
		CALL(vm_llm_set_cap, (long)a,
		     rng_chance(r, 60) ? (long)rng_below(r, 20) : any_int(r));
		break;
	}
	case 30:
	case 31:
	case 32:
	case 33:
	case 34:
		do_children_calls(r, (int)rng_below(r, 5));
		break;
	case 35:
		do_thread_join(r);
		break;
	case 36: {
		unsigned long np = rng_chance(r, 70) ? rng_below(r, 33) : (unsigned long)any_int(r);
		if (np > (1UL << 16) && np <= (1UL << 20))
			np = 1UL << 16;
		ret = CALL(pmo_create, (long)np);
		if (ret >= 0 && ret < NSLOTS)
			model_set((int)ret, BOWER_CAP_PMO,
				  BOWER_RIGHT_READ | BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT,
				  ROLE_PMO, new_obj());
		break;
	}
	case 37:
		unknown_call(r);
		break;
	case 44:
		do_cap_set_limit(r);
		break;
	case 45:
		do_vm_mincore(r);
		break;
	case 46:
		do_device_call(r);
		break;
	case 47:
		do_ipc_call_bulk(r);
		break;
	case 48:
		do_caller_copy(r);
		break;
	case 49:
	case 50:
	case 51:
		fuzz_shell_call(r);
		break;
	case 52:
		do_futex(r);
		break;
	case 53:
		do_signal(r);
		break;
	case 54:
		do_poll(r);
		break;
	case 55:
		do_vm_limit(r);
		break;
	default: /* 38 */
		do_children_calls(r, 4);
	}
}

