/*
 * pager.h - the pager's shared state, and the parts that act on it.
 *
 * One pager per process: a thread that reads userfaultfd events (fault.c),
 * a few reader threads that fill staging slots from files (io.c), and the
 * calls that make and end served mappings (region.c), all under one lock,
 * bp.lock. Nothing here blocks on I/O while holding it except write-back
 * of a dirty page (writeback.c) and, when every slot is busy, the read of
 * the faulting page itself.
 *
 * Lock order: bp.lock is the only lock; the prefetch models, the resident
 * set, the slots and every region's page states are read and changed only
 * with it held.
 */
#ifndef BP_PAGER_H
#define BP_PAGER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "prefetch/prefetch.h"
#include "rset.h"
#include "settings.h"
#include "uffd.h"

/* A page of a served mapping is in one of these states. */
enum bp_page_state {
	PG_ABSENT = 0, /* not in memory: a touch faults */
	PG_PENDING,    /* in a staging slot: being read, or read and not yet placed */
	PG_MAPPED,     /* placed in the mapping */
};
/* Flags beside the state, in the same byte. */
#define PG_STATE     0x0f
#define PG_PREDICTED 0x10 /* brought in by a prediction and not used yet */
#define PG_DIRTY     0x20 /* written, and not written back since */

/* Per-mapping counters (and their sums, in bp.total). */
struct bp_counters {
	uint64_t faults;     /* touches of a page nobody had asked for */
	uint64_t prefetched; /* predicted pages read */
	uint64_t ahead;	     /* of those, read ahead in sequence (fault.c) */
	uint64_t used;	     /* of those, touched while held */
	uint64_t late;	     /* of the used, touched while still being read */
	uint64_t wasted;     /* predicted pages dropped unused */
	uint64_t no_slot;    /* predicted pages not read: no staging slot was free */
	uint64_t evicted;    /* pages the budget dropped */
	uint64_t bytes_read;
	uint64_t bytes_written;
	uint64_t waits;	  /* touches that waited for a read */
	uint64_t wait_ns; /* time those waited, seen from the pager */
};

/* Where a mapping's learned model comes from: the file it maps. */
struct bp_identity {
	char path[4096];
	off_t offset;	      /* of the mapping in the file */
	off_t bytes;	      /* the file's size */
	uint64_t fingerprint; /* identity.c */
	char verdict[160];    /* what became of its saved profile, for --stats */
};

struct bp_region {
	uintptr_t base;
	size_t len;
	uint32_t pages;		       /* of the mapping */
	uint32_t file_pages;	       /* of them within the file when it was mapped */
	int prot, flags;	       /* as the program asked */
	int fd;			       /* ours: reads and write-back */
	int direct_fd;		       /* O_DIRECT reads, or -1 */
	bool direct_refused;	       /* the file system said EINVAL to O_DIRECT */
	off_t offset;		       /* in the file */
	bool shared_write;	       /* MAP_SHARED and PROT_WRITE: written pages go back */
	bool wp;		       /* placed write-protected to see writes */
	bool dead;		       /* unmapped: arriving pages are dropped */
	uint32_t gbase;		       /* its first page's number in the budget's set */
	uint8_t *state;		       /* per page: enum bp_page_state | flags */
	uint32_t *slot;		       /* per page: its staging slot while PG_PENDING */
	unsigned inflight;	       /* slots still naming this region */
	uint32_t walk_first, walk_end; /* neighbours placed at a first touch (fault.c) */
	uint32_t last_fault;	       /* the page of the last fault, + 1 (0: none yet) */
	uint32_t fault_streak;	       /* faults in a row each right after the one before */
	uint32_t ra_size;	       /* pages of the last read-ahead window, 0: none */
	uint32_t ra_next;	       /* the page after it */
	uint32_t ra_start;	       /* its first page */
	uint32_t ra_marker;	       /* the window before's first: touched, one more goes */
	struct pf_model *model;
	struct bp_identity id;
	struct bp_counters n;
	pf_page *trace; /* this run's accesses, if --trace */
	size_t trace_len, trace_cap;
	struct bp_region *next;
};

/* A staging slot: one page being read, or read and waiting to be used. */
#define SLOT_WANTED    0x1 /* a thread waits for it: place it when read */
#define SLOT_READ      0x2 /* the read is done */
#define SLOT_CANCELLED 0x4 /* its page was dropped while it was read */
#define SLOT_WRITE     0x8 /* the waiting touch is a write */
#define SLOT_NONE      UINT32_MAX
#define SLOTS_MAX      1024 /* pages being read or read ahead, at most */

struct bp_slot {
	struct bp_region *region; /* NULL: free */
	uint32_t page;
	uint32_t flags;
	uint32_t next;	     /* the queue of reads */
	uint64_t wait_since; /* when a touch began to wait (ns), 0: none */
};

