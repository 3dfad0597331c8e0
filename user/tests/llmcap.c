/*
 * llmcap.c - the resident cap of MAP_LLM mappings.
 *
 *	llmcap           all of it: runs the child below against its own
 *	                  pager, then the eviction, plain-mapping and locking
 *	                  checks through the file server
 *	llmcap client    (child) a MAP_LLM mapping of the memory object in
 *	                  slot 0, cap 4, touched in a scripted order (and a
 *	                  plain one of slot 1's, its signal to the pager)
 *
 * Exit status: the number of checks that went wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "llmcap"
#include "expect.h"
#include "resident.h"

#define PAGE 4096


static struct bower_llm_stats stats(uintptr_t m)
{
	struct bower_llm_stats st;
	memset(&st, 0, sizeof(st));
	bower_vm_llm_stats(m, &st);
	if (st.resident > st.cap || st.resident != st.resident_in_table)
		expect("resident within the cap and as in the page table", 0, 1);
	return st;
}

/* The child: every expectation is about what the kernel did. */
static int client(void)
{
	volatile char *m =
	    (volatile char *)bower_vm_map_pmo(0, 0, 32 * PAGE, BOWER_PROT_READ, BOWER_MAP_LLM, 0);
	uintptr_t a = (uintptr_t)m;
	expect("map with MAP_LLM", (long)m > 0, 1);
	expect("default cap", (long)stats(a).cap, BOWER_LLM_CAP_DEFAULT);
	expect("set the cap to 4", bower_vm_llm_set_cap(a, 4), 0);
	expect("a cap of 0 is refused", bower_vm_llm_set_cap(a, 0), -BOWER_EINVAL);
	for (int p = 0; p < 4; p++)
		(void)m[p * PAGE];
	struct bower_llm_stats st = stats(a);
	expect("four faults fill the cap", (long)st.faults, 4);
	expect("no eviction yet", (long)st.evictions, 0);
	(void)m[4 * PAGE];
	st = stats(a);
	expect("a fifth page evicts one", (long)st.evictions, 1);
	expect("still at the cap", (long)st.resident, 4);
	(void)m[1 * PAGE];
	expect("page 1 is still there (no fault)", (long)stats(a).faults, 5);
	(void)m[0 * PAGE];
	expect("page 0 was the one evicted: the oldest (a fault)", (long)stats(a).faults, 6);
	/* The pager answers page 10 with 6 pages, the faulting one in the
	 * middle: the faulting page first, the cap's worth mapped, and the
	 * rest (14, 15) held for the next fault. */
	(void)m[10 * PAGE];
	st = stats(a);
	expect("one fault for the batch", (long)st.faults, 7);
	expect("batch trimmed to the cap: 3 prefetched", (long)st.prefetched, 3);
	for (int p = 11; p <= 13; p++)
		(void)m[p * PAGE];
	st = stats(a);
	expect("the prefetched pages 11..13 were mapped (no fault)", (long)st.faults, 7);
	expect("and counted as used", (long)st.prefetched_used, 3);
	/* Every page of the batch used, and the fault on the first held page:
	 * the kernel maps 14 and 15 by itself (no map call), pushing out the
	 * two oldest, 10 and 11. */
	(void)m[14 * PAGE];
	st = stats(a);
	expect("page 14 was held: a fault", (long)st.faults, 8);
	expect("answered by the kernel alone", (long)st.held_faults, 1);
	expect("with no map call", (long)st.map_calls, 7);
	(void)m[15 * PAGE];
	expect("the held page 15 came with it (no fault)", (long)stats(a).faults, 8);
	expect("15 counted as prefetched and used", (long)stats(a).prefetched_used, 4);
	/* The pager answers 20 with 20 and 13: 13, resident, becomes young,
	 * so the page pushed out is 12, the oldest. */
	(void)m[20 * PAGE];
	expect("page 20 goes to the pager (nothing held)", (long)stats(a).map_calls, 8);
	(void)m[13 * PAGE];
	expect("a page named again by a batch was kept (no fault)", (long)stats(a).faults, 9);
	(void)m[12 * PAGE];
	st = stats(a);
	expect("the oldest went instead (a fault)", (long)st.faults, 10);
	/* Held pages the file takes back are not mapped: 24 is answered with
	 * 24..29 (28 and 29 held); the fault on the plain mapping of the
	 * pager's second object has the pager take 28 back first; then the
	 * fault on 28 goes to the pager, not to what was held. */
	(void)m[24 * PAGE];
	for (int p = 25; p <= 27; p++)
		(void)m[p * PAGE];
	volatile char *plain =
	    (volatile char *)bower_vm_map_pmo(1, 0, PAGE, BOWER_PROT_READ, 0, 0);
	(void)plain[0];
	(void)m[28 * PAGE];
	st = stats(a);
	expect("a held page taken back: its fault goes to the pager", (long)st.map_calls, 11);
	expect("and is no held fault", (long)st.held_faults, 1);
	expect("faults so far", (long)st.faults, 12);
	expect("28 came from the pager, whole", m[28 * PAGE], 'L');
	expect("mapped = faults + prefetched", (long)st.mapped, (long)(st.faults + st.prefetched));
	expect("evicted = mapped - resident", (long)st.evictions, (long)(st.mapped - st.resident));
	return failed;
}

