/*
 * disk.c - the file server's connections to the block driver (disk.h).
 *
 * The driver's port is in the slot init gave it; the connections last as
 * long as the server, and closing them (or the server ending) lets go of
 * the DMA memory the cache lent. The device writes that memory itself;
 * nothing here copies data.
 *
 * A reader is a thread with a connection of its own, to which every DMA
 * buffer is lent too (the driver numbers buffers per connection, so each
 * reader keeps its own numbers for the main connection's). A batch is
 * handed to all readers at once; each takes the next read until none is
 * left, and the last to find none wakes the caller, who meanwhile waits.
 */
#include <errno.h>
#include <stdatomic.h>
#include <bower/blk.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "disk.h"

#define MAX_ATTACHED 64 /* DMA chunks the cache lends: CACHE_MAX_PAGES / BOWER_DMA_MAX_PAGES */
#define READER_STACK (8 * 1024)

static struct blk_client conn = {.conn = -1};
static void start_readers(int slot);

struct reader {
	struct blk_client conn;
	long go; /* a notification: a batch is there */
	/* The buffers lent to it: for each, the main connection's number and
	 * its own (the driver numbers buffers across all connections). */
	struct {
		unsigned main, mine;
	} lent[MAX_ATTACHED];
	int nlent;
	_Alignas(16) char stack[READER_STACK];
};

static struct reader readers[DISK_READERS];
static int nreaders;
static struct {
	struct disk_read *reads;
	size_t n;
	atomic_size_t next;
	atomic_int busy; /* readers still at it */
	long done;	 /* a notification: the batch is done */
} batch;

int disk_open(int slot, uint64_t *bytes, int *read_only)
{
	long id = bower_cap_identify(slot); /* the object's type, then its rights */
	if (id < 0 || id >> 16 != BOWER_CAP_PORT || !(id & BOWER_RIGHT_CONNECT))
		return -ENODEV; /* no disk, or its driver could not start */
	long err = blk_connect(&conn, slot);
	if (err < 0)
		return (int)err;
	struct blk_info info;
	err = blk_info(&conn, &info);
	if (err < 0) {
		disk_close();
		return (int)err;
	}
	*bytes = info.sectors * BLK_SECTOR;
	*read_only = !!(info.flags & BLK_INFO_READ_ONLY);
	start_readers(slot);
	return 0;
}

void disk_close(void)
{
	if (conn.conn >= 0)
		blk_disconnect(&conn);
}

long disk_attach(int dma)
{
	long id = blk_attach(&conn, dma);
	for (int i = 0; id >= 0 && i < nreaders; i++) {
		struct reader *r = &readers[i];
		long rid = r->nlent < MAX_ATTACHED ? blk_attach(&r->conn, dma) : -EMFILE;
		if (rid < 0) {
			nreaders = i; /* the readers from this one on are not used */
			break;
		}
		r->lent[r->nlent].main = (unsigned)id;
		r->lent[r->nlent++].mine = (unsigned)rid;
	}
	return id;
}

static int transfer_on(struct blk_client *c, int writing, unsigned buffer, uint64_t offset,
		       uint64_t off, uint64_t len)
{
	if (off % BLK_SECTOR || len % BLK_SECTOR || len == 0)
		return -EINVAL;
	uint64_t sector = off / BLK_SECTOR, count = len / BLK_SECTOR;
	long done = writing ? blk_write(c, buffer, offset, sector, count)
			    : blk_read(c, buffer, offset, sector, count);
	return done < 0 ? (int)done : 0;
}

int disk_read(unsigned buffer, uint64_t offset, uint64_t off, uint64_t len)
{
	return transfer_on(&conn, 0, buffer, offset, off, len);
}

int disk_write(unsigned buffer, uint64_t offset, uint64_t off, uint64_t len)
{
	return transfer_on(&conn, 1, buffer, offset, off, len);
}

static void reader_loop(uintptr_t arg)
{
	struct reader *r = &readers[arg];
	for (;;) {
		bower_notify_wait((int)r->go, BOWER_WAIT_BLOCK);
		size_t i;
		while ((i = atomic_fetch_add(&batch.next, 1)) < batch.n) {
			struct disk_read *d = &batch.reads[i];
			int k = 0;
			while (k < r->nlent && r->lent[k].main != d->buffer)
				k++;
			d->result = k < r->nlent ? transfer_on(&r->conn, 0, r->lent[k].mine, d->offset,
							       d->off, d->len)
						 : -EBADF;
		}
		if (atomic_fetch_sub(&batch.busy, 1) == 1)
			bower_notify_signal((int)batch.done);
	}
}

/* Readers that cannot be made are not used: a batch is read one request
 * after another instead. */
static void start_readers(int slot)
{
	batch.done = bower_notify_create();
	for (nreaders = 0; batch.done >= 0 && nreaders < DISK_READERS; nreaders++) {
		struct reader *r = &readers[nreaders];
		r->go = bower_notify_create();
		if (r->go < 0 || blk_connect(&r->conn, slot) < 0)
			break;
		if (bower_thread_create((uintptr_t)reader_loop, (uintptr_t)nreaders,
					(uintptr_t)r->stack + READER_STACK) < 0) {
			blk_disconnect(&r->conn);
			break;
		}
	}
}

void disk_read_all(struct disk_read *reads, size_t n)
{
	if (nreaders == 0 || n < 2) {
		for (size_t i = 0; i < n; i++)
			reads[i].result = disk_read(reads[i].buffer, reads[i].offset, reads[i].off,
						    reads[i].len);
		return;
	}
	batch.reads = reads;
	batch.n = n;
	atomic_store(&batch.next, 0);
	int helpers = nreaders < (int)n ? nreaders : (int)n;
	atomic_store(&batch.busy, helpers);
	for (int i = 0; i < helpers; i++)
		bower_notify_signal((int)readers[i].go);
	bower_notify_wait((int)batch.done, BOWER_WAIT_BLOCK);
}

int disk_flush(void)
{
	long err = blk_flush(&conn);
	return err < 0 ? (int)err : 0;
}
