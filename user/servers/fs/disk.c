/*
 * disk.c - the file server's connection to the block driver (disk.h).
 *
 * The driver's port is in the slot init gave it; the connection lasts as
 * long as the server, and closing it (or the server ending) lets go of
 * the DMA memory the cache lent. The device writes that memory itself;
 * nothing here copies data.
 */
#include <errno.h>
#include <bower/blk.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "disk.h"

static struct blk_client conn = {.conn = -1};

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
	return 0;
}

void disk_close(void)
{
	if (conn.conn >= 0)
		blk_disconnect(&conn);
}

long disk_attach(int dma)
{
	return blk_attach(&conn, dma);
}

static int transfer(int writing, unsigned buffer, uint64_t offset, uint64_t off, uint64_t len)
{
	if (off % BLK_SECTOR || len % BLK_SECTOR || len == 0)
		return -EINVAL;
	uint64_t sector = off / BLK_SECTOR, count = len / BLK_SECTOR;
	long done = writing ? blk_write(&conn, buffer, offset, sector, count)
			    : blk_read(&conn, buffer, offset, sector, count);
	return done < 0 ? (int)done : 0;
}

int disk_read(unsigned buffer, uint64_t offset, uint64_t off, uint64_t len)
{
	return transfer(0, buffer, offset, off, len);
}

int disk_write(unsigned buffer, uint64_t offset, uint64_t off, uint64_t len)
{
	return transfer(1, buffer, offset, off, len);
}

int disk_flush(void)
{
	long err = blk_flush(&conn);
	return err < 0 ? (int)err : 0;
}
