/*
 * fuzz.h - what the parts of the system call fuzzer share.
 *
 * One fuzzing process has these threads:
 *   main     makes random calls (calls.c) and keeps a model of what it made
 *            (slots, mappings, children), so calls reach deep paths;
 *   pager    the process's own slow pager (pager.c): it serves the file
 *            mappings whose pages the fuzzer's pointers land in, answering
 *            each fault after a random number of yields (hostile mode:
 *            sometimes not until the end);
 *   server   receives on one port (peers.c), so IPC calls are answered;
 *   helpers  short-lived threads (peers.c) that make a few calls and end
 *            with thread_exit; in hostile mode they sleep in calls whose
 *            buffers lie in unanswered file pages while main deletes caps,
 *            unmaps and kills.
 * The model is main's; other threads only read it (single CPU: a word is
 * read whole) and the periodic rescan (cap_identify on every slot) repairs
 * what they changed.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define PAGE	   4096UL
#define NSLOTS	   64 /* the kernel's table size (docs/ipc.md) */
#define KERNEL_VA  0xffff000040200000UL
#define UNMAPPED   0x7000000000UL
#define FILE_PAGES 16 /* pages of the file object main's pointers land in */
#define SLOW_FILE  2  /* the file id of helpers' slow file */

enum mode {
	MODE_SAFE,    /* every fault answered eventually; nothing deleted under a sleeper */
	MODE_HOSTILE, /* unanswered faults, sleeping helpers, deleting and killing meanwhile */
};

/* A small, seedable generator: one per thread, so each stream is the seed's. */
struct rng {
	uint64_t s;
};
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(struct rng *r);
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
	return n ? rng_next(r) % n : 0;
}
static inline bool rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

/* Slot roles main knows about (its model of the capability table). */
enum role {
	ROLE_NONE,     /* empty, or something main did not make itself */
	ROLE_VITAL,    /* the fuzzer's own machinery: never deleted, never waited on */
	ROLE_VCOPY,    /* a copy of one of those: may go, but is never waited on either */
	ROLE_NOTIFY,   /* a notification; obj counts its signals */
	ROLE_PORT,     /* a port nobody serves */
	ROLE_CONN,     /* a connection to the served port: calls are answered */
	ROLE_DEADCONN, /* a connection to an unserved port: a call would block */
	ROLE_PMO,
	ROLE_FILEPMO,
	ROLE_THREAD, /* a helper; obj is its index */
	ROLE_PROCESS,
	ROLE_VMSPACE,
	ROLE_OTHER,
};

struct slot {
	int type;	 /* BOWER_CAP_*, 0 when empty */
	unsigned rights; /* as cap_identify reported */
	enum role role;
	int obj; /* an object number shared by copies of one capability */
};

#define MAX_MAPS 24
struct mapping {
	uintptr_t addr;
	size_t len;
	bool file, writable, llm;
};

#define MAX_CHILDREN 6
struct child {
	int pid;
	bool live;   /* not reaped yet */
	bool killed; /* process_kill was called: it has ended for sure */
	bool idle;   /* runs until killed */
};

#define MAX_HELPERS 4
#define MAX_OBJS    1024 /* objects main remembers facts about (see obj_info) */

struct fuzz {
	uint64_t seed;
	unsigned long target; /* calls to make */
	enum mode mode;
	bool trace; /* print every call and its result */
	int pid;
	volatile unsigned long calls, wrong;
	uint64_t digest;    /* of main's calls: the same seed gives the same one */
	volatile bool stop; /* teardown: the pager answers everything, threads end */

	struct slot slots[NSLOTS];
	int next_obj;

	int pager_slot, pager_notify, served_port, served_obj;
	int served_give;	      /* CONNECT | GRANT to the served port, for client children */
	int helper_join[MAX_HELPERS]; /* a non-grantable copy of each helper's capability */
	volatile bool final;	      /* after teardown: the pager thread ends */
	uintptr_t file_rw, file_ro, file_llm; /* main's mappings of the file object */
	int file_pmo;
	/* Hostile mode: a second file (id SLOW_FILE) only helpers point into;
	 * its faults may be held until teardown, and main unmaps it, takes its
	 * pages back and deletes its capability while they sleep. */
	uintptr_t file_slow;

	struct mapping maps[MAX_MAPS];
	int nmaps;
	struct child children[MAX_CHILDREN * 4];
	int nchildren;

	volatile bool helper_busy[MAX_HELPERS];
	volatile bool helper_done[MAX_HELPERS];
	unsigned long helper_runs;

	volatile unsigned long tokens[8]; /* recent fault tokens, for main to name */
	/* Main is in an ipc_call_bulk with this descriptor (its buffer a
	 * pointer any_ptr gave: its first page may be written). Main's other
	 * bulk calls name descriptors the kernel cannot read, so they are
	 * never served: every descriptor a server sees is main's known one, a
	 * helper's (its buffer in the slow file: never copied) or a client
	 * child's (its own memory). peers.c's server copies by this. */
	volatile bool bulk_known;
	struct bower_ipc_bulk bulk;
};

