/*
 * test_pager.c - the pager against what Linux's own mmap gives, through the
 * static API (bp_map), under AddressSanitizer and UBSan.
 *
 * Each test makes small files of known contents (files.h) in SCRATCH_DIR,
 * serves them with a setting of its own, and checks every byte it reads
 * against the formula, and the pager's promises: a budget is never
 * exceeded, writes reach the file, a fork's child reads the file, a page
 * past the end raises SIGBUS, a profile of another file is not trusted.
 * Tests that need userfaultfd say why they cannot run and are skipped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "bower/pager.h"
#include "files.h"
#include "harness.h"
#include "pager.h"

#ifndef SCRATCH_DIR
#define SCRATCH_DIR "/tmp"
#endif

static char path_a[512], path_b[512], prof_dir[512];

/* Skip unless this process may serve faults, system calls' included. */
static void need_uffd(void)
{
	struct bp_uffd u;
	char why[512];
	if (uffd_open(&u, why, sizeof(why)) < 0)
		SKIP("userfaultfd is not available here: %s", why);
	close(u.fd);
	if (u.user_mode_only)
		SKIP("userfaultfd for user-mode faults only here (%s)",
		     "not root, no /dev/userfaultfd");
}

/* The pager's settings for this test's process. */
static void settings(const char *mem, const char *predictor, const char *batch)
{
	setenv(BP_ENV_MEM, mem, 1);
	setenv(BP_ENV_PREDICTOR, predictor, 1);
	setenv(BP_ENV_BATCH, batch, 1);
	setenv(BP_ENV_PROFILES, prof_dir, 1);
	setenv(BP_ENV_STATS, "0", 1);
}

static unsigned char *serve(const char *path, uint32_t pages, int prot, int flags, int *fdp)
{
	int fd = open(path, (prot & PROT_WRITE) ? O_RDWR : O_RDONLY);
	EXPECT(fd >= 0);
	unsigned char *m = bp_map(NULL, (size_t)pages * TPAGE, prot, flags, fd, 0);
	EXPECT(m != MAP_FAILED);
	EXPECT(bp_serves(m, TPAGE)); /* served, not Linux's fallback */
	if (fdp)
		*fdp = fd;
	else
		close(fd);
	return m;
}

