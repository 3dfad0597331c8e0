/*
 * osbench.c - operating-system primitives timed with the generic counter,
 * one source for Bower and for Linux (`make bench-os` builds it for both,
 * statically, and boots each in the same QEMU machine; tools/bench_os.py).
 *
 *	osbench [ROUNDS]   run every measurement ROUNDS times (default 3)
 *	osbench ROUNDS ROW...  only the rows named (in the table's order; a
 *	                   row that uses what an earlier one made, as close
 *	                   closes what open_create opened, needs that one too):
 *	                   a short run to profile one primitive
 *	osbench child      exit at once (what the spawn row starts)
 *
 * Every figure is counter ticks per operation (62.5 MHz; under QEMU's
 * -icount shift=0 one tick is 16 instructions), averaged over the
 * repetitions of one round. Each line is "osbench: round R: NAME TICKS",
 * or "n/a" where the system lacks the primitive: Bower has no pipe, no
 * fsync and no test program for Linux; Linux has no Bower IPC and no
 * MAP_LLM. Nothing is emulated to fill a row. A benchmark: it reports,
 * it does not judge.
 *
 * Files go to Bower's root (its tmpfs) and to a tmpfs at /tmp on Linux, so
 * neither side touches a disk. The parts that differ between the two are
 * the ones between #ifdef __bower__ and its #endif: spawning (Bower's
 * spawnv, Linux's posix_spawn), the round-trip partner thread, and the
 * rows one side cannot run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#ifdef __bower__
#include <bower/abi.h>
#include <bower/spawn.h>
#include <bower/syscall_nr.h>
#define SCRATCH "/"
#else
#include <pthread.h>
#include <spawn.h>
#define SCRATCH "/tmp/"
#endif

#define PAGE	4096
#define MAP_LEN (2ul << 20) /* the mapped file: 512 pages */
#define TOUCHES 32	    /* pages touched in it, 16 apart */
#define BIG	(1ul << 20) /* the large read, write and file */
#define NA	(-1.0)	    /* the primitive does not exist here */
#ifdef MAP_LLM
#define HAVE_MAP_LLM 1
#else
#define HAVE_MAP_LLM 0
#define MAP_LLM	     0
#endif

static const char *self; /* this program, as the spawn row starts it */
static char *buf;	 /* BIG bytes of data, touched before any timing */

/* The virtual counter, read the same way on both systems (Linux opens it
 * to user mode for its vDSO, Bower for its programs); the isb keeps the
 * read from moving across the work it times. */
static inline uint64_t now(void)
{
	uint64_t v;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static void die(const char *what)
{
	printf("osbench: %s failed: %s\n", what, strerror(errno));
	exit(1);
}

/* A row that is a helper with its arguments fixed: NAME(n) is CALL. */
#define VARIANT(name, call)                                                                        \
	static double name(int n)                                                                  \
	{                                                                                          \
		return call;                                                                       \
	}

static void path_of(char *out, const char *name, int i)
{
	snprintf(out, 64, SCRATCH "osb-%s-%d", name, i);
}

/* ---- processes ---- */

static pid_t start(const char *path, char *const argv[])
{
#ifdef __bower__
	return spawnv(path, argv);
#else
	pid_t pid;
	errno = posix_spawn(&pid, path, NULL, NULL, argv, NULL);
	return errno ? -1 : pid;
#endif
}

static double spawn_wait(const char *path, char *const argv[], int n)
{
	uint64_t t = 0;
	for (int i = 0; i < n; i++) {
		int status;
		uint64_t t0 = now();
		pid_t pid = start(path, argv);
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			die("spawn and wait");
		t += now() - t0;
	}
	return (double)t / n;
}

static double b_spawn(int n)
{
	char *argv[] = {(char *)self, "child", NULL};
	return spawn_wait(self, argv, n);
}

static double b_test_llm(int n)
{
#ifdef __bower__
	char *argv[] = {"test_llm", "1", NULL}; /* a fixed seed: the same accesses each run */
	return spawn_wait("test_llm", argv, n);
#else
	(void)n;
	return NA;
#endif
}

/* The null system call, with the loop's own cost taken off. */
static double b_getpid(int n)
{
	uint64_t t0 = now();
	for (int i = 0; i < n; i++)
		getpid();
	uint64_t t1 = now();
	for (int i = 0; i < n; i++)
		__asm__ volatile("" ::: "memory");
	uint64_t t2 = now();
	return (double)((t1 - t0) - (t2 - t1)) / n;
}

/* ---- round trips to a thread of this process ---- */

#ifdef __bower__
static long port;
static _Alignas(16) char stack[16384];

static void ipc_partner(uintptr_t unused)
{
	char msg[16];
	struct bower_ipc_recv info;
	(void)unused;
	for (;;)
		if (bower_ipc_recv((int)port, msg, sizeof(msg), &info) == 0 &&
		    !(info.flags & BOWER_IPC_CLOSED))
			bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP);
}
#else
static int to_partner[2], from_partner[2];