static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[8];
} ring;
static _Alignas(PAGE) char content[PAGE];

static void own_pager(void)
{
	long notify = bower_notify_create();
	ring.ring.slots = 8;
	long pager = bower_pager_register((int)notify, (uintptr_t)&ring, 8);
	long pmo = bower_pmo_create_file((int)pager, 32, 1);
	long other = bower_pmo_create_file((int)pager, 1, 2);
	memset(content, 'L', sizeof(content));
	const char *const argv[] = {"llmcap", "client", NULL};
	const int caps[] = {(int)pmo, (int)other};
	long pid = bower_spawn("llmcap", argv, caps, 2);
	unsigned long tail = 0;
	int status = -1;
	unsigned used[8], nused = 0, evicted = 0, bad_news = 0, used_before_14 = 0;
	unsigned held_fault = 0, held_mapped = 0, faulted_on_14 = 0;
	for (int answered = 0; answered < 12;) {
		while (tail == __atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE))
			bower_notify_wait((int)notify, 1);
		struct bower_pager_msg f = ring.entries[tail++ % 8];
		__atomic_store_n(&ring.ring.tail, tail, __ATOMIC_RELEASE);
		if (f.kind == BOWER_PAGER_MSG_NEWS) {
			for (unsigned i = 0; i < f.count; i++) {
				unsigned page = f.news[i] & BOWER_PAGER_NEWS_PAGE;
				unsigned what = f.news[i] & BOWER_PAGER_NEWS_WHAT;
				bad_news += f.count > BOWER_PAGER_NEWS_MAX || page >= 32 || f.file_id != 1;
				if (what == BOWER_PAGER_NEWS_USED && nused < 8)
					used[nused++] = page;
				else if (what == BOWER_PAGER_NEWS_EVICTED ||
					 what == BOWER_PAGER_NEWS_EVICTED_USED)
					evicted++;
				else if (what == BOWER_PAGER_NEWS_HELD_FAULT)
					held_fault = page, used_before_14 = nused;
				else if (what == BOWER_PAGER_NEWS_MAPPED)
					held_mapped = page;
				else if (what != BOWER_PAGER_NEWS_USED)
					bad_news++;
			}
			continue;
		}
		if (f.kind != BOWER_PAGER_MSG_FAULT)
			continue;
		faulted_on_14 += f.page == 14; /* never: the kernel answers it */
		struct bower_pager_entry e[6];
		unsigned long n = 1;
		e[0] = (struct bower_pager_entry){f.va, (uintptr_t)content};
		if (f.page == 20) { /* 20 and 13 (resident: made young) */
			e[1] = (struct bower_pager_entry){f.va - 7 * PAGE, (uintptr_t)content};
			n = 2;
		}
		if (f.file_id == 2) /* the client's signal: take 28 back */
			bower_pager_invalidate((int)pager, (int)pmo, 28, 1);
		if (f.file_id == 1 && f.page == 24) /* 24 .. 29: 28 and 29 held */
			for (n = 0; n < 6; n++)
				e[n] = (struct bower_pager_entry){f.va + n * PAGE, (uintptr_t)content};
		if (f.page == 10 && answered == 6) { /* 11, 12, 13, 10, 14, 15 */
			unsigned long order[6] = {11, 12, 13, 10, 14, 15};
			for (n = 0; n < 6; n++)
				e[n] = (struct bower_pager_entry){f.va + (order[n] - 10) * PAGE,
								  (uintptr_t)content};
		}
		bower_pager_map((int)pager, f.token, e, n, BOWER_PROT_READ);
		answered++;
	}
	bower_wait((int)pid, &status);
	expect("the client's checks (its own lines above)", status, 0);
	/* What the kernel told this pager: the prefetched pages 11..13 used,
	 * in that order and before the fault on 14; evictions; at the end the
	 * mapping's UNMAPPED with its 9 faults; nothing dropped. */
	unsigned faults_at_end = 0;
	for (; tail < __atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE); tail++) {
		struct bower_pager_msg f = ring.entries[tail % 8];
		if (f.kind == BOWER_PAGER_MSG_UNMAPPED)
			faults_at_end = f.faults;
		else if (f.kind == BOWER_PAGER_MSG_NEWS)
			for (unsigned i = 0; i < f.count && i < BOWER_PAGER_NEWS_MAX; i++)
				evicted += (f.news[i] & BOWER_PAGER_NEWS_WHAT) != BOWER_PAGER_NEWS_USED;
	}
	expect("news: well formed", (long)bad_news, 0);
	expect("news: seven prefetched pages used", (long)nused, 7);
	expect("news: 11, 12, 13, then 15, then 25, 26, 27, in order",
	       nused == 7 && used[0] == 11 && used[1] == 12 && used[2] == 13 && used[3] == 15 &&
		   used[4] == 25 && used[5] == 26 && used[6] == 27,
	       1);
	expect("news: the uses came before the held fault on 14", (long)used_before_14, 3);
	expect("news: the held fault on 14, and 15 mapped with it",
	       held_fault == 14 && held_mapped == 15, 1);
	expect("news: no fault on 14 came to the pager", (long)faulted_on_14, 0);
	expect("news: evictions, and the pages left at the end", evicted >= 4, 1);
	expect("news: the run's end, with its faults", (long)faults_at_end, 12);
	expect("news: none dropped", (long)ring.ring.dropped, 0);
}

