/*
 * blk.h - what the parts of the block driver share: the device, its one
 * virtqueue, and the lock the threads take around what they share.
 *
 * Threads: main sets the device up, then waits for its interrupts and
 * hands each finished request back to the thread that made it (device.c);
 * workers each receive one call at a time on the port and carry it out
 * (serve.c). A worker owns a fixed set of descriptors and its own request
 * header, so workers never contend for descriptors; the available ring,
 * the counters and the table of client buffers are taken under `lock`.
 */
#ifndef BLK_H
#define BLK_H

#include <stdbool.h>
#include <stdint.h>
#include <bower/virtio.h>
#include <bower/syscall_nr.h>

/* The capabilities the driver is started with. */
#define PARENT_SLOT 0 /* who started it: told the driver's port once */
#define REGS_SLOT   1 /* the device's registers */
#define IRQ_SLOT    2 /* its interrupt */

#define MAX_WORKERS	 8
#define DESC_PER_REQUEST 3 /* header, data, status */
#define QUEUE_SIZE_MAX	 64

/* A worker's request header and status byte, in the driver's DMA memory. */
struct request_slot {
	struct virtio_blk_req hdr;
	volatile uint8_t status;
	uint8_t pad[15];
};

struct blk_dev {
	volatile uint32_t *regs;
	uint64_t sectors;
	bool read_only, can_flush;
	unsigned qsize, workers;
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	volatile struct virtq_used *used;
	uint16_t last_used;	    /* used ring entries taken (main only) */
	struct request_slot *slots; /* one per worker */
	uint64_t slots_phys;
	int irq_note;			    /* signalled when the interrupt comes */
	int done[MAX_WORKERS];		    /* signalled when a worker's request is done */
	unsigned in_flight, most_in_flight; /* under lock */
	uint64_t requests;		    /* under lock */
	int lock;
};

extern struct blk_dev dev;

/* A lock for moments: the holder is only ever preempted, never blocked,
 * inside it, so a thread that finds it taken lets the others run. */
static inline void lock(int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
		bower_yield();
}
static inline void unlock(int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

/* device.c: reset the device, agree on features, set the queue up in DMA
 * memory and take the interrupt: 0, or a message saying what failed. */
const char *device_start(struct blk_dev *d);
/* Give one request to the device from worker w and wait for it: type
 * (VIRTIO_BLK_T_*), the sector, the data's physical address and length (0
 * for a flush). The device's status byte (VIRTIO_BLK_S_*). */
int device_request(struct blk_dev *d, unsigned w, uint32_t type, uint64_t sector,
		   uint64_t data_phys, uint32_t len);
/* Take the device's interrupts for ever, waking the workers whose
 * requests are done. */
void device_interrupts(struct blk_dev *d) __attribute__((noreturn));

/* serve.c: start the workers on port (each on its own thread). 0, or a
 * negative error if none could start. */
long serve_start(int port);

#endif