static void *pipe_partner(void *unused)
{
	char c;
	(void)unused;
	while (read(to_partner[0], &c, 1) == 1 && write(from_partner[1], &c, 1) == 1)
		;
	return NULL;
}
#endif

/* A null call to a server thread and its reply (Bower's IPC). */
static double b_ipc(int n)
{
#ifdef __bower__
	static long conn = -1;
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	if (conn < 0) {
		uintptr_t va;
		port = bower_port_create();
		bower_thread_create((uintptr_t)ipc_partner, 0, (uintptr_t)stack + sizeof(stack));
		conn = bower_ipc_connect((int)port, &va);
		bower_ipc_call((int)conn, &msg); /* the partner gets going */
	}
	uint64_t t0 = now();
	for (int i = 0; i < n; i++) {
		msg.len = 0;
		msg.cap = BOWER_NO_CAP;
		bower_ipc_call((int)conn, &msg);
	}
	return (double)(now() - t0) / n;
#else
	(void)n;
	return NA;
#endif
}

/* One byte to a thread through a pipe and back through another. */
static double b_pipe(int n)
{
#ifdef __bower__
	(void)n;
	return NA;
#else
	static int started;
	char c = 'x';
	if (!started) {
		pthread_t t;
		if (pipe(to_partner) || pipe(from_partner) ||
		    pthread_create(&t, NULL, pipe_partner, NULL))
			die("pipe partner");
		started = 1;
	}
	uint64_t t0 = now();
	for (int i = 0; i < n; i++)
		if (write(to_partner[1], &c, 1) != 1 || read(from_partner[0], &c, 1) != 1)
			die("pipe round trip");
	return (double)(now() - t0) / n;
#endif
}

/* ---- files ---- */

/* The rows open_create, close, open and unlink_empty run in that order on
 * the same files, osb-open-0 ... : the first makes them and leaves them
 * open here (at most MAX_OPEN), the next closes them, the last removes
 * them. */
#define MAX_OPEN 64
static int fds[MAX_OPEN];

static double b_open_create(int n)
{
	char p[64];
	uint64_t t = 0;
	if (n > MAX_OPEN)
		n = MAX_OPEN;
	for (int i = 0; i < n; i++) {
		path_of(p, "open", i);
		uint64_t t0 = now();
		fds[i] = open(p, O_RDWR | O_CREAT | O_EXCL, 0644);
		t += now() - t0;
		if (fds[i] < 0)
			die("open creating");
	}
	return (double)t / n;
}

static double b_close(int n)
{
	uint64_t t = 0;
	for (int i = 0; i < n; i++) {
		uint64_t t0 = now();
		close(fds[i]);
		t += now() - t0;
	}
	return (double)t / n;
}

static double b_open_existing(int n)
{
	char p[64];
	uint64_t t = 0;
	for (int i = 0; i < n; i++) {
		path_of(p, "open", i);
		uint64_t t0 = now();
		int fd = open(p, O_RDWR);
		t += now() - t0;
		if (fd < 0)
			die("open existing");
		close(fd);
	}
	return (double)t / n;
}

static double b_unlink_empty(int n)
{
	char p[64];
	uint64_t t = 0;
	for (int i = 0; i < n; i++) {
		path_of(p, "open", i);
		uint64_t t0 = now();
		if (unlink(p))
			die("unlink");
		t += now() - t0;
	}
	return (double)t / n;
}

/* create, write, fsync, close, unlink of a file of `len` bytes: which of
 * the five steps each row reports is `step`. */
enum step { STEP_WRITE, STEP_FSYNC, STEP_UNLINK };

static double file_life(int n, size_t len, enum step step)
{
#ifdef __bower__
	if (step == STEP_FSYNC)
		return NA;
#endif
	char p[64];
	uint64_t t = 0;
	for (int i = 0; i < n; i++) {
		path_of(p, "life", i);
		uint64_t t0 = now();
		int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
			die("create and write");
		uint64_t t1 = now();
#ifndef __bower__
		if (fsync(fd))
			die("fsync");
#endif
		uint64_t t2 = now();
		close(fd);
		uint64_t t3 = now();
		if (unlink(p))
			die("unlink");
		uint64_t t4 = now();
		t += step == STEP_WRITE ? t1 - t0 : step == STEP_FSYNC ? t2 - t1 : t4 - t3;
	}
	return (double)t / n;
}

