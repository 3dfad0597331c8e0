/*
 * disk.h - the file server's connections to the block driver
 * (<bower/blk.h>): one used under fs_lock, a request at a time, and one
 * for each of DISK_READERS threads, which carry out a batch of reads at
 * once (disk_read_all): the driver keeps several requests with the device
 * when several calls come, each on a connection of its own. Functions
 * return >= 0 or -errno.
 */
#ifndef DISK_H
#define DISK_H

#include <stdint.h>

/* Connect to the driver whose port is in slot: the disk's size in bytes
 * and whether it is read-only. -ENODEV if there is no driver there. */
int disk_open(int slot, uint64_t *bytes, int *read_only);
void disk_close(void);
/* Lend the driver the DMA memory in slot dma: its buffer number. */
long disk_attach(int dma);
/* len bytes (whole sectors) from byte off of the disk into buffer at
 * offset. */
int disk_read(unsigned buffer, uint64_t offset, uint64_t off, uint64_t len);
/* The same the other way: from buffer at offset to the disk. */
int disk_write(unsigned buffer, uint64_t offset, uint64_t off, uint64_t len);
/* Every write done so far is on the disk, not in its write cache. */
int disk_flush(void);

#define DISK_READERS 4 /* reads of a batch with the device at once (the driver keeps 8) */

/* One read of a batch: len bytes (whole sectors) from byte off of the
 * disk into buffer (disk_attach's number) at offset; its result, 0 or
 * -errno, once disk_read_all returns. */
struct disk_read {
	unsigned buffer;
	uint64_t offset, off, len;
	int result;
};
/* Carry out the n reads, DISK_READERS at a time (one after another if the
 * readers could not be made), and return once all are done. */
void disk_read_all(struct disk_read *reads, size_t n);

#endif