struct bp_state {
	pthread_mutex_t lock;
	bool ready;  /* bp_start succeeded */
	bool failed; /* bp_start failed: everything goes to the kernel */
	struct bp_settings set;
	struct bp_uffd uffd;
	int pagemap; /* /proc/self/pagemap, for dirty pages; -1 if unreadable */
	struct bp_region *regions;
	/* The budget: one resident set over all served pages (budget.c). */
	bool capped;
	uint32_t budget; /* pages */
	struct rset rset;
	uint32_t *seq;
	struct rset_entry *ring;
	uint32_t id_limit;
	/* Staging slots (io.c). */
	struct bp_slot *slots;
	unsigned char *slot_mem;
	uint32_t nslots, free_slots;
	uint64_t free_map[SLOTS_MAX / 64]; /* a set bit: that slot is free */
	uint32_t ahead_head, ahead_tail; /* predicted pages to read, in order */
	pthread_cond_t work;
	struct bp_counters total;
	/* Placed pages the budget evicted, dropped together (budget.c). */
	uintptr_t drop_start[64], drop_len[64];
	unsigned drops;
	unsigned runs;
	bool learning; /* some model has accesses kept for later */
};

extern struct bp_state bp;

uint64_t bp_now_ns(void);

/* region.c */
struct bp_region *bp_region_at(uintptr_t addr);
struct bp_region *bp_region_of_id(uint32_t gid);
void bp_region_put(struct bp_region *r); /* free a dead region nobody names */
/* madvise on a served range: advice that drops pages is done here (written
 * pages first reach the file), 0; MADV_REMOVE makes the mappings Linux's
 * first; 1: the caller passes the advice on to Linux. -1: failed. */
int bp_drop(void *addr, size_t len, int advice);

/* budget.c: the resident set (lib/rset's rule) over every served page. */
int bp_budget_init(uint64_t bytes);
uint32_t bp_budget_ids(uint32_t pages); /* a range of ids, or UINT32_MAX */
void bp_budget_release(struct bp_region *r);
/* Admit a batch (first the faulting page); evicts what the rule says. */
void bp_budget_admit(struct bp_region *r, const pf_page *pages, size_t n);
/* A page left by other means (unplaced, dropped past the end). */
void bp_budget_forget(struct bp_region *r, uint32_t page);
/* Drop a placed page: write back if dirty, then MADV_DONTNEED, batched
 * with the others of the same batch until bp_drops_flush. */
void bp_page_drop(struct bp_region *r, uint32_t page);
void bp_drops_flush(void);

/* io.c */
int bp_io_start(uint32_t nslots, unsigned readers);
/* A slot for page of r, queued for a reader; or, urgent (a thread waits
 * for it), to be read by the caller with bp_io_read_here. SLOT_NONE if no
 * more than `reserve` slots are free. */
uint32_t bp_io_read(struct bp_region *r, uint32_t page, bool urgent, uint32_t reserve);
/* Read slot s's page now, bp.lock dropped meanwhile, and complete it. */
void bp_io_read_here(uint32_t s);
/* The same for up to n neighbouring pages from page on, queued, in as many
 * neighbouring slots as are free together (*got, maybe 0): the first. */
uint32_t bp_io_read_run(struct bp_region *r, uint32_t page, uint32_t n, bool urgent,
			uint32_t reserve, uint32_t *got);
void bp_slot_free(uint32_t s);
/* A thread waits for page of r, held in a slot: placed now if read, else
 * when its read completes. */
void bp_wait_for(struct bp_region *r, uint32_t page, bool write, uint64_t since);
unsigned char *bp_slot_mem(uint32_t s);
/* Read n pages from page on into bufs (one request): bytes, or -errno. */
#define READ_RUN_MAX 256
ssize_t bp_read_pages(struct bp_region *r, uint32_t page, unsigned char *const *bufs, unsigned n);
ssize_t bp_read_page(struct bp_region *r, uint32_t page, unsigned char *buf);
/* Place buf (got bytes of it read) at page of r, woken; poison past the end. */
void bp_place(struct bp_region *r, uint32_t page, unsigned char *buf, ssize_t got, bool write);
/* Place n pages from page on, read and held in neighbouring slots, with one
 * copy (for reading, write-protected where writes are watched). */
void bp_place_run(struct bp_region *r, uint32_t page, uint32_t n);

/* fault.c */
int bp_fault_start(void);
/* Note that a page the program touched was one it was given ahead. */
void bp_note_use(struct bp_region *r, uint32_t page);
void bp_trace_add(struct bp_region *r, uint32_t page);

/* writeback.c */
bool bp_page_dirty(struct bp_region *r, uint32_t page);
/* Write back every dirty page of r (re-protecting them if keep): 0 or -errno. */
int bp_writeback(struct bp_region *r, bool keep);
int bp_writeback_page(struct bp_region *r, uint32_t page);

/* identity.c: the file's identity and its saved profile. */
void bp_identity_make(struct bp_region *r);
void bp_profile_load(struct bp_region *r);
void bp_profile_save(struct bp_region *r);

/* models.c: a mapping's model is the one an earlier mapping of the same
 * file (path, offset, size, fingerprint, pages) in this process left, or a
 * new one started from its saved profile. 0, or -1 if none can be made. */
int bp_model_find(struct bp_region *r);
/* r's run ended: keep its model for the next mapping of the file. */
void bp_model_keep(struct bp_region *r);

/* stats.c */
void bp_counters_add(struct bp_counters *to, const struct bp_counters *from);
void bp_stats_print(void);
void bp_trace_save(struct bp_region *r);

#endif