/* Held pages: in the budget's set, and resident in the mapping. */
static uint32_t resident(const unsigned char *m, uint32_t pages)
{
	unsigned char vec[4096];
	uint32_t n = 0;
	if (pages > sizeof(vec) || mincore((void *)m, (size_t)pages * TPAGE, vec) < 0)
		return UINT32_MAX;
	for (uint32_t i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
}

static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Every page, in order and then at random, right. */
static void test_reads_match(void)
{
	need_uffd();
	settings("256K", "hybrid", "16");
	EXPECT(file_make(path_a, 300, 1) == 0);
	unsigned char *m = serve(path_a, 300, PROT_READ, MAP_PRIVATE, NULL);
	for (uint32_t p = 0; p < 300; p++)
		EXPECT(page_ok(m, 1, p));
	uint32_t s = 7;
	for (int i = 0; i < 2000; i++) {
		uint32_t p = next_rand(&s) % 300;
		EXPECT(m[(size_t)p * TPAGE + 100] == file_byte(1, p, 100));
	}
	pthread_mutex_lock(&bp.lock);
	EXPECT(bp.rset.count <= 64);
	pthread_mutex_unlock(&bp.lock);
	EXPECT(resident(m, 300) <= 64);
	EXPECT(bp_unmap(m, 300 * TPAGE) == 0);
}

struct reader_arg {
	unsigned char *m;
	uint32_t seed, pages;
	int bad;
};

static void *reader(void *arg)
{
	struct reader_arg *a = arg;
	uint32_t s = (uint32_t)(uintptr_t)a ^ 0x5bd1e995u;
	for (int i = 0; i < 3000; i++) {
		uint32_t p = next_rand(&s) % a->pages, at = next_rand(&s) % TPAGE;
		if (a->m[(size_t)p * TPAGE + at] != file_byte(a->seed, p, at))
			a->bad++;
	}
	return NULL;
}

/* Eight threads faulting at once on 64 pages under a budget of 16. */
static void test_threads(void)
{
	need_uffd();
	settings("64K", "hybrid", "8");
	EXPECT(file_make(path_a, 64, 2) == 0);
	unsigned char *m = serve(path_a, 64, PROT_READ, MAP_SHARED, NULL);
	pthread_t t[8];
	struct reader_arg args[8];
	for (int i = 0; i < 8; i++) {
		args[i] = (struct reader_arg){m, 2, 64, 0};
		EXPECT(pthread_create(&t[i], NULL, reader, &args[i]) == 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(args[i].bad, 0);
	}
	EXPECT(resident(m, 64) <= 16);
	EXPECT(bp_unmap(m, 64 * TPAGE) == 0);
}

/* A child reads the file's data, never zeros, pages placed or not. */
static void test_fork(void)
{
	need_uffd();
	settings("64K", "sequential", "8");
	EXPECT(file_make(path_a, 100, 3) == 0);
	unsigned char *m = serve(path_a, 100, PROT_READ, MAP_PRIVATE, NULL);
	for (uint32_t p = 0; p < 100; p += 10)
		EXPECT(page_ok(m, 3, p));
	pid_t pid = fork();
	if (pid == 0) {
		for (uint32_t p = 0; p < 100; p++)
			if (!page_ok(m, 3, p))
				_exit(1);
		_exit(0);
	}
	int status;
	EXPECT(waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	for (uint32_t p = 0; p < 100; p++)
		EXPECT(page_ok(m, 3, p));
	EXPECT(bp_unmap(m, 100 * TPAGE) == 0);
}

/* The kernel reads pages not yet placed on the program's behalf. */
static void test_write_syscall(void)
{
	need_uffd();
	settings("32K", "none", "1");
	EXPECT(file_make(path_a, 40, 4) == 0);
	unsigned char *m = serve(path_a, 40, PROT_READ, MAP_PRIVATE, NULL);
	int fd = open(path_b, O_RDWR | O_CREAT | O_TRUNC, 0644);
	EXPECT(fd >= 0);
	EXPECT_EQ(write(fd, m + 3 * TPAGE, 20 * TPAGE), 20 * TPAGE); /* 20 pages, budget 8 */
	unsigned char *back = malloc(20 * TPAGE);
	EXPECT(pread(fd, back, 20 * TPAGE, 0) == 20 * TPAGE);
	for (uint32_t p = 0; p < 20; p++)
		for (uint32_t i = 0; i < TPAGE; i++)
			EXPECT(back[p * TPAGE + i] == file_byte(4, p + 3, i));
	free(back);
	close(fd);
	EXPECT(bp_unmap(m, 40 * TPAGE) == 0);
}

static sigjmp_buf bus_jump;
static void on_bus(int sig)
{
	(void)sig;
	siglongjmp(bus_jump, 1);
}

/* Past the file's end after truncation: SIGBUS, as Linux gives. */
static void test_truncate_sigbus(void)
{
	need_uffd();
	settings("64K", "none", "1");
	EXPECT(file_make(path_a, 8, 5) == 0);
	unsigned char *m = serve(path_a, 8, PROT_READ, MAP_SHARED, NULL);
	EXPECT(page_ok(m, 5, 0));
	int fd = open(path_a, O_RDWR);
	EXPECT(fd >= 0 && ftruncate(fd, TPAGE + 100) == 0);
	signal(SIGBUS, on_bus);
	volatile int bus = 0;
	if (sigsetjmp(bus_jump, 1) == 0) {
		volatile unsigned char c = m[5 * TPAGE];
		(void)c;
	} else {
		bus = 1;
	}
	EXPECT(bus);
	/* the partial last page: its bytes, then zeros, as Linux shows it */
	EXPECT(m[TPAGE + 99] == file_byte(5, 1, 99));
	EXPECT(m[TPAGE + 100] == 0);
	EXPECT(page_ok(m, 5, 0));
	close(fd);
	EXPECT(bp_unmap(m, 8 * TPAGE) == 0);
}

/* Unmapped while its predicted pages are read: a mapping made at the same
 * place next shows its own file, never a page meant for the old one. */
static void test_unmap_while_reading(void)
{
	need_uffd();
	settings("4M", "sequential", "256");
	EXPECT(file_make(path_a, 512, 6) == 0);
	EXPECT(file_make(path_b, 512, 7) == 0);
	for (int round = 0; round < 20; round++) {
		unsigned char *m = serve(path_a, 512, PROT_READ, MAP_PRIVATE, NULL);
		EXPECT(m[round * TPAGE] == file_byte(6, (uint32_t)round, 0)); /* 255 reads queued */
		EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
		int fd = open(path_b, O_RDONLY);
		unsigned char *n =
		    bp_map(m, 512 * TPAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
		EXPECT(n == m);
		close(fd);
		for (uint32_t p = 0; p < 512; p += 3)
			EXPECT(page_ok(n, 7, p));
		EXPECT(bp_unmap(n, 512 * TPAGE) == 0);
	}
	pthread_mutex_lock(&bp.lock);
	EXPECT(bp.regions == NULL);
	pthread_mutex_unlock(&bp.lock);
}

static __thread sigjmp_buf gone_jump;
static volatile int stop_touching;

static void on_gone(int sig)
{
	(void)sig;
	siglongjmp(gone_jump, 1);
}

/* Touches pages of a range that is unmapped and mapped again under it: a
 * touch of the gap faults (SIGSEGV) and is tried again. */
static void *toucher(void *arg)
{
	volatile unsigned char *m = arg;
	uint32_t s = (uint32_t)(uintptr_t)&s;
	sigsetjmp(gone_jump, 1);
	while (!stop_touching)
		(void)m[(size_t)(next_rand(&s) % 512) * TPAGE];
	return NULL;
}

/* The same with threads faulting all the while: a read a thread waited for
 * arrives after its mapping is gone and another file is mapped at the same
 * address (registered with the same userfaultfd), and must not land there. */
static void test_unmap_while_faulting(void)
{
	need_uffd();
	settings("1M", "sequential", "32");
	EXPECT(file_make(path_a, 512, 6) == 0);
	EXPECT(file_make(path_b, 512, 7) == 0);
	struct sigaction sa = {.sa_handler = on_gone, .sa_flags = SA_NODEFER};
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	unsigned char *m = serve(path_a, 512, PROT_READ, MAP_PRIVATE, NULL);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		EXPECT(pthread_create(&t[i], NULL, toucher, m) == 0);
	for (int round = 0; round < 40; round++) {
		usleep(500);
		EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
		int fd = open(path_b, O_RDONLY);
		EXPECT(bp_map(m, 512 * TPAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == m);
		close(fd);
		for (uint32_t p = 0; p < 512; p += 5)
			EXPECT(page_ok(m, 7, p));
		EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
		fd = open(path_a, O_RDONLY);
		EXPECT(bp_map(m, 512 * TPAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == m);
		close(fd);
	}
	stop_touching = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
}

/* Sequential read-ahead (fault.c): two files mapped end to end, each
 * scanned in order, the second's last page part past its end. The windows
 * stop at each mapping's end, every byte is right, the budget holds, and a
 * scan costs a few faults, not one per window's page. */
static void test_read_ahead_windows(void)
{
	need_uffd();
	settings("1M", "none", "1");
	EXPECT(file_make(path_a, 700, 21) == 0);
	EXPECT(file_make(path_b, 1000, 22) == 0);
	EXPECT(truncate(path_b, 1000 * TPAGE + 100) == 0); /* page 1000: 100 zeros, then zeros */
	int fa = open(path_a, O_RDONLY), fb = open(path_b, O_RDONLY);
	EXPECT(fa >= 0 && fb >= 0);
	unsigned char *m = mmap(NULL, 1701 * TPAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(m != MAP_FAILED); /* room for both, end to end */
	EXPECT(bp_map(m, 700 * TPAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fa, 0) == m);
	EXPECT(bp_map(m + 700 * TPAGE, 1001 * TPAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, fb, 0) ==
	       m + 700 * TPAGE);
	EXPECT(bp_serves(m, TPAGE) && bp_serves(m + 700 * TPAGE, TPAGE));
	close(fa);
	close(fb);
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t p = 0; p < 700; p++)
			EXPECT(page_ok(m, 21, p));
		for (uint32_t p = 0; p < 1000; p++)
			EXPECT(page_ok(m + 700 * TPAGE, 22, p));
		for (uint32_t i = 0; i < TPAGE; i++)
			EXPECT(m[1700 * TPAGE + i] == 0);
		EXPECT(resident(m, 1701) <= 256);
	}
	pthread_mutex_lock(&bp.lock);
	EXPECT(bp.rset.count <= 256);
	uint64_t faults = 0, prefetched = 0;
	for (struct bp_region *r = bp.regions; r; r = r->next) {
		faults += r->n.faults;
		prefetched += r->n.prefetched;
	}
	pthread_mutex_unlock(&bp.lock);
	EXPECT(faults < 40);	     /* four scans of a mapping, a few windows each to start */
	EXPECT(prefetched > 3000); /* nearly all of the 3402 pages touched */
	EXPECT(bp_unmap(m, 700 * TPAGE) == 0);
	EXPECT(bp_unmap(m + 700 * TPAGE, 1001 * TPAGE) == 0);
}

/* Read-ahead through a writable MAP_SHARED mapping: pages placed a window
 * at a time are still placed write-protected, so every write is seen and
 * reaches the file, with a budget that evicts written pages. */
static void test_read_ahead_writes(void)
{
	need_uffd();
	settings("1M", "none", "1");
	EXPECT(file_make(path_a, 1200, 23) == 0);
	int fd;
	unsigned char *m = serve(path_a, 1200, PROT_READ | PROT_WRITE, MAP_SHARED, &fd);
	for (uint32_t p = 0; p < 1200; p++) {
		EXPECT(m[(size_t)p * TPAGE + 1] == file_byte(23, p, 1));
		if (p % 3 == 0)
			m[(size_t)p * TPAGE + 5] = (unsigned char)~file_byte(23, p, 5);
	}
	EXPECT(bp_unmap(m, 1200 * TPAGE) == 0);
	unsigned char buf[TPAGE];
	for (uint32_t p = 0; p < 1200; p++) {
		EXPECT(pread(fd, buf, TPAGE, (off_t)p * TPAGE) == TPAGE);
		EXPECT(buf[5] == (unsigned char)(p % 3 == 0 ? ~file_byte(23, p, 5)
							    : file_byte(23, p, 5)));
		EXPECT(buf[6] == file_byte(23, p, 6));
	}
	close(fd);
}

/* A budget of one page: everything still right, one page held at most. */
static void test_budget_one_page(void)
{
	need_uffd();
	settings("4K", "hybrid", "16");
	EXPECT(file_make(path_a, 50, 8) == 0);
	unsigned char *m = serve(path_a, 50, PROT_READ, MAP_PRIVATE, NULL);
	uint32_t s = 11;
	for (int i = 0; i < 500; i++) {
		uint32_t p = i < 50 ? (uint32_t)i : next_rand(&s) % 50;
		EXPECT(m[(size_t)p * TPAGE + 7] == file_byte(8, p, 7));
		EXPECT(resident(m, 50) <= 1);
	}
	pthread_mutex_lock(&bp.lock);
	EXPECT(bp.rset.count <= 1);
	EXPECT(bp.regions->n.prefetched == 0); /* no room to predict into */
	pthread_mutex_unlock(&bp.lock);
	EXPECT(bp_unmap(m, 50 * TPAGE) == 0);
}

/* test_llm's pattern through a writable MAP_SHARED mapping under a budget
 * of 16 pages: every byte written is in the file after msync and after
 * munmap, and a written page evicted comes back with its writes. */
static void test_writeback(void)
{
	need_uffd();
	settings("64K", "hybrid", "16");
	EXPECT(file_make(path_a, 512, 9) == 0);
	int fd;
	unsigned char *m = serve(path_a, 512, PROT_READ | PROT_WRITE, MAP_SHARED, &fd);
	bool written[512] = {false};
	for (int run = 0; run < 3; run++) {
		unsigned long p = (unsigned long)run + 1;
		while (p < 512) {
			(void)m[p * TPAGE]; /* read first: placed write-protected */
			m[p * TPAGE + 1] = (unsigned char)('A' + run);
			written[p] = true;
			p = p + (p % 23) + 1;
		}
		if (run == 1)
			EXPECT(bp_msync(m, 512 * TPAGE, MS_SYNC) == 0);
	}
	for (uint32_t p = 0; p < 512; p++) /* through the mapping, evicted or not */
		if (written[p])
			EXPECT(m[(size_t)p * TPAGE + 1] >= 'A' && m[(size_t)p * TPAGE + 1] <= 'C');
	unsigned char page[TPAGE];
	EXPECT(bp_msync(m, 512 * TPAGE, MS_SYNC) == 0);
	for (uint32_t p = 0; p < 512; p++) {
		EXPECT(pread(fd, page, TPAGE, (off_t)p * TPAGE) == TPAGE);
		EXPECT(page[0] == file_byte(9, p, 0));
		if (written[p])
			EXPECT(page[1] == m[(size_t)p * TPAGE + 1]);
		else
			EXPECT(page[1] == file_byte(9, p, 1));
	}
	pthread_mutex_lock(&bp.lock);
	uint64_t written_bytes = bp.regions->n.bytes_written;
	pthread_mutex_unlock(&bp.lock);
	for (uint32_t p = 0; p < 512; p++) /* read only: nothing more to write back */
		EXPECT(m[(size_t)p * TPAGE] == file_byte(9, p, 0));
	EXPECT(bp_msync(m, 512 * TPAGE, MS_SYNC) == 0);
	pthread_mutex_lock(&bp.lock);
	if (bp.uffd.wp)
		EXPECT_EQ(bp.regions->n.bytes_written, written_bytes);
	pthread_mutex_unlock(&bp.lock);
	m[7 * TPAGE + 2] = 'z'; /* written last, gone with munmap */
	EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
	EXPECT(pread(fd, page, TPAGE, 7 * TPAGE) == TPAGE);
	EXPECT(page[2] == 'z');
	close(fd);
}

/* No profile left from an earlier test. */
static void clear_profiles(void)
{
	DIR *d = opendir(prof_dir);
	struct dirent *e;
	char p[1024];
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", prof_dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
}

static unsigned long faults_so_far(void)
{
	pthread_mutex_lock(&bp.lock);
	unsigned long f = (unsigned long)bp.total.faults;
	pthread_mutex_unlock(&bp.lock);
	return f;
}

/* One run of a sparse walk over the file (made with seed): its faults,
 * and what became of the saved profile. Its step is a hash of the page,
 * which no predictor learns within a run (test_llm's p % 23 + 1 is
 * learned within the first run now), so what a run knows is what the
 * earlier runs taught it: the profile, or the kept model. */
static unsigned long llm_walk(uint32_t seed, char *verdict, size_t size)
{
	unsigned long before = faults_so_far();
	unsigned char *m = serve(path_a, 512, PROT_READ, MAP_PRIVATE, NULL);
	pthread_mutex_lock(&bp.lock);
	snprintf(verdict, size, "%s", bp.regions->id.verdict);
	pthread_mutex_unlock(&bp.lock);
	for (unsigned long p = 3; p < 512; p = p + 1 + ((uint32_t)p * 2654435761u >> 16) % 23)
		EXPECT(m[p * TPAGE] == file_byte(seed, (uint32_t)p, 0));
	EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
	return faults_so_far() - before;
}

struct run_result {
	unsigned long faults;
	char verdict[160];
};

/* The same in a process of its own, as a program run again would be. */
static struct run_result llm_walk_process(uint32_t seed)
{
	struct run_result res = {0, ""};
	int p[2];
	EXPECT(pipe(p) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		res.faults = llm_walk(seed, res.verdict, sizeof(res.verdict));
		_exit(write(p[1], &res, sizeof(res)) == sizeof(res) ? 0 : 1);
	}
	close(p[1]);
	EXPECT(read(p[0], &res, sizeof(res)) == sizeof(res));
	close(p[0]);
	int status;
	EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return res;
}

/* A sparse walk run 6 times, each a process of its own: learned and saved,
 * it takes far fewer faults; the same name and size with other contents
 * starts as cold as the first run, however much the profile would help. */
static void test_profile_not_trusted(void)
{
	need_uffd();
	settings("64K", "hybrid", "16");
	clear_profiles();
	EXPECT(file_make(path_a, 512, 10) == 0);
	struct run_result run[7];
	for (int i = 0; i < 6; i++)
		run[i] = llm_walk_process(10);
	EXPECT(file_make(path_a, 512, 11) == 0); /* replaced */
	run[6] = llm_walk_process(11);
	EXPECT(strcmp(run[0].verdict, "no profile") == 0);
	for (int i = 1; i < 6; i++)
		EXPECT(strncmp(run[i].verdict, "profile loaded", 14) == 0);
	EXPECT(strncmp(run[6].verdict, "profile not trusted", 19) == 0);
	EXPECT(run[5].faults * 3 <= run[0].faults); /* learned: far fewer */
	/* Another file: as cold as the first (a cold run's count moves by a
	 * fault or two with the timing of reads), nowhere near the learned. */
	EXPECT(run[6].faults + run[0].faults / 4 >= run[0].faults);
	EXPECT(run[6].faults > 2 * run[5].faults);
}

/* A program that writes its own file (test_llm does) keeps its profile:
 * its writes, even over the fingerprinted bytes, are not another file. */
static void test_profile_after_own_writes(void)
{
	need_uffd();
	settings("64K", "hybrid", "16");
	clear_profiles();
	EXPECT(file_make(path_a, 512, 13) == 0);
	char verdict[3][160];
	for (int run = 0; run < 3; run++) {
		int p[2];
		EXPECT(pipe(p) == 0);
		pid_t pid = fork();
		if (pid == 0) {
			int fd;
			unsigned char *m =
			    serve(path_a, 512, PROT_READ | PROT_WRITE, MAP_SHARED, &fd);
			pthread_mutex_lock(&bp.lock);
			snprintf(verdict[run], sizeof(verdict[run]), "%s", bp.regions->id.verdict);
			pthread_mutex_unlock(&bp.lock);
			m[0] = (unsigned char)run; /* the first fingerprinted byte */
			m[511 * TPAGE] = (unsigned char)run;
			EXPECT(bp_unmap(m, 512 * TPAGE) == 0);
			_exit(write(p[1], verdict[run], sizeof(verdict[run])) ==
				      sizeof(verdict[run])
				  ? 0
				  : 1);
		}
		close(p[1]);
		EXPECT(read(p[0], verdict[run], sizeof(verdict[run])) == sizeof(verdict[run]));
		close(p[0]);
		int status;
		EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		       WEXITSTATUS(status) == 0);
	}
	EXPECT(strcmp(verdict[0], "no profile") == 0);
	EXPECT(strncmp(verdict[1], "profile loaded", 14) == 0);
	EXPECT(strncmp(verdict[2], "profile loaded", 14) == 0);
}

/* Mapped again in the same process, a file meets the model it taught. */
static void test_model_kept_in_process(void)
{
	need_uffd();
	settings("64K", "hybrid", "16");
	setenv(BP_ENV_PROFILES, "", 1); /* none: only the kept model can help */
	EXPECT(file_make(path_a, 512, 12) == 0);
	char verdict[4][160];
	unsigned long faults[4];
	for (int i = 0; i < 4; i++)
		faults[i] = llm_walk(12, verdict[i], sizeof(verdict[i]));
	EXPECT(strcmp(verdict[0], "no profile") == 0);
	EXPECT(strcmp(verdict[3], "model kept from an earlier mapping") == 0);
	EXPECT(faults[3] * 3 <= faults[0]);
}

static const struct bpt_test tests[] = {
    BPT(test_reads_match),
    BPT(test_threads),
    BPT(test_fork),
    BPT(test_write_syscall),
    BPT(test_truncate_sigbus),
    BPT(test_unmap_while_reading),
    BPT(test_unmap_while_faulting),
    BPT(test_read_ahead_windows),
    BPT(test_read_ahead_writes),
    BPT(test_budget_one_page),
    BPT(test_writeback),
    BPT(test_profile_not_trusted),
    BPT(test_model_kept_in_process),
    BPT(test_profile_after_own_writes),
};

int main(int argc, char **argv)
{
	snprintf(path_a, sizeof(path_a), "%s/a.dat", SCRATCH_DIR);
	snprintf(path_b, sizeof(path_b), "%s/b.dat", SCRATCH_DIR);
	snprintf(prof_dir, sizeof(prof_dir), "%s/profiles", SCRATCH_DIR);
	if (bpt_mkdirs(SCRATCH_DIR, 0755) < 0) {
		printf("FAIL: linux-pager: cannot make %s\n", SCRATCH_DIR);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	int failed = BPT_MAIN("linux-pager", tests, argc, argv);
	return failed;
}