/* 10,000 evictions of written pages, then a checksum through read(). */
static void evictions_lose_nothing(void)
{
	enum { PAGES = 64, PASSES = 170 };
	int fd = open("/evict", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, PAGES * PAGE);
	unsigned long *m =
	    mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LLM, fd, 0);
	expect("map a file with MAP_LLM", m != MAP_FAILED, 1);
	unsigned long want = 0;
	for (unsigned long pass = 0; pass < PASSES; pass++)
		for (unsigned long p = 0; p < PAGES; p++) {
			unsigned long v = pass * PAGES + p + 1;
			m[p * (PAGE / 8) + pass % (PAGE / 8)] = v;
			want += v;
		}
	struct bower_llm_stats st = stats((uintptr_t)m);
	expect("at least 10,000 evictions", st.evictions >= 10000, 1);
	printf("llmcap: %lu evictions, %lu faults for %d writes\n", st.evictions, st.faults,
	       PAGES * PASSES);
	munmap(m, PAGES * PAGE);
	unsigned long got = 0, buf[PAGE / 8];
	for (int p = 0; p < PAGES; p++) {
		pread(fd, buf, PAGE, (off_t)p * PAGE);
		for (int i = 0; i < PAGE / 8; i++)
			got += buf[i];
	}
	expect("every written value is in the file", (long)(got == want), 1);
	close(fd);
	unlink("/evict");
}

