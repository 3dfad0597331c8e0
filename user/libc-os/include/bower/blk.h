/*
 * blk.h - a client of the block driver (<bower/blk_proto.h>): one
 * connection, and a call per request. Every function returns what the
 * driver answered: >= 0, or -errno (EPIPE once the driver is gone). They
 * do not touch errno, so threads of their own may use them.
 */
#ifndef BOWER_BLK_H
#define BOWER_BLK_H

#include <stdint.h>
#include <bower/blk_proto.h>

struct blk_client {
	int conn;  /* the connection's capability */
	void *buf; /* its message buffer */
};

/* Connect to the driver whose port is in slot port (BLK_PORT_SLOT for
 * programs init starts): 0 or -errno. */
long blk_connect(struct blk_client *c, int port);
/* Close the connection and unmap its buffer. */
void blk_disconnect(struct blk_client *c);
long blk_info(struct blk_client *c, struct blk_info *out);
/* Lend the driver the DMA memory object in slot dma (a copy goes; the
 * caller keeps its own): the buffer's number. */
long blk_attach(struct blk_client *c, int dma);
long blk_detach(struct blk_client *c, unsigned buffer);
/* count sectors from sector, into or from the buffer at offset bytes. */
long blk_read(struct blk_client *c, unsigned buffer, uint64_t offset, uint64_t sector,
	      uint64_t count);
long blk_write(struct blk_client *c, unsigned buffer, uint64_t offset, uint64_t sector,
	       uint64_t count);
long blk_flush(struct blk_client *c);
/* Any request, for callers that build their own (tests): the answer, with
 * cap passed along (BOWER_NO_CAP for none). */
long blk_call(struct blk_client *c, const struct blk_request *rq, int cap);

#endif
