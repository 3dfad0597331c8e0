/*
 * fuzz.c - a system call fuzzer, and the free-page check around it.
 *
 *	fuzz SEED N [MODE]     spawn a fuzzing child, wait for it, compare the
 *	                       kernel's free pages before and after; one line:
 *	fuzz: seed S (MODE): C calls, W wrong answers, free pages before X after Y; calls digest D
 *	fuzz run SEED N MODE   (the child) N random calls by main, then tear
 *	                       down; C counts every call any thread made
 *	fuzz SEED N MODE trace  the same, printing every call and its result
 *	                       (traceK: from main's K-th action on)
 *	fuzz idle | client     (its children) see peers.c
 *
 * MODE is `safe` (the default: every fault the pager holds is answered in
 * the end and nothing is deleted under a sleeping call, which today's kernel
 * survives) or `hostile` (see fuzz.h). The same seed makes the same calls:
 * every thread draws from its own stream of the seed; in safe mode only
 * main faults and main's choices never depend on when a child ran.
 *
 * The child learns its counters' page from the parent (a memory object in
 * slot 0), so the parent can report them even if the child is killed. The
 * parent measures around the whole child, so whatever the child held (its
 * threads, mappings, capabilities, its own children) must be back when it
 * has been reaped. Exit status: 0 when nothing went wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

struct stats {
	unsigned long calls, wrong, finished, digest;
};

static struct stats *shared;

static void publish(bool finished)
{
	shared->calls = F.calls;
	shared->wrong = F.wrong;
	shared->digest = F.digest;
	shared->finished = finished;
}

extern int pager_thread_slot;
void helper_reap(int i);

/* Everything the child made goes, so that only the kernel can lose pages. */
static void teardown(void)
{
	F.stop = true; /* the pager answers whatever it holds, at once */
	CALL(notify_signal, F.pager_notify);
	for (int i = 0; i < MAX_HELPERS; i++)
		helper_reap(i);
	rescan(); /* delete what the model does not know, too */
	for (int i = 0; i < NSLOTS; i++)
		if (F.slots[i].type && F.slots[i].role != ROLE_VITAL && CALL(cap_delete, i) == 0)
			model_clear(i);
	bool stuck = false;
	for (int i = 0; i < F.nchildren; i++) {
		struct child *c = &F.children[i];
		if (!c->live)
			continue;
		long s = CALL(process_cap, c->pid);
		if (s < 0 && !c->killed) {
			fuzz_print("fuzz: cannot end child %d (%ld): not waiting for it\n", c->pid,
				   s);
			stuck = true;
			continue;
		}
		if (s >= 0) {
			CALL(process_kill, (int)s); /* ESRCH: it ended by itself */
			CALL(cap_delete, (int)s);
		}
		CALL(wait, c->pid, 0);
		c->live = false;
	}
	while (!stuck && CALL(wait, -1, 0) > 0) /* programs the helpers started */
		;
	F.final = true;
	CALL(notify_signal, F.pager_notify);
	CALL(thread_join, pager_thread_slot);
}

/* trace: "trace" prints every call; "traceK" from main's K-th action on
 * (a long run's end, without printing its beginning). */
static int fuzz_child(uint64_t seed, unsigned long n, enum mode mode, const char *trace)
{
	unsigned long trace_from = trace ? strtoul(trace + 5, NULL, 0) : ~0UL;
	F.trace = trace_from == 0;
	/* Slot 0: the parent's counters page. */
	shared =
	    (struct stats *)bower_vm_map_pmo(0, 0, PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	if ((long)shared < 0)
		return 2;
	F.seed = seed;
	F.target = n;
	F.mode = mode;
	F.pid = (int)bower_getpid();
	/* Tables grow to 1024 slots by default: the model knows NSLOTS, and a
	 * table that fills up reaches the EMFILE paths. */
	if (CALL(cap_set_limit, NSLOTS) < 0)
		return 2;
	rescan();
	F.slots[0].role = ROLE_VITAL;
	pager_setup();
	server_setup();
	struct rng r;
	rng_seed(&r, seed, 0);
	for (unsigned long i = 1; i <= n; i++) {
		if (i == trace_from) { /* what the calls before it made */
			F.trace = true;
			for (int m = 0; m < F.nmaps; m++)
				fuzz_print("fuzz: mapping %#lx, %#lx bytes%s%s\n", F.maps[m].addr,
					   F.maps[m].len, F.maps[m].file ? ", a file's" : "",
					   F.maps[m].llm ? ", MAP_LLM" : "");
		}
		fuzz_one(&r);
		/* In hostile mode others change the table behind main's back. */
		if (i % (mode == MODE_HOSTILE ? 256 : 2048) == 0)
			rescan();
		if (i % 1024 == 0)
			publish(false);
	}
	teardown();
	publish(true);
	return F.wrong ? 1 : 0;
}

static long free_pages(void)
{
	struct bower_memstat st;
	return bower_mem_stat(&st) < 0 ? -1 : (long)st.free_pages;
}

static int parent(const char *seed, const char *n, const char *mode, const char *trace)
{
	long pmo = bower_pmo_create(1);
	struct stats *st = (struct stats *)bower_vm_map_pmo(
	    (int)pmo, 0, PAGE, BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	if (pmo < 0 || (long)st < 0) {
		printf("fuzz: cannot make the counters page\n");
		return 2;
	}
	memset(st, 0, sizeof(*st)); /* the page is there before the first count */
	const char *const argv[] = {"fuzz", "run", seed, n, mode, trace, NULL};
	const int caps[] = {(int)pmo};
	long before = free_pages();
	long pid = bower_spawn("fuzz", argv, caps, 1);
	int status = 0;
	if (pid < 0 || bower_wait((int)pid, &status) != pid) {
		printf("fuzz: cannot run the fuzzing process: %ld\n", pid);
		return 2;
	}
	long after = free_pages();
	if ((status & 0x7f) != 0)
		printf(
		    "fuzz: seed %s: the fuzzing process was killed (signal %d) after %lu calls\n",
		    seed, status & 0x7f, st->calls);
	printf(
	    "\nfuzz: seed %s (%s): %lu calls, %lu wrong answers, free pages before %ld after %ld; "
	    "calls digest %016lx\n",
	    seed, mode, st->calls, st->wrong, before, after, st->digest);
	return st->finished && st->wrong == 0 && before == after ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "idle") == 0 || strcmp(argv[1], "client") == 0)) {
		child_main(argv[1]);
		return 0;
	}
	if (argc > 4 && strcmp(argv[1], "run") == 0)
		return fuzz_child(strtoull(argv[2], NULL, 0), strtoul(argv[3], NULL, 0),
				  strcmp(argv[4], "hostile") == 0 ? MODE_HOSTILE : MODE_SAFE,
				  argc > 5 && strncmp(argv[5], "trace", 5) == 0 ? argv[5] : NULL);
	/* No seed, no run: a child the fuzzer spawns by a random path that
	 * happens to read "fuzz" (with argv {"x"}) must not start a second
	 * fuzzer, whose page counts the first one's calls would upset. */
	const char *mode = argc > 3 ? argv[3] : "safe";
	if (argc < 2 || (strcmp(mode, "safe") != 0 && strcmp(mode, "hostile") != 0)) {
		printf("fuzz: usage: fuzz SEED N [safe|hostile [trace]]\n");
		return 2;
	}
	return parent(argv[1], argc > 2 ? argv[2] : "10000", mode,
		      argc > 4 ? argv[4] : NULL);
}
