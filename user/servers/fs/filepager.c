/*
 * filepager.c - the file server as the pager of its files.
 *
 * Each mapped file has one memory object (a file PMO) made by the kernel on
 * our behalf; clients get capabilities to it over IPC and map it. When a
 * client touches a page the object does not have yet, the kernel writes a
 * fault into our ring and signals us. This thread reads the ring and
 * answers each fault with the file's own page (the one read() and write()
 * use, so both views see the same bytes), or with a bus error for a page
 * past the end of the file. Pages taken away from a file (truncation, a
 * removed file) are first taken back from every mapping (pager_invalidate).
 *
 * The IPC thread and this one share the tree: fs_lock serializes them.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/mman.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "filepager.h"
#include "predict.h"
#include "diskfs.h"
#include "profstore.h"

/* Room for a run's news between two faults (news is read with the next
 * fault, and dropped by the kernel when the ring is half full). */
#define SLOTS 1024
#define STACK (16 * 1024)

static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[SLOTS];
} ring;
static long pager_cap = -1, notify = -1;
static int pin_cpu = -1; /* pager_cpu=N */
static _Alignas(16) char stack[STACK];
static atomic_flag lock = ATOMIC_FLAG_INIT;

void fs_lock(void)
{
	while (atomic_flag_test_and_set(&lock))
		bower_yield();
}

void fs_unlock(void)
{
	atomic_flag_clear(&lock);
}

/* A file as the pager serves it: a tmpfs file (its own pages) or a disk
 * file (pages of the page cache, read as asked: diskfs.c). */
struct served {
	struct file_model **model; /* its MAP_LLM prediction */
	size_t pages;		   /* its memory object's size */
	size_t prefetch_max;	   /* predicted pages a fault may bring */
	struct tnode *node;	   /* tmpfs, or NULL for a disk file */
	uint64_t file_id;
};

static bool find_served(uint64_t file_id, struct served *out)
{
	out->file_id = file_id;
	if (file_id & DISKFS_FILE_ID) {
		out->node = NULL;
		out->model = diskfs_model(file_id, &out->pages);
		out->prefetch_max = diskfs_prefetch_max();
		return out->model != NULL;
	}
	out->node = tmpfs_by_ino(file_id);
	if (!out->node)
		return false;
	out->model = &out->node->model;
	out->pages = out->node->pmo_pages;
	out->prefetch_max = BOWER_PAGER_MAX_BATCH - 1;
	return true;
}

/* The pager's pages for pages index[0..n) of the file: page[i], or err[i]
 * -ENXIO past its end, another -errno for a disk page that could not be
 * read. A disk file's pages not in the cache are read together, several
 * at a time (diskfs_fault_pages), and each is held in the cache until
 * let_go, so reading a batch cannot reuse a page of it. */
