/*
 * iosizes.c - where a read or write through the bulk buffer starts to cost
 * less than one by message: what the C library's BULK_READ_MIN and
 * BULK_WRITE_MIN come from (docs/measurements.md).
 *
 *	iosizes     for each length, 200 preads and 200 pwrites at offset 0
 *	            of an 8 KiB file each way, and the ticks a call took
 *
 * Both ways are made here, on a connection of this program's own, as the
 * library makes them (file.c): by message, the data copied through the
 * connection's buffer; by bulk, FS_BULK with the program's buffer as the
 * call's bulk buffer. Run it under -icount for figures that repeat:
 *	tools/qemu.sh build/kernel/bower.elf run=iosizes -- -icount shift=0
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bower/counter.h>
#include <bower/fs_proto.h>
#include <bower/syscall_nr.h>

#define FILE_BYTES 8192
#define CALLS	   200

static long conn;
static struct fs_request *req;
static char buf[FILE_BYTES];

static long call(size_t msg_len, int fd, enum fs_op op, size_t len, int bulk)
{
	memset(req, 0, FS_REQUEST_HEAD);
	req->op = op;
	req->fd = fd;
	req->len = len;
	req->flags = FS_AT_OFFSET | (bulk ? FS_BULK : 0);
	struct bower_ipc_call msg = {.len = msg_len, .cap = BOWER_NO_CAP};
	struct bower_ipc_bulk b = {
	    .addr = buf, .len = len, .rights = op == FS_READ ? BOWER_BULK_WRITE : BOWER_BULK_READ};
	long err =
	    bulk ? bower_ipc_call_bulk((int)conn, &msg, &b) : bower_ipc_call((int)conn, &msg);
	return err < 0 ? err : msg.ret;
}

static long one(int fd, enum fs_op op, size_t len, int bulk)
{
	if (bulk)
		return call(FS_REQUEST_HEAD, fd, op, len, 1);
	if (op == FS_WRITE) {
		memcpy(req + 1, buf, len);
		return call(sizeof(*req) + len, fd, op, len, 0);
	}
	long got = call(FS_REQUEST_HEAD, fd, op, len, 0);
	if (got > 0)
		memcpy(buf, req, (size_t)got);
	return got;
}

int main(void)
{
	int lib_fd = open("/iosizes", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(lib_fd, buf, sizeof(buf));
	uintptr_t va;
	conn = bower_ipc_connect(FS_PORT_SLOT, &va);
	req = (struct fs_request *)va;
	strcpy(req->path, "/iosizes");
	struct bower_ipc_call msg = {.len = sizeof(*req), .cap = BOWER_NO_CAP};
	req->op = FS_OPEN;
	req->flags = O_RDWR;
	bower_ipc_call((int)conn, &msg);
	int fd = (int)msg.ret;
	static const size_t lens[] = {64,  256, 320, 384,  448,	 512, 768,
				      832, 896, 960, 1024, 2048, 4096};
	printf("iosizes: ticks a call, bulk against message\n");
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		double t[2][2]; /* [write][bulk] */
		for (int w = 0; w < 2; w++)
			for (int bulk = 0; bulk < 2; bulk++) {
				uint64_t t0 = bower_counter();
				for (int k = 0; k < CALLS; k++)
					if (one(fd, w ? FS_WRITE : FS_READ, lens[i], bulk) !=
					    (long)lens[i])
						printf("iosizes: a call failed\n");
				t[w][bulk] = (double)(bower_counter() - t0) / CALLS;
			}
		printf("iosizes: %4zu bytes: read %.1f against %.1f, write %.1f against %.1f\n",
		       lens[i], t[0][1], t[0][0], t[1][1], t[1][0]);
	}
	close(lib_fd);
	unlink("/iosizes");
	return 0;
}