static void plain_mapping_unaffected(void)
{
	int fd = open("/plain", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, 64 * PAGE);
	char *m = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (int p = 0; p < 64; p++)
		m[p * PAGE] = (char)p;
	int intact = 1;
	for (int p = 0; p < 64; p++)
		intact &= m[p * PAGE] == (char)p;
	expect("a plain mapping keeps all 64 pages", intact, 1);
	struct bower_llm_stats st;
	expect("and has no MAP_LLM counters", bower_vm_llm_stats((uintptr_t)m, &st), -BOWER_EINVAL);
	munmap(m, 64 * PAGE);
	close(fd);
	unlink("/plain");
}

/* A file whose MAP_LLM mapping taught the file server a pattern (page
 * after page, in its first quarter), then mapped plainly: the plain
 * mapping is neither predicted for nor learned from. Its faults are on the
 * last quarter, far from anything prefetched, so they reach the pager (the
 * file's memory object does not have those pages yet), and each brings its
 * page alone. */
static void plain_mapping_of_a_learned_file(void)
{
	enum { PAGES = 128 };
	int fd = open("/learned", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, PAGES * PAGE);
	for (int run = 0; run < 2; run++) {
		volatile char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED | MAP_LLM, fd, 0);
		for (int p = 0; p < 32; p++)
			(void)m[p * PAGE];
		munmap((void *)m, PAGES * PAGE);
	}
	volatile char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	(void)m[96 * PAGE];
	expect("a plain mapping's fault maps its page alone", resident_pages((void *)m, PAGES), 1);
	(void)m[97 * PAGE];
	expect("and the next fault its page alone", resident_pages((void *)m, PAGES), 2);
	munmap((void *)m, PAGES * PAGE);
	close(fd);
	unlink("/learned");
}

/* Truncating a file takes its pages away from a MAP_LLM mapping: the
 * kernel's count of resident pages follows the page table. */
static void truncation_keeps_the_count_true(void)
{
	int fd = open("/shrinking", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, 64 * PAGE);
	volatile char *m = mmap(NULL, 64 * PAGE, PROT_READ, MAP_SHARED | MAP_LLM, fd, 0);
	for (int p = 0; p < 16; p++)
		(void)m[p * PAGE];
	struct bower_llm_stats st = stats((uintptr_t)m);
	expect("sixteen pages touched are resident", (long)st.resident_in_table >= 16, 1);
	ftruncate(fd, 4 * PAGE);
	st = stats((uintptr_t)m);
	expect("after truncation to 4 pages, at most 4 in the table",
	       (long)st.resident_in_table <= 4, 1);
	expect("and the kernel counts what the table holds", (long)st.resident,
	       (long)st.resident_in_table);
	(void)m[PAGE]; /* still inside the file */
	st = stats((uintptr_t)m);
	expect("still after a fault", (long)st.resident, (long)st.resident_in_table);
	munmap((void *)m, 64 * PAGE);
	close(fd);
	unlink("/shrinking");
}

/* How inference programs map their weights: read-only, MAP_PRIVATE. With
 * MAP_LLM that is a capped, predicted mapping too; a writable private one
 * (copy on write) is not supported yet. */