extern struct fuzz F;

/* calls.c: make call nr with up to eight arguments (as the kernel sees
 * them: integers), check the result against the documented errors, count
 * it. call_results also gives what came back in x1-x4 (the calls with
 * `->` results in tools/syscalls.tbl). */
long call_checked(int nr, const long *args, int nargs);
long call_results(int nr, const long *args, int nargs, long results[4]);
/* The pieces of a checked call, for calls.c's own ways of calling
 * (check.c): the raw call, its check against the documented errors, a
 * success that should have failed, and main's digest of calls. */
long raw_syscall(long nr, const long *a, int n, long results[4]);
long check(int nr, long ret, const long *args, int nargs);
void wrong_success(int nr, long ret, const long *args, int nargs, const char *why);
void digest(int nr, const long *args, int nargs);
/* A pointer into one of the fuzzer's own slow file mappings (values.c). */
uintptr_t in_file_mapping(struct rng *r, size_t size);
#define CALL(name, ...)                                                                            \
	({                                                                                         \
		long a_[] = {__VA_ARGS__};                                                         \
		call_checked(SYS_##name, a_, sizeof(a_) / sizeof(a_[0]));                          \
	})
#define CALL0(name) call_checked(SYS_##name, NULL, 0)
#define CALL_RESULTS(results, name, ...)                                                           \
	({                                                                                         \
		long a_[] = {__VA_ARGS__};                                                         \
		call_results(SYS_##name, a_, sizeof(a_) / sizeof(a_[0]), results);                 \
	})
void fuzz_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Hostile arguments (calls.c). */
long any_int(struct rng *r);
uintptr_t any_ptr(struct rng *r, bool written, size_t size);
size_t any_len(struct rng *r, uintptr_t ptr);
int any_slot(struct rng *r, int type);
int slot_with_role(struct rng *r, enum role role);
void fuzz_one(struct rng *r);
void rescan(void);
void model_set(int slot, int type, unsigned rights, enum role role, int obj);
void model_clear(int slot);
int new_obj(void);

/* What main knows about one object. Object numbers are never reused in a
 * run; the table keeps the newest MAX_OBJS, and a forgotten object reads
 * as knowing nothing (no signals pending, no notices, maybe given away),
 * which never makes main block. */
struct obj_info {
	int id;
	unsigned long notify_count; /* notification: signals main knows are pending */
	unsigned closed_pending;    /* unserved port: closed notices waiting */
	bool given;		    /* a child may hold it: its end is not main's to see */
	int conn_port;		    /* connection: its port's object (0: served or unknown) */
	int pid;		    /* process: its pid */
	int helper;		    /* thread: the helper's index */
};
struct obj_info *obj_info(int id);

void add_map(uintptr_t addr, size_t len, bool file, bool writable, bool llm);
uintptr_t any_plain_ptr(struct rng *r, size_t size);
/* A pointer the kernel can never read or write (NULL, kernel, unmapped,
 * past the top of user space). */
uintptr_t any_bad_ptr(struct rng *r, size_t size);
/* Does [p, p + n) lie in user space, without wrapping (calls.c)? */
bool range_ok(uintptr_t p, size_t n);

/* ipc_calls.c */
void do_ipc_connect(struct rng *r);
void do_ipc_call(struct rng *r);
void do_futex(struct rng *r);
/* signal_calls.c */
void do_signal(struct rng *r);
/* process_calls.c */
void do_spawn(struct rng *r);
void do_wait(struct rng *r);
void do_children_calls(struct rng *r, int which);
void do_ipc_recv(struct rng *r);
void do_ipc_call_bulk(struct rng *r);
void do_caller_copy(struct rng *r);
/* Hostile bulk arguments, for main, helpers and the server (ipc_calls.c). */
unsigned any_bulk_rights(struct rng *r);

/* cap_calls.c */
void do_cap_copy(struct rng *r);
void do_cap_delete(struct rng *r);
void do_notify_wait(struct rng *r);
void do_cap_set_limit(struct rng *r);

/* device_calls.c */
void do_device_call(struct rng *r);

/* shell_calls.c: the ramdisk, process, console and pipe calls */
void fuzz_shell_call(struct rng *r);

/* pager.c */
int narrow(long slot, int type, unsigned rights);
void pager_setup(void);
void pager_thread(uintptr_t unused);
int pager_pool_page(struct rng *r); /* a page of the pager's own memory */
void slow_file_map(void);
extern uintptr_t pager_pool;

/* peers.c */
void server_setup(void);
int helper_start(struct rng *r);
void child_main(const char *role);
extern char scratch[];
#define SCRATCH_BYTES (16 * PAGE)

#endif
