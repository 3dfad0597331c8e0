/*
 * device.c - one virtio block device over the modern virtio-mmio
 * transport, driven through one split virtqueue (virtio 1.1, 3.1 and 2.6).
 *
 * Start-up follows the specification's order: reset, ACKNOWLEDGE, DRIVER,
 * features (VERSION_1 is required: this is the modern transport; the
 * device's read-only and flush features are taken when offered, nothing
 * else), FEATURES_OK read back, the queue's three parts placed in DMA
 * memory and enabled, DRIVER_OK. The reset also clears whatever a driver
 * before this one left, a pending interrupt among them.
 *
 * A request is three descriptors owned by the worker that makes it (its
 * number times three): the header in the driver's memory, the data in the
 * client's, the status byte in the driver's. The worker puts its first
 * descriptor in the available ring under the lock, tells the device and
 * sleeps on its own notification. main takes the interrupt, reads the used
 * ring and wakes each worker whose request came back: as many requests are
 * with the device as workers are busy.
 */
#include <stddef.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "blk.h"

/* Ordering: the CPU's writes to memory the device reads are complete
 * before the register write that tells it (dsb), and one ring entry is
 * written before the index that publishes it (dmb). */
static inline void wmb_device(void)
{
	__asm__ volatile("dsb st" ::: "memory");
}
static inline void barrier_mem(void)
{
	__asm__ volatile("dmb ish" ::: "memory");
}

static uint32_t reg(struct blk_dev *d, unsigned off)
{
	return d->regs[off / 4];
}

static void set_reg(struct blk_dev *d, unsigned off, uint32_t v)
{
	d->regs[off / 4] = v;
}

static void set_reg64(struct blk_dev *d, unsigned off, uint64_t v)
{
	set_reg(d, off, (uint32_t)v);
	set_reg(d, off + 4, (uint32_t)(v >> 32));
}

static void add_status(struct blk_dev *d, uint32_t bits)
{
	set_reg(d, VIRTIO_MMIO_STATUS, reg(d, VIRTIO_MMIO_STATUS) | bits);
}

