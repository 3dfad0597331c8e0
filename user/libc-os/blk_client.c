/*
 * blk_client.c - requests to the block driver, one IPC call each
 * (<bower/blk.h>). The data never passes here: it is in the DMA memory the
 * client attached, which the device reads and writes itself.
 */
#include <errno.h>
#include <string.h>
#include <bower/abi.h>
#include <bower/blk.h>
#include <bower/syscall_nr.h>

long blk_connect(struct blk_client *c, int port)
{
	uintptr_t va;
	long conn = bower_ipc_connect(port, &va);
	if (conn < 0)
		return conn;
	c->conn = (int)conn;
	c->buf = (void *)va;
	return 0;
}

void blk_disconnect(struct blk_client *c)
{
	bower_cap_delete(c->conn);
	bower_vm_unmap((uintptr_t)c->buf, BOWER_IPC_MAX); /* the mapping outlives the connection */
	c->conn = -1;
	c->buf = NULL;
}

long blk_call(struct blk_client *c, const struct blk_request *rq, int cap)
{
	memcpy(c->buf, rq, sizeof(*rq));
	struct bower_ipc_call msg = {.len = sizeof(*rq), .cap = cap};
	long err = bower_ipc_call(c->conn, &msg);
	if (err < 0)
		return err;
	if (msg.cap != BOWER_NO_CAP)
		bower_cap_delete(msg.cap); /* the driver sends none */
	return msg.ret;
}

static long simple(struct blk_client *c, uint32_t op, uint32_t buffer, uint64_t offset,
		   uint64_t sector, uint64_t count)
{
	struct blk_request rq = {op, buffer, sector, count, offset};
	return blk_call(c, &rq, BOWER_NO_CAP);
}

long blk_info(struct blk_client *c, struct blk_info *out)
{
	long ret = simple(c, BLK_INFO, 0, 0, 0, 0);
	if (ret >= 0)
		memcpy(out, c->buf, sizeof(*out));
	return ret;
}

long blk_attach(struct blk_client *c, int dma)
{
	struct blk_request rq = {.op = BLK_ATTACH};
	return blk_call(c, &rq, dma);
}

long blk_detach(struct blk_client *c, unsigned buffer)
{
	return simple(c, BLK_DETACH, buffer, 0, 0, 0);
}

long blk_read(struct blk_client *c, unsigned buffer, uint64_t offset, uint64_t sector,
	      uint64_t count)
{
	return simple(c, BLK_READ, buffer, offset, sector, count);
}

long blk_write(struct blk_client *c, unsigned buffer, uint64_t offset, uint64_t sector,
	       uint64_t count)
{
	return simple(c, BLK_WRITE, buffer, offset, sector, count);
}

long blk_flush(struct blk_client *c)
{
	return simple(c, BLK_FLUSH, 0, 0, 0, 0);
}
