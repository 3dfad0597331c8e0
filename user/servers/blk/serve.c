/*
 * serve.c - the block driver's workers: the protocol of
 * <bower/blk_proto.h>, one call at a time per worker.
 *
 * Every request is checked whole before the device sees it (its op, its
 * alignment, its buffer, the rights the client gave on that memory, both
 * ranges), so a bad one is answered with an error at once and only good
 * ones reach the device; what the device says of those (an I/O error) is
 * the answer too. Nothing a client sends can make a worker wait for
 * anything but its own request.
 *
 * A client's buffers are the DMA memory objects it attached: the driver
 * keeps the capability (so the pages cannot go while the device may use
 * them) and the physical address, and never maps them: the device reads
 * and writes the client's memory itself. A buffer a request is using is
 * let go only when that request is back, whatever the client does
 * meanwhile (detach it, close its connection, die).
 *
 * The table of buffers is a lazily mapped array (it costs the pages its
 * entries touch); a buffer's number is its index, looked up with the
 * badge of the connection that attached it, so no client can name
 * another's.
 */
#include <errno.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/blk_proto.h>
#include <bower/syscall_nr.h>
#include "blk.h"

#define MAX_BUFFERS (64 * 1024)
#define STACK_BYTES (16 * 1024)

struct buffer {
	bool used;
	bool closing;	     /* detached: let go once busy is 0 */
	unsigned busy;	     /* requests of it with the device */
	unsigned long badge; /* the connection that attached it */
	int cap;	     /* the driver's capability to the memory */
	unsigned rights;     /* the client's rights on it */
	uint64_t phys, size;
};

static struct buffer *table; /* MAX_BUFFERS entries, lazily mapped */
static unsigned table_end;   /* no entry in use at or past this one */
static int port;
static uint64_t tls; /* main's thread pointer, shared (see worker) */
static char stacks[MAX_WORKERS][STACK_BYTES] __attribute__((aligned(16)));
static struct blk_request requests[MAX_WORKERS];

/* Under dev.lock. */
static void release(struct buffer *b)
{
	bower_cap_delete(b->cap);
	*b = (struct buffer){0};
	while (table_end && !table[table_end - 1].used)
		table_end--;
}

static long attach(unsigned long badge, int cap)
{
	struct bower_dev_info info;
	if (cap == BOWER_NO_CAP)
		return -EINVAL;
	long id = bower_cap_identify(cap);
	if (bower_dev_info(cap, &info) < 0 || info.kind != BOWER_DEV_DMA || id < 0) {
		bower_cap_delete(cap);
		return -EINVAL;
	}
	lock(&dev.lock);
	unsigned i = 0;
	while (i < table_end && table[i].used)
		i++;
	if (i == MAX_BUFFERS) {
		unlock(&dev.lock);
		bower_cap_delete(cap);
		return -EMFILE;
	}
	table[i] = (struct buffer){.used = true,
				   .badge = badge,
				   .cap = cap,
				   .rights = (unsigned)id & 0xffff,
				   .phys = info.phys,
				   .size = info.size};
	if (i == table_end)
		table_end++;
	unlock(&dev.lock);
	return i;
}

/* Under dev.lock: a buffer of this connection that may be used, or NULL. */
static struct buffer *lookup(unsigned long badge, uint32_t n)
{
	if (n >= table_end || !table[n].used || table[n].closing || table[n].badge != badge)
		return NULL;
	return &table[n];
}

static void done_with(struct buffer *b)
{
	lock(&dev.lock);
	if (--b->busy == 0 && b->closing)
		release(b);
	unlock(&dev.lock);
}

static void detach_all(unsigned long badge, bool all, uint32_t n, long *ret)
{
	lock(&dev.lock);
	for (unsigned i = 0; i < table_end; i++) {
		struct buffer *b = &table[i];
		if (!b->used || b->badge != badge || b->closing || (!all && i != n))
			continue;
		b->closing = true;
		if (ret)
			*ret = 0;
		if (b->busy == 0)
			release(b);
	}
	unlock(&dev.lock);
}

static long status_to_error(int status, long done)
{
	if (status == VIRTIO_BLK_S_OK)
		return done;
	return status == VIRTIO_BLK_S_UNSUPP ? -ENOTSUP : -EIO;
}

