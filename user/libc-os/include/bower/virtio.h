/*
 * virtio.h - what the virtio 1.1 specification fixes for a virtio-mmio
 * transport, a split virtqueue and a block device: register offsets, bits
 * and the layouts a device reads and writes in memory (all little-endian,
 * as the CPU is). init reads the first registers to learn what a
 * transport holds; the block driver (user/servers/blk/) drives one.
 */
#ifndef BOWER_VIRTIO_H
#define BOWER_VIRTIO_H

#include <stdint.h>

/* virtio-mmio registers (spec 4.2.2), byte offsets, 32-bit accesses. */
#define VIRTIO_MMIO_MAGIC		0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION		0x004 /* 2: the modern transport */
#define VIRTIO_MMIO_DEVICE_ID		0x008 /* 0: no device behind this transport */
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC		0x080 /* low word; high word at + 4 */
#define VIRTIO_MMIO_QUEUE_DRIVER	0x090 /* the available ring */
#define VIRTIO_MMIO_QUEUE_DEVICE	0x0a0 /* the used ring */
#define VIRTIO_MMIO_CONFIG		0x100 /* the device's own configuration */

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976
#define VIRTIO_ID_BLOCK		2

/* Device status bits (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER	  2
#define VIRTIO_STATUS_DRIVER_OK	  4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_FAILED	  128

/* Feature bits: the transport's (spec 6) and the block device's (5.2.3). */
#define VIRTIO_F_VERSION_1    32
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_RING 1
#define VIRTIO_INT_CONFIG    2

/* A split virtqueue (spec 2.6): descriptors, the ring the driver fills
 * (available) and the ring the device fills (used). */
struct virtq_desc {
	uint64_t addr; /* physical */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2 /* the device writes this buffer */

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id; /* the head descriptor of the request done */
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

/* A block request (spec 5.2.6): this header, the data, a status byte. */
struct virtio_blk_req {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector; /* in units of 512 bytes, whatever the block size */
};
#define VIRTIO_BLK_T_IN	   0 /* read */
#define VIRTIO_BLK_T_OUT   1 /* write */
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

/* The block device's configuration: its first word is the capacity. */
#define VIRTIO_BLK_CONFIG_CAPACITY 0x00 /* 64 bits, in 512-byte sectors */

#endif