VARIANT(b_small_write, file_life(n, PAGE, STEP_WRITE))
VARIANT(b_small_fsync, file_life(n, PAGE, STEP_FSYNC))
VARIANT(b_small_unlink, file_life(n, PAGE, STEP_UNLINK))
VARIANT(b_big_write, file_life(n, BIG, STEP_WRITE))
VARIANT(b_big_fsync, file_life(n, BIG, STEP_FSYNC))
VARIANT(b_big_unlink, file_life(n, BIG, STEP_UNLINK))

/* pread or pwrite of `len` bytes at the start of a 1 MiB file. */
static double rw(int n, size_t len, int writing)
{
	char p[64];
	path_of(p, "rw", 0);
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, BIG) != (ssize_t)BIG)
		die("make the read/write file");
	uint64_t t0 = now();
	for (int i = 0; i < n; i++) {
		ssize_t r = writing ? pwrite(fd, buf, len, 0) : pread(fd, buf, len, 0);
		if (r != (ssize_t)len)
			die(writing ? "pwrite" : "pread");
	}
	uint64_t t = now() - t0;
	close(fd);
	unlink(p);
	return (double)t / n;
}

VARIANT(b_read_4k, rw(n, PAGE, 0))
VARIANT(b_write_4k, rw(n, PAGE, 1))
VARIANT(b_read_1m, rw(n, BIG, 0))
VARIANT(b_write_1m, rw(n, BIG, 1))

/* ---- mappings ---- */

/* One mapping's life, the sequence for the file kinds: create,
 * ftruncate to 2 MiB, map, touch 32 pages (a write to each, 16 pages
 * apart), unmap, close, unlink. Each step is timed; the rows below pick
 * theirs. The anonymous kind has only map, touch and unmap. */
enum kind { ANON, SHARED_FILE, LLM_FILE };
struct life {
	double ftruncate, mmap, touch, munmap, close, unlink;
};

static int mapping_life(enum kind kind, int n, struct life *out)
{
	if (kind == LLM_FILE && !HAVE_MAP_LLM)
		return -1;
	uint64_t tr = 0, mp = 0, to = 0, um = 0, cl = 0, ul = 0;
	char p[64];
	path_of(p, "map", kind);
	for (int i = 0; i < n; i++) {
		int fd = -1;
		uint64_t t0 = now(), t1 = t0;
		if (kind != ANON) {
			fd = open(p, O_RDWR | O_CREAT | O_EXCL, 0644);
			t0 = now();
			if (fd < 0 || ftruncate(fd, MAP_LEN))
				die("file for mapping");
			t1 = now();
		}
		int flags = kind == ANON       ? MAP_PRIVATE | MAP_ANONYMOUS
			    : kind == LLM_FILE ? MAP_SHARED | MAP_LLM
					       : MAP_SHARED;
		char *m = mmap(NULL, MAP_LEN, PROT_READ | PROT_WRITE, flags, fd, 0);
		uint64_t t2 = now();
		if (m == MAP_FAILED)
			die("mmap");
		for (int k = 0; k < TOUCHES; k++)
			m[k * 16 * PAGE] = 'x';
		uint64_t t3 = now();
		munmap(m, MAP_LEN);
		uint64_t t4 = now(), t5 = t4, t6 = t4;
		if (kind != ANON) {
			close(fd);
			t5 = now();
			unlink(p);
			t6 = now();
		}
		tr += t1 - t0, mp += t2 - t1, to += t3 - t2, um += t4 - t3, cl += t5 - t4,
		    ul += t6 - t5;
	}
	*out = (struct life){(double)tr / n, (double)mp / n, (double)to / n / TOUCHES,
			     (double)um / n, (double)cl / n, (double)ul / n};
	return 0;
}

/* One step of mapping_life's, by its offset in struct life. */
static double life_step(enum kind kind, int n, size_t step)
{
	struct life l;
	if (mapping_life(kind, n, &l))
		return NA;
	return *(double *)((char *)&l + step);
}