static void private_read_only_mapping(void)
{
	enum { PAGES = 64 };
	int fd = open("/private", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, PAGES * PAGE);
	for (int p = 0; p < PAGES; p++)
		pwrite(fd, &p, sizeof(p), (off_t)p * PAGE);
	const char *m = mmap(NULL, PAGES * PAGE, PROT_READ, MAP_PRIVATE | MAP_LLM, fd, 0);
	expect("MAP_PRIVATE | MAP_LLM, read-only, maps", m != MAP_FAILED, 1);
	if (m == MAP_FAILED)
		return;
	int intact = 1;
	for (int p = 0; p < PAGES; p++)
		intact &= *(const int *)(m + (size_t)p * PAGE) == p;
	expect("and reads the file's contents", intact, 1);
	struct bower_llm_stats st = stats((uintptr_t)m);
	expect("with the cap", (long)st.cap, BOWER_LLM_CAP_DEFAULT);
	expect("and never more resident", (long)st.resident_in_table <= (long)st.cap, 1);
	munmap((void *)m, PAGES * PAGE);
	errno = 0;
	expect("a writable private one is refused",
	       mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_LLM, fd, 0) ==
		   MAP_FAILED && errno == ENOTSUP,
	       1);
	close(fd);
	unlink("/private");
}

/* Locked pages (mlock) count against the cap and are never evicted;
 * unlocked, they are pages like the others. */
static void locked_pages_stay(void)
{
	enum { PAGES = 64, CAP = 16, LOCKED = 8 };
	int fd = open("/locked", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, PAGES * PAGE);
	char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LLM, fd, 0);
	expect("map a file with MAP_LLM to lock", m != MAP_FAILED, 1);
	if (m == MAP_FAILED)
		return;
	uintptr_t a = (uintptr_t)m;
	bower_vm_llm_set_cap(a, CAP);
	expect("lock 8 of its pages", mlock(m, LOCKED * PAGE), 0);
	expect("they are in", resident_pages(m, LOCKED), LOCKED);
	expect("locking 9 more would pass the cap",
	       mlock(m + LOCKED * PAGE, 9 * PAGE) == -1 && errno == ENOMEM, 1);
	expect("so would filling it while pages are left unlocked",
	       mlock(m + LOCKED * PAGE, (CAP - LOCKED) * PAGE) == -1 && errno == ENOMEM, 1);
	/* A cap may go down to one page more than is locked, no further: so
	 * the refused locks locked nothing. */
	expect("a cap no larger than the locked pages", bower_vm_llm_set_cap(a, LOCKED), -BOWER_EINVAL);
	expect("a refused lock locked nothing: a cap of one more", bower_vm_llm_set_cap(a, LOCKED + 1), 0);
	expect("the locked pages stayed through that", resident_pages(m, LOCKED), LOCKED);
	bower_vm_llm_set_cap(a, CAP);
	for (int pass = 0; pass < 3; pass++)
		for (int p = LOCKED; p < PAGES; p++)
			m[p * PAGE] = (char)p;
	expect("the locked pages stayed through the evictions", resident_pages(m, LOCKED), LOCKED);
	struct bower_llm_stats st = stats(a);
	expect("evictions happened", st.evictions > 0, 1);
	expect("locked and unlocked pages within the cap", st.resident <= CAP, 1);
	unsigned long faults = st.faults;
	for (int p = 0; p < LOCKED; p++)
		m[p * PAGE] = 'L';
	expect("the locked pages take no fault", (long)stats(a).faults, (long)faults);
	expect("lock a page locked already", mlock(m, PAGE), 0);
	expect("unlock them", munlock(m, LOCKED * PAGE), 0);
	for (int p = LOCKED; p < PAGES; p++)
		(void)*(volatile char *)(m + p * PAGE);
	expect("unlocked, they are evicted again", resident_pages(m, LOCKED), 0);
	expect("and the whole cap is the program's again", (long)stats(a).resident, CAP);
	munmap(m, PAGES * PAGE);
	char first;
	pread(fd, &first, 1, 0);
	expect("what was written to a locked page is in the file", first, 'L');
	close(fd);
	unlink("/locked");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "client") == 0)
		return client();
	own_pager();
	evictions_lose_nothing();
	plain_mapping_unaffected();
	plain_mapping_of_a_learned_file();
	truncation_keeps_the_count_true();
	private_read_only_mapping();
	locked_pages_stay();
	printf("llmcap: %d checks failed\n", failed);
	return failed;
}