static uint64_t device_features(struct blk_dev *d)
{
	set_reg(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t high = reg(d, VIRTIO_MMIO_DEVICE_FEATURES);
	set_reg(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return high << 32 | reg(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

static const char *negotiate(struct blk_dev *d)
{
	uint64_t offered = device_features(d);
	if (!(offered & (1ULL << VIRTIO_F_VERSION_1)))
		return "the device is not a virtio 1 device (QEMU: -global "
		       "virtio-mmio.force-legacy=false)";
	uint64_t take = (1ULL << VIRTIO_F_VERSION_1) |
			(offered & (1ULL << VIRTIO_BLK_F_RO | 1ULL << VIRTIO_BLK_F_FLUSH));
	set_reg(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	set_reg(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(take >> 32));
	set_reg(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	set_reg(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)take);
	add_status(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(reg(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return "the device refused the features";
	d->read_only = take & (1ULL << VIRTIO_BLK_F_RO);
	d->can_flush = take & (1ULL << VIRTIO_BLK_F_FLUSH);
	return NULL;
}

/* The driver's DMA memory: page 0 holds the descriptors (at 0), the
 * available ring (at 1024) and the used ring (at 2048), which fit for up
 * to QUEUE_SIZE_MAX entries; page 1 the workers' request slots. */
#define AVAIL_AT  1024
#define USED_AT	  2048
#define DMA_PAGES 2

static const char *queue_setup(struct blk_dev *d)
{
	set_reg(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	if (reg(d, VIRTIO_MMIO_QUEUE_READY))
		return "queue 0 is already in use";
	unsigned max = reg(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	unsigned q = QUEUE_SIZE_MAX;
	while (q > max)
		q /= 2; /* a split ring's size is a power of two */
	if (q < DESC_PER_REQUEST)
		return "the device's queue is too small";
	long mem = bower_dma_create(DMA_PAGES);
	struct bower_dev_info info;
	if (mem < 0 || bower_dev_info((int)mem, &info) < 0)
		return "no DMA memory for the queue";
	long va = bower_vm_map_pmo((int)mem, 0, DMA_PAGES * 4096,
				   BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	if (va < 0)
		return "cannot map the queue's memory";
	char *base = (char *)va;
	d->qsize = q;
	d->workers = q / DESC_PER_REQUEST < MAX_WORKERS ? q / DESC_PER_REQUEST : MAX_WORKERS;
	d->desc = (struct virtq_desc *)base;
	d->avail = (struct virtq_avail *)(base + AVAIL_AT);
	d->used = (volatile struct virtq_used *)(base + USED_AT);
	d->slots = (struct request_slot *)(base + 4096);
	d->slots_phys = info.phys + 4096;
	set_reg(d, VIRTIO_MMIO_QUEUE_NUM, q);
	set_reg64(d, VIRTIO_MMIO_QUEUE_DESC, info.phys);
	set_reg64(d, VIRTIO_MMIO_QUEUE_DRIVER, info.phys + AVAIL_AT);
	set_reg64(d, VIRTIO_MMIO_QUEUE_DEVICE, info.phys + USED_AT);
	set_reg(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return NULL;
}

const char *device_start(struct blk_dev *d)
{
	struct bower_dev_info info;
	if (bower_dev_info(REGS_SLOT, &info) < 0 || info.kind != BOWER_DEV_MMIO)
		return "no device registers in slot 1";
	long va = bower_vm_map_pmo(REGS_SLOT, 0, 4096, BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	if (va < 0)
		return "cannot map the device's registers";
	d->regs = (volatile uint32_t *)(va + (long)info.offset);
	if (reg(d, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE ||
	    reg(d, VIRTIO_MMIO_VERSION) != 2 || reg(d, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
		return "not a modern virtio-mmio block device";
	set_reg(d, VIRTIO_MMIO_STATUS, 0); /* reset */
	while (reg(d, VIRTIO_MMIO_STATUS) != 0)
		bower_yield();
	add_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	const char *why = negotiate(d);
	if (!why)
		why = queue_setup(d);
	if (why) {
		add_status(d, VIRTIO_STATUS_FAILED);
		return why;
	}
	d->sectors = (uint64_t)reg(d, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CONFIG_CAPACITY + 4) << 32 |
		     reg(d, VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CONFIG_CAPACITY);
	for (unsigned w = 0; w < d->workers; w++)
		if ((d->done[w] = (int)bower_notify_create()) < 0)
			return "no notifications";
	d->irq_note = (int)bower_notify_create();
	if (d->irq_note < 0 || bower_irq_bind(IRQ_SLOT, d->irq_note) < 0)
		return "cannot take the device's interrupt";
	add_status(d, VIRTIO_STATUS_DRIVER_OK);
	return NULL;
}

int device_request(struct blk_dev *d, unsigned w, uint32_t type, uint64_t sector,
		   uint64_t data_phys, uint32_t len)
{
	struct request_slot *s = &d->slots[w];
	uint64_t slot_phys = d->slots_phys + w * sizeof(*s);
	unsigned first = w * DESC_PER_REQUEST;
	struct virtq_desc *desc = &d->desc[first];
	s->hdr = (struct virtio_blk_req){.type = type, .sector = sector};
	s->status = 0xff;
	desc[0] = (struct virtq_desc){slot_phys, sizeof(s->hdr), VIRTQ_DESC_F_NEXT,
				      (uint16_t)(first + 1)};
	desc[1] = (struct virtq_desc){
	    data_phys, len, VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0),
	    (uint16_t)(first + 2)};
	desc[2] = (struct virtq_desc){slot_phys + offsetof(struct request_slot, status), 1,
				      VIRTQ_DESC_F_WRITE, 0};
	if (len == 0) /* a flush has no data */
		desc[0].next = (uint16_t)(first + 2);
	lock(&d->lock);
	d->avail->ring[d->avail->idx % d->qsize] = (uint16_t)first;
	barrier_mem();
	d->avail->idx++;
	if (++d->in_flight > d->most_in_flight)
		d->most_in_flight = d->in_flight;
	unlock(&d->lock);
	wmb_device();
	set_reg(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	bower_notify_wait(d->done[w], 1);
	barrier_mem();
	return s->status;
}

void device_interrupts(struct blk_dev *d)
{
	for (;;) {
		bower_notify_wait(d->irq_note, 1);
		/* Lower the device's interrupt, then let the line interrupt
		 * again; a request done after the ring is read below raises
		 * it anew, so none is missed. */
		set_reg(d, VIRTIO_MMIO_INTERRUPT_ACK, reg(d, VIRTIO_MMIO_INTERRUPT_STATUS));
		bower_irq_ack(IRQ_SLOT);
		for (;;) {
			uint16_t idx = __atomic_load_n(&d->used->idx, __ATOMIC_ACQUIRE);
			if (idx == d->last_used)
				break;
			uint32_t id = d->used->ring[d->last_used % d->qsize].id;
			d->last_used++;
			unsigned w = id / DESC_PER_REQUEST;
			if (w >= d->workers || id % DESC_PER_REQUEST)
				continue; /* no request of ours: a broken device */
			lock(&d->lock);
			d->in_flight--;
			d->requests++;
			unlock(&d->lock);
			bower_notify_signal(d->done[w]);
		}
	}
}
