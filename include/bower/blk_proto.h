/*
 * blk_proto.h - the block driver's IPC protocol (user/servers/blk/,
 * docs/devices.md).
 *
 * A client connects to the driver's port, attaches DMA memory of its own
 * (BLK_ATTACH with the memory object's capability in the call), and then
 * asks for sectors to be read into it or written from it. The device reads
 * and writes that memory itself, at the physical address the driver learns
 * from the capability: no byte of the data goes through a message or
 * through the driver. A request is a struct blk_request at the start of
 * the connection's buffer; the reply's value is the result (>= 0) or
 * -errno, and BLK_INFO's reply is a struct blk_info in the buffer.
 *
 * Each call is one request and waits for it. The driver keeps several in
 * flight at once, from several calls: a client that wants that makes its
 * calls from several threads, each on a connection of its own (a
 * connection carries one call at a time, and its attachments are its
 * own). A connection's buffers are let go when it closes, once no request
 * of it is still with the device.
 */
#ifndef BOWER_BLK_PROTO_H
#define BOWER_BLK_PROTO_H

#include <stdint.h>

/* init gives programs the block driver's port here when a disk is
 * attached (slot 0 is the file server's). */
#define BLK_PORT_SLOT 1

#define BLK_SECTOR 512

enum blk_op {
	BLK_INFO = 1, /* -> 0 and a struct blk_info */
	BLK_ATTACH,   /* the call's capability: DMA memory -> its buffer number */
	BLK_DETACH,   /* buffer: let it go (when no request of it is in flight) */
	BLK_READ,     /* buffer, offset, sector, count -> count; the memory must be writable */
	BLK_WRITE,    /* buffer, offset, sector, count -> count; the memory must be readable */
	BLK_FLUSH,    /* -> 0 once every write done before it is on the disk */
};

struct blk_request {
	uint32_t op;
	uint32_t buffer; /* READ, WRITE, DETACH: what BLK_ATTACH answered */
	uint64_t sector; /* READ, WRITE: the first sector */
	uint64_t count;	 /* READ, WRITE: sectors, at least one */
	uint64_t offset; /* READ, WRITE: bytes into the buffer, a multiple of BLK_SECTOR */
};

struct blk_info {
	uint64_t sectors;	 /* the disk's size, in sectors of BLK_SECTOR bytes */
	uint32_t flags;		 /* BLK_INFO_* */
	uint32_t max_in_flight;	 /* requests the driver keeps with the device at once */
	uint32_t most_in_flight; /* the most it has had there so far */
	uint32_t pad;
	uint64_t requests; /* requests done so far */
};

#define BLK_INFO_READ_ONLY 0x1 /* writes fail with EROFS */
#define BLK_INFO_FLUSH	   0x2 /* the device has a write cache BLK_FLUSH empties */

/* Errors: EINVAL (an unknown op, count 0, an offset not a multiple of
 * BLK_SECTOR, a range past the buffer's end, ATTACH without DMA memory),
 * EBADF (no such buffer), ERANGE (sectors past the disk's end), EACCES
 * (READ into memory passed without the write right, WRITE from memory
 * without the read right), EROFS (WRITE to a read-only disk), EIO (the
 * device failed the request), EMFILE (no room for another buffer). A
 * driver that has died answers nothing: calls to it fail with EPIPE. */

#endif
