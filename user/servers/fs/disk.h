/*
 * disk.h - the file server's connection to the block driver
 * (<bower/blk.h>): one connection, used under fs_lock, so one request at
 * a time. Functions return >= 0 or -errno.
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

#endif