#define STEP(kind, field) life_step(kind, n, offsetof(struct life, field))
VARIANT(b_anon_mmap, STEP(ANON, mmap))
VARIANT(b_anon_touch, STEP(ANON, touch))
VARIANT(b_anon_munmap, STEP(ANON, munmap))
VARIANT(b_file_ftruncate, STEP(SHARED_FILE, ftruncate))
VARIANT(b_file_mmap, STEP(SHARED_FILE, mmap))
VARIANT(b_file_touch, STEP(SHARED_FILE, touch))
VARIANT(b_file_munmap, STEP(SHARED_FILE, munmap))
VARIANT(b_file_close, STEP(SHARED_FILE, close))
VARIANT(b_file_unlink, STEP(SHARED_FILE, unlink))
VARIANT(b_llm_mmap, STEP(LLM_FILE, mmap))
VARIANT(b_llm_touch, STEP(LLM_FILE, touch))

/* ---- the table ---- */

static const struct row {
	const char *name, *what;
	double (*fn)(int n);
	int n; /* repetitions in a round */
} rows[] = {
    {"getpid", "null system call (getpid)", b_getpid, 10000},
    {"ipc", "IPC round trip, null call to a thread (Bower)", b_ipc, 1000},
    {"pipe", "pipe round trip, 1 byte to a thread and back", b_pipe, 1000},
    {"spawn", "spawn + wait of a program that exits at once", b_spawn, 10},
    {"test_llm", "test_llm launch to exit (Bower)", b_test_llm, 3},
    {"open_create", "open creating an empty file", b_open_create, 32},
    {"close", "close of that new file", b_close, 32},
    {"open", "open of an existing file (and close, untimed)", b_open_existing, 32},
    {"unlink_empty", "unlink of an empty file", b_unlink_empty, 32},
    {"create_4k", "create + write 4 KiB to a new file", b_small_write, 32},
    {"fsync_4k", "fsync of that 4 KiB file", b_small_fsync, 32},
    {"unlink_4k", "unlink of a closed 4 KiB file", b_small_unlink, 32},
    {"create_1m", "create + write 1 MiB to a new file", b_big_write, 8},
    {"fsync_1m", "fsync of that 1 MiB file", b_big_fsync, 8},
    {"unlink_1m", "unlink of a closed 1 MiB file", b_big_unlink, 8},
    {"read_4k", "pread 4 KiB of a 1 MiB file", b_read_4k, 200},
    {"write_4k", "pwrite 4 KiB over a 1 MiB file", b_write_4k, 200},
    {"read_1m", "pread 1 MiB", b_read_1m, 8},
    {"write_1m", "pwrite 1 MiB over it", b_write_1m, 8},
    {"anon_mmap", "mmap 2 MiB anonymous", b_anon_mmap, 8},
    {"anon_fault", "first-touch fault, anonymous (per page, 32 pages)", b_anon_touch, 8},
    {"anon_munmap", "munmap 2 MiB anonymous, 32 pages touched", b_anon_munmap, 8},
    {"ftruncate", "ftruncate a new file to 2 MiB", b_file_ftruncate, 8},
    {"file_mmap", "mmap 2 MiB shared file", b_file_mmap, 8},
    {"file_fault", "first-touch fault, shared file (per page, 32 pages)", b_file_touch, 8},
    {"file_munmap", "munmap 2 MiB shared file, 32 pages touched", b_file_munmap, 8},
    {"file_close", "close of the mapped file", b_file_close, 8},
    {"file_unlink", "unlink of the 2 MiB file, 32 pages written", b_file_unlink, 8},
    {"llm_mmap", "mmap 2 MiB shared file with MAP_LLM (Bower)", b_llm_mmap, 8},
    {"llm_fault", "first touch, MAP_LLM file (per page, 32 pages, cap 16)", b_llm_touch, 8},
};

/* Whether row r is to run: all of them, or those named after ROUNDS. */
static int chosen(const struct row *r, int argc, char **argv)
{
	if (argc <= 2)
		return 1;
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], r->name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 0;
	self = argv[0];
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	buf = malloc(BIG);
	if (!buf)
		die("malloc");
	memset(buf, 'b', BIG);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		printf("osbench: row %s: %s\n", rows[i].name, rows[i].what);
	for (int r = 1; r <= rounds; r++)
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			if (!chosen(&rows[i], argc, argv))
				continue;
			double v = rows[i].fn(rows[i].n);
			if (v == NA)
				printf("osbench: round %d: %s n/a\n", r, rows[i].name);
			else
				printf("osbench: round %d: %s %.2f\n", r, rows[i].name, v);
			fflush(stdout);
		}
	printf("osbench: done\n");
	return 0;
}