static void served_pages(const struct served *sv, const uint64_t *index, size_t n, void **page,
			 int *err)
{
	if (!sv->node) {
		diskfs_fault_pages(sv->file_id, index, n, page, err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		page[i] = tmpfs_page(sv->node, index[i]);
		err[i] = page[i] ? 0 : -ENXIO;
	}
}

static void let_go(bool disk, const struct bower_pager_entry *e, size_t n)
{
	for (size_t i = 0; disk && i < n; i++)
		diskfs_fault_done((void *)e[i].pager_va);
}

/* An answer to a fault, as serve_fault builds it. It is sent at once, or,
 * the pager thread's last message before it waits, held and sent with the
 * wait (pager_map_wait: one kernel entry for both, and the client runs at
 * once). A disk file's answer is never held: its pages are held in the
 * cache until the map is in. */
struct answer {
	unsigned long token, page, client;
	uint64_t file_id;
	bool disk;
	int prot;
	size_t count;
	uint32_t pages[BOWER_PAGER_MAX_BATCH];
	struct bower_pager_entry e[BOWER_PAGER_MAX_BATCH];
};

static struct answer held; /* the pager thread's, while `holding` */
static bool holding;

/* What the map call's result r leaves to do. The model was told the pages
 * are mapped before the call; what did not get mapped is taken back. */
static void answer_sent(struct answer *a, long r)
{
	if (r >= 0 && !a->disk)
		return; /* all mapped, and nothing held in the cache */
	size_t asked = a->count;
	if (r < 0 && a->count > 1) { /* a prediction outside the mapping: the page alone */
		r = bower_pager_map((int)pager_cap, a->token, a->e, 1, a->prot);
		let_go(a->disk, a->e + 1, a->count - 1);
		a->count = 1;
	}
	let_go(a->disk, a->e, a->count);
	if (r < 0) /* never leave a fault unanswered: the client gets a bus error */
		a->count = 0;
	struct served sv;
	if (a->count < asked && find_served(a->file_id, &sv))
		for (size_t i = a->count; i < asked; i++)
			predict_evicted(*sv.model, a->pages[i]);
	if (r < 0) {
		printf("fs: cannot map page %lu for pid %lu: error %ld\n", a->page, a->client, -r);
		bower_pager_fail((int)pager_cap, a->token, BOWER_PAGER_IO_ERROR);
	}
}

/* Build the answer to a fault: the faulting page, and for a MAP_LLM file
 * the pages predicted to come next (all in one pager_map call). Sent at
 * once, or held (`hold`: the pager thread's last message) for
 * pager_map_wait. */
static void serve_fault(const struct bower_pager_msg *f, bool hold)
{
	struct answer now, *a = &now;
	uint32_t predicted[BOWER_PAGER_MAX_BATCH - 1];
	uint64_t index[BOWER_PAGER_MAX_BATCH];
	uintptr_t va[BOWER_PAGER_MAX_BATCH];
	void *page[BOWER_PAGER_MAX_BATCH];
	int err[BOWER_PAGER_MAX_BATCH];
	struct served sv;
	if (!find_served(f->file_id, &sv)) {
		bower_pager_fail((int)pager_cap, f->token, BOWER_PAGER_BEYOND_EOF);
		return;
	}
	/* The faulting page first; for a MAP_LLM mapping, the predicted ones
	 * after it that fall inside the object. Only MAP_LLM mappings are
	 * predicted for, and learned from: a plain mapping of the same file
	 * gets its page alone. */
	size_t n = 0;
	index[n] = f->page;
	va[n++] = f->va;
	struct file_model *model = f->cap ? *sv.model : NULL;
	/* A tmpfs file's answer goes a batch further than the mapping has
	 * room for: the kernel holds the rest, and maps it by itself at the
	 * next fault if the program followed the prediction, with no trip
	 * here (docs/llm.md). A disk file's pages are the cache's, lent only
	 * while mapped: never held. */
	size_t beyond = sv.node ? f->cap : 0;
	size_t want = f->cap && f->cap - 1 + beyond < sv.prefetch_max ? f->cap - 1 + beyond
								       : sv.prefetch_max;
	size_t np = model ? predict_fault(model, (uint32_t)f->page, (uint32_t)f->cap, predicted, want)
			  : 0;
	for (size_t i = 0; i < np; i++) {
		int64_t delta = (int64_t)predicted[i] - (int64_t)f->page;
		if (predicted[i] >= sv.pages || (delta < 0 && (uint64_t)-delta * TMPFS_PAGE > f->va))
			continue; /* outside any mapping of the object */
		index[n] = predicted[i];
		va[n++] = (uintptr_t)((int64_t)f->va + delta * TMPFS_PAGE);
	}
	served_pages(&sv, index, n, page, err);
	bool disk = !sv.node;
	if (hold && !disk)
		a = &held;
	size_t count = 0;
	struct bower_pager_entry *entry = a->e;
	uint32_t *pages = a->pages;
	for (size_t i = 0; i < n; i++) {
		if (err[i])
			continue; /* past the end of the file, or unreadable: not mapped */
		entry[count] = (struct bower_pager_entry){va[i], (uintptr_t)page[i]};
		pages[count++] = (uint32_t)index[i];
	}
	if (err[0]) { /* the faulting page itself: the fault fails */
		let_go(disk, a->e, count);
		bower_pager_fail((int)pager_cap, f->token,
				 err[0] == -ENXIO ? BOWER_PAGER_BEYOND_EOF : BOWER_PAGER_IO_ERROR);
		return;
	}
	a->token = f->token;
	a->page = f->page;
	a->client = f->client;
	a->file_id = f->file_id;
	a->disk = disk;
	a->count = count;
	/* Prefetched pages are mapped writable too if the fault was a write:
	 * the program that writes one page writes the next. And a write
	 * through a shared mapping marks the file as written, as POSIX wants
	 * by the next msync: at its first write, which faults here (Linux
	 * marks it at the write fault too). */
	a->prot = BOWER_PROT_READ;
	if (f->access == BOWER_PROT_WRITE) {
		a->prot |= BOWER_PROT_WRITE;
		if (!disk)
			tmpfs_written(sv.node);
	}
	if (model) /* what is resident now (not what is held): the model learns from it later */
		predict_mapped(model, a->pages, count < f->cap ? count : f->cap);
	if (a == &held) {
		holding = true;
		return;
	}
	answer_sent(a, bower_pager_map((int)pager_cap, a->token, a->e, a->count, a->prot));
}

/* What a program did with pages of a file since its last fault, in
 * order: each run of uses told at once. */
static void serve_news(struct file_model *model, const struct bower_pager_msg *f)
{
	uint32_t used[BOWER_PAGER_NEWS_MAX];
	size_t nused = 0;
	for (unsigned i = 0; i < f->count && i < BOWER_PAGER_NEWS_MAX; i++) {
		uint32_t page = f->news[i] & BOWER_PAGER_NEWS_PAGE;
		unsigned what = f->news[i] & BOWER_PAGER_NEWS_WHAT;
		if (what == BOWER_PAGER_NEWS_USED) {
			used[nused++] = page;
			continue;
		}
		predict_used(model, used, nused);
		nused = 0;
		if (what == BOWER_PAGER_NEWS_HELD_FAULT)
			predict_held_fault(model, page);
		else if (what == BOWER_PAGER_NEWS_MAPPED)
			predict_mapped(model, &page, 1);
		else
			predict_evicted(model, page);
	}
	predict_used(model, used, nused);
}

static void serve_message(const struct bower_pager_msg *f, bool hold)
{
	struct served sv;
	bool found = f->kind != BOWER_PAGER_MSG_FAULT && find_served(f->file_id, &sv);
	struct file_model *model = found ? *sv.model : NULL;
	if (f->kind == BOWER_PAGER_MSG_FAULT)
		serve_fault(f, hold);
	else if (model && f->kind == BOWER_PAGER_MSG_NEWS)
		serve_news(model, f);
	else if (model && f->kind == BOWER_PAGER_MSG_UNMAPPED)
		predict_run_end(model, f->faults);
	else if (found && sv.node && f->kind == BOWER_PAGER_MSG_UNUSED)
		tmpfs_unused(sv.node); /* a removed file may go now */
	else if (found && f->kind == BOWER_PAGER_MSG_UNUSED)
		diskfs_unused(f->file_id); /* what its mappings wrote goes to the disk */
}

static unsigned long tail;

/* Serve what the ring holds. may_hold: the pager thread, which waits next,
 * may hold the answer to the last message (if it is a fault) for
 * pager_map_wait. */
static void drain(bool may_hold)
{
	unsigned long head = __atomic_load_n(&ring.ring.head, __ATOMIC_ACQUIRE);
	for (; tail < head; tail++) {
		struct bower_pager_msg f = ring.entries[tail % SLOTS];
		__atomic_store_n(&ring.ring.tail, tail + 1, __ATOMIC_RELEASE);
		serve_message(&f, may_hold && tail + 1 == head);
	}
}

void filepager_drain(void)
{
	drain(false);
}

static void pager_loop(uintptr_t unused)
{
	(void)unused;
	/* Pinned (pager_cpu=N), it answers faults and learns on a CPU of its
	 * own while its clients compute on the others. Not by default: a
	 * fault then always waits for an IPI to wake that CPU, where the
	 * unpinned pager runs at once on the CPU its client leaves
	 * (docs/smp.md). */
	if (pin_cpu >= 0 && bower_thread_pin(pin_cpu) < 0)
		printf("fs: no CPU %d to pin the pager to\n", pin_cpu);
	/* The lock is held except while waiting: one taking a turn. */
	fs_lock();
	for (;;) {
		/* With something left to learn, wait only while the CPU is
		 * wanted by others: learning is for time nobody else uses. */
		int how = predict_has_learning() ? BOWER_WAIT_OR_IDLE : BOWER_WAIT_BLOCK;
		bool send = holding; /* only this thread holds an answer */
		long waited, r = 0;
		fs_unlock();
		if (send)
			r = bower_pager_map_wait((int)pager_cap, held.token, held.e, held.count,
						 held.prot, (int)notify, how, &waited);
		else
			waited = bower_notify_wait((int)notify, how);
		fs_lock();
		if (send) {
			holding = false;
			answer_sent(&held, r);
		}
		if (waited == -BOWER_EAGAIN)
			predict_learn_some();
		else if (waited != 1) /* 1: the map failed, nothing was waited for */
			drain(true);
	}
}

int filepager_start(int cpu)
{
	pin_cpu = cpu;
	notify = bower_notify_create();
	ring.ring.slots = SLOTS;
	pager_cap = bower_pager_register((int)notify, (uintptr_t)&ring, SLOTS);
	if (notify < 0 || pager_cap < 0)
		return -1;
	return bower_thread_create((uintptr_t)pager_loop, 0, (uintptr_t)stack + STACK) < 0 ? -1 : 0;
}

static ssize_t read_node(void *node, uint64_t off, void *buf, size_t len)
{
	return tmpfs_read(node, off, buf, len);
}

long filepager_object_for(struct tnode *n, size_t len, int writable, int llm)
{
	char path[FS_PATH_MAX];
	tmpfs_path(n, path, sizeof(path));
	struct predict_file pf = {&n->model, n->name, path, PROFSTORE_MEMORY, read_node, n};
	if (llm && predict_run_begin(&pf, (len + TMPFS_PAGE - 1) / TMPFS_PAGE) < 0)
		return -ENOMEM;
	long cap = filepager_share(&n->pmo, &n->pmo_pages, len, n->ino, writable);
	if (cap >= 0)
		n->mapped = 1; /* until the kernel says the last mapping went */
	return cap;
}

long filepager_share(int *pmo, size_t *pmo_pages, size_t len, uint64_t file_id, int writable)
{
	size_t pages = (len + TMPFS_PAGE - 1) / TMPFS_PAGE;
	if (*pmo < 0 || *pmo_pages < pages) {
		long made = bower_pmo_create_file((int)pager_cap, pages, file_id);
		if (made < 0)
			return made;
		if (*pmo >= 0)
			bower_cap_delete(*pmo); /* older mappings keep theirs */
		*pmo = (int)made;
		*pmo_pages = pages;
	}
	unsigned rights = BOWER_RIGHT_READ | BOWER_RIGHT_GRANT | (writable ? BOWER_RIGHT_WRITE : 0);
	return bower_cap_copy(*pmo, rights);
}

void filepager_take_back(int pmo, size_t first, size_t count)
{
	bower_pager_invalidate((int)pager_cap, pmo, first, count);
}

void tmpfs_node_leaving(struct tnode *n)
{
	predict_forget(&n->model);
}

void tmpfs_pages_leaving(struct tnode *n, size_t first)
{
	if (n->pmo < 0)
		return;
	filepager_take_back(n->pmo, first, SIZE_MAX);
	if (first == 0) {
		bower_cap_delete(n->pmo);
		n->pmo = -1;
	}
}