/* Under dev.lock: why the client may not have this transfer, or 0. */
static long refuse(const struct buffer *b, const struct blk_request *rq, bool reading)
{
	unsigned need = reading ? BOWER_RIGHT_WRITE : BOWER_RIGHT_READ;
	if (!b)
		return -EBADF;
	if ((b->rights & need) != need)
		return -EACCES; /* the device writes what is read, reads what is written */
	if (rq->offset > b->size || rq->count > (b->size - rq->offset) / BLK_SECTOR)
		return -EINVAL;
	if (rq->sector >= dev.sectors || rq->count > dev.sectors - rq->sector)
		return -ERANGE;
	if (!reading && dev.read_only)
		return -EROFS;
	return 0;
}

static long transfer(unsigned w, unsigned long badge, const struct blk_request *rq)
{
	bool reading = rq->op == BLK_READ;
	if (rq->count == 0 || rq->offset % BLK_SECTOR)
		return -EINVAL;
	lock(&dev.lock);
	struct buffer *b = lookup(badge, rq->buffer);
	long err = refuse(b, rq, reading);
	if (!err)
		b->busy++;
	unlock(&dev.lock);
	if (err)
		return err;
	uint32_t type = reading ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT;
	uint32_t len = (uint32_t)(rq->count * BLK_SECTOR);
	int status = device_request(&dev, w, type, rq->sector, b->phys + rq->offset, len);
	done_with(b);
	return status_to_error(status, (long)rq->count);
}

static long info_reply(struct blk_info *out)
{
	lock(&dev.lock);
	*out = (struct blk_info){.sectors = dev.sectors,
				 .flags = (dev.read_only ? BLK_INFO_READ_ONLY : 0) |
					  (dev.can_flush ? BLK_INFO_FLUSH : 0),
				 .max_in_flight = dev.workers,
				 .most_in_flight = dev.most_in_flight,
				 .requests = dev.requests};
	unlock(&dev.lock);
	return 0;
}

/* One call: its answer, and in *reply_len the bytes of reply data. */
static long handle(unsigned w, const struct bower_ipc_recv *info, struct blk_info *data,
		   size_t *reply_len)
{
	const struct blk_request *rq = &requests[w];
	*reply_len = 0;
	if (info->cap != BOWER_NO_CAP && (info->len < sizeof(*rq) || rq->op != BLK_ATTACH)) {
		bower_cap_delete(info->cap); /* a capability with nothing to do with it */
		return -EINVAL;
	}
	if (info->len < sizeof(*rq))
		return -EINVAL;
	switch (rq->op) {
	case BLK_INFO:
		*reply_len = sizeof(*data);
		return info_reply(data);
	case BLK_ATTACH:
		return attach(info->badge, info->cap);
	case BLK_DETACH: {
		long ret = -EBADF;
		detach_all(info->badge, false, rq->buffer, &ret);
		return ret;
	}
	case BLK_READ:
	case BLK_WRITE:
		return transfer(w, info->badge, rq);
	case BLK_FLUSH:
		if (!dev.can_flush) /* no write cache: every write is on the disk */
			return 0;
		return status_to_error(device_request(&dev, w, VIRTIO_BLK_T_FLUSH, 0, 0, 0), 0);
	default:
		return -EINVAL;
	}
}

/* A worker thread: receive, carry out, answer, in one call a turn. It
 * shares main's thread pointer (the C library's per-thread data: errno),
 * which nothing it calls uses for more than a moment. */
static void worker(uintptr_t w)
{
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(tls));
	struct blk_info data;
	struct bower_ipc_reply_recv m = {.reply = &data,
					 .reply_cap = BOWER_NO_CAP,
					 .buf = &requests[w],
					 .buflen = sizeof(requests[w])};
	for (;;) {
		if (bower_ipc_reply_recv(port, &m) < 0) {
			m.ret = -EIO; /* a reply the kernel refused: answer plainly */
			m.reply_len = 0;
			continue;
		}
		if (m.info.flags & BOWER_IPC_CLOSED) {
			detach_all(m.info.badge, true, 0, NULL);
			m.ret = 0;
			m.reply_len = 0;
			continue;
		}
		size_t len;
		m.ret = handle((unsigned)w, &m.info, &data, &len);
		m.reply_len = len;
	}
}

long serve_start(int p)
{
	port = p;
	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tls));
	long va = bower_vm_map(0, MAX_BUFFERS * sizeof(struct buffer),
			       BOWER_PROT_READ | BOWER_PROT_WRITE, 0);
	if (va < 0)
		return va;
	table = (struct buffer *)va;
	unsigned started = 0;
	for (unsigned w = 0; w < dev.workers; w++) {
		uintptr_t top = (uintptr_t)stacks[w] + STACK_BYTES;
		started += bower_thread_create((uintptr_t)worker, w, top) >= 0;
	}
	return started ? 0 : -ENOMEM;
}
