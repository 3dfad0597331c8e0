/*
 * blktest.c - the block driver from a client's side, on a disk the host
 * prepared (tests/qemu/run.py's disk rows).
 *
 *	blktest SECTORS            the image holds the host's pattern
 *	                           (disk_pattern) in every sector: read it
 *	                           back, write the guest's (guest_pattern) to
 *	                           sectors WRITE_AT.., flush, read back; many
 *	                           reads in flight from several threads; bad
 *	                           requests each get their error
 *	blktest SECTORS ioerror S  the host makes the device fail reads of
 *	                           sector S: that read is EIO, others work
 *	blktest SECTORS readonly   the disk is read-only: writes are EROFS
 *
 * The host checks the image after the guest has powered off: the written
 * sectors hold the guest's pattern and every other sector the host's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <bower/abi.h>
#include <bower/blk.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "blktest"
#include "expect.h"

#define BUF_PAGES   32 /* 128 KiB: 256 sectors */
#define BUF_SECTORS (BUF_PAGES * 4096 / BLK_SECTOR)
#define WRITE_AT    4096 /* the sectors the guest writes (run.py knows) */
#define WRITE_COUNT 64
#define THREADS	    4
#define READS	    40

static uint8_t *buf;
static int dma;
static uint64_t sectors;

/* The host's byte at offset i of sector s (run.py writes the same). */
static uint8_t disk_pattern(uint64_t s, unsigned i)
{
	return (uint8_t)(s * 31 + i * 7 + 1);
}

static uint8_t guest_pattern(uint64_t s, unsigned i)
{
	return (uint8_t)(s * 11 + i * 3 + 0x5a);
}

static int holds(const uint8_t *p, uint64_t s, uint64_t n, uint8_t (*pattern)(uint64_t, unsigned))
{
	for (uint64_t k = 0; k < n; k++)
		for (unsigned i = 0; i < BLK_SECTOR; i++)
			if (p[k * BLK_SECTOR + i] != pattern(s + k, i))
				return 0;
	return 1;
}

/* Several threads, each with a connection of its own, reading at once:
 * the driver must have had more than one request with the device. */
static struct {
	int port, wrong;
	long err;
} readers[THREADS];
static _Alignas(16) char stacks[THREADS][16384];

static void reader(uintptr_t t)
{
	struct blk_client c;
	long id = blk_connect(&c, BLK_PORT_SLOT);
	if (id == 0)
		id = blk_attach(&c, dma);
	uint64_t off = (BUF_SECTORS / 2 + t * 16) * BLK_SECTOR; /* a region of its own */
	uint64_t s = t * 977 + 3;
	for (int i = 0; id >= 0 && i < READS; i++) {
		s = (s * 1103515245 + 12345) % (WRITE_AT - 8); /* below what main wrote */
		long got = blk_read(&c, (unsigned)id, off, s, 8);
		if (got != 8) {
			readers[t].err = got;
			break;
		}
		readers[t].wrong += !holds(buf + off, s, 8, disk_pattern);
	}
	if (id < 0)
		readers[t].err = id;
	blk_disconnect(&c);
	bower_thread_exit();
}

static void in_flight(struct blk_client *c)
{
	long threads[THREADS];
	for (int t = 0; t < THREADS; t++)
		threads[t] = bower_thread_create((uintptr_t)reader, (uintptr_t)t,
						 (uintptr_t)stacks[t] + sizeof(stacks[t]));
	int wrong = 0, errors = 0;
	for (int t = 0; t < THREADS; t++) {
		bower_thread_join((int)threads[t]);
		wrong += readers[t].wrong;
		errors += readers[t].err != 0;
	}
	expect("reads from several threads hold the host's pattern", wrong, 0);
	expect("and none failed", errors, 0);
	struct blk_info info;
	blk_info(c, &info);
	expect("the driver had several requests in flight at once",
	       info.most_in_flight > 1 && info.most_in_flight <= info.max_in_flight, 1);
}

static void bad_requests(struct blk_client *c, long id)
{
	expect("a sector past the end", blk_read(c, (unsigned)id, 0, sectors, 1), -ERANGE);
	expect("a range over the end", blk_read(c, (unsigned)id, 0, sectors - 1, 2), -ERANGE);
	expect("the largest sector number", blk_read(c, (unsigned)id, 0, ~0ULL, 1), -ERANGE);
	expect("no sectors", blk_read(c, (unsigned)id, 0, 0, 0), -EINVAL);
	expect("an offset not on a sector", blk_read(c, (unsigned)id, 100, 0, 1), -EINVAL);
	expect("past the buffer's end", blk_read(c, (unsigned)id, BUF_PAGES * 4096, 0, 1), -EINVAL);
	expect("over the buffer's end",
	       blk_read(c, (unsigned)id, BUF_PAGES * 4096 - BLK_SECTOR, 0, 2), -EINVAL);
	expect("a count that overflows", blk_read(c, (unsigned)id, 0, 0, 1ULL << 60), -EINVAL);
	expect("no such buffer", blk_read(c, 999, 0, 0, 1), -EBADF);
	expect("an unknown request", blk_call(c, &(struct blk_request){.op = 77}, BOWER_NO_CAP),
	       -EINVAL);
	memset(c->buf, 0, 8);
	struct bower_ipc_call msg = {.len = 4, .cap = BOWER_NO_CAP};
	expect("a request too short", bower_ipc_call(c->conn, &msg) == 0 ? msg.ret : -1, -EINVAL);
	expect("attach with no capability", blk_attach(c, BOWER_NO_CAP), -EINVAL);
	long plain = bower_pmo_create(4);
	expect("attach memory that is not DMA memory", blk_attach(c, (int)plain), -EINVAL);
	bower_cap_delete((int)plain);
	long note = bower_notify_create();
	expect("attach a notification", blk_attach(c, (int)note), -EINVAL);
	expect("a capability with another request",
	       blk_call(c, &(struct blk_request){.op = BLK_INFO}, (int)note), -EINVAL);
	bower_cap_delete((int)note);

	/* Rights: the device writes what is read, reads what is written. */
	long ro = bower_cap_copy(dma, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
	long wo = bower_cap_copy(dma, BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT);
	long ro_id = blk_attach(c, (int)ro), wo_id = blk_attach(c, (int)wo);
	expect("read into memory lent read-only", blk_read(c, (unsigned)ro_id, 0, 0, 1), -EACCES);
	expect("write from memory lent without read", blk_write(c, (unsigned)wo_id, 0, WRITE_AT, 1),
	       -EACCES);
	bower_cap_delete((int)ro);
	bower_cap_delete((int)wo);

	/* A buffer is its connection's alone. */
	struct blk_client other;
	blk_connect(&other, BLK_PORT_SLOT);
	long other_id = blk_attach(&other, dma);
	expect("another connection's buffer", blk_read(c, (unsigned)other_id, 0, 0, 1), -EBADF);
	blk_disconnect(&other);
	expect("detach", blk_detach(c, (unsigned)ro_id), 0);
	expect("use after detach", blk_read(c, (unsigned)ro_id, 0, 0, 1), -EBADF);
	expect("detach twice", blk_detach(c, (unsigned)ro_id), -EBADF);
	blk_detach(c, (unsigned)wo_id);
}

static void read_and_write(struct blk_client *c, long id)
{
	expect("read the first sectors", blk_read(c, (unsigned)id, 0, 0, BUF_SECTORS / 2),
	       BUF_SECTORS / 2);
	expect("they hold the host's pattern", holds(buf, 0, BUF_SECTORS / 2, disk_pattern), 1);
	uint64_t at[] = {1, 777, WRITE_AT + WRITE_COUNT + 7, sectors - 1};
	for (unsigned k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		uint64_t off = (k * 3 + 1) * BLK_SECTOR;
		long got = blk_read(c, (unsigned)id, off, at[k], 1);
		expect("a single sector read into the buffer's middle",
		       got == 1 && holds(buf + off, at[k], 1, disk_pattern), 1);
	}
	for (unsigned k = 0; k < WRITE_COUNT; k++)
		for (unsigned i = 0; i < BLK_SECTOR; i++)
			buf[k * BLK_SECTOR + i] = guest_pattern(WRITE_AT + k, i);
	expect("write sectors", blk_write(c, (unsigned)id, 0, WRITE_AT, WRITE_COUNT), WRITE_COUNT);
	expect("flush", blk_flush(c), 0);
	memset(buf, 0, WRITE_COUNT * BLK_SECTOR);
	expect("read them back", blk_read(c, (unsigned)id, BLK_SECTOR, WRITE_AT, WRITE_COUNT),
	       WRITE_COUNT);
	expect("they hold what was written",
	       holds(buf + BLK_SECTOR, WRITE_AT, WRITE_COUNT, guest_pattern), 1);
	expect("the sector after them is the host's",
	       blk_read(c, (unsigned)id, 0, WRITE_AT + WRITE_COUNT, 1) == 1 &&
		   holds(buf, WRITE_AT + WRITE_COUNT, 1, disk_pattern),
	       1);
}

int main(int argc, char **argv)
{
	if (argc < 2 || bower_cap_identify(BLK_PORT_SLOT) >> 16 != BOWER_CAP_PORT) {
		printf("blktest: no block device (usage: blktest SECTORS [ioerror S|readonly])\n");
		return 1;
	}
	const char *mode = argc > 2 ? argv[2] : "";
	struct blk_client c;
	expect("connect", blk_connect(&c, BLK_PORT_SLOT), 0);
	struct blk_info info;
	expect("info", blk_info(&c, &info), 0);
	sectors = info.sectors;
	expect("the disk's size", (long)sectors, strtol(argv[1], NULL, 0));
	expect("read-only as the disk is", (info.flags & BLK_INFO_READ_ONLY) != 0,
	       strcmp(mode, "readonly") == 0);
	dma = (int)bower_dma_create(BUF_PAGES);
	buf = (uint8_t *)bower_vm_map_pmo(dma, 0, BUF_PAGES * 4096,
					  BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	long id = blk_attach(&c, dma);
	expect("attach DMA memory", id >= 0, 1);
	if (strcmp(mode, "ioerror") == 0 && argc > 3) {
		uint64_t bad = strtoull(argv[3], NULL, 0);
		expect("the failing sector is an I/O error", blk_read(&c, (unsigned)id, 0, bad, 1),
		       -EIO);
		expect("a range over it too", blk_read(&c, (unsigned)id, 0, bad - 1, 4), -EIO);
		expect("the sector before it reads",
		       blk_read(&c, (unsigned)id, 0, bad - 1, 1) == 1 &&
			   holds(buf, bad - 1, 1, disk_pattern),
		       1);
		expect("and the driver goes on", blk_read(&c, (unsigned)id, 0, 0, 8), 8);
	} else if (strcmp(mode, "readonly") == 0) {
		expect("a write to a read-only disk", blk_write(&c, (unsigned)id, 0, WRITE_AT, 1),
		       -EROFS);
		expect("reads work",
		       blk_read(&c, (unsigned)id, 0, 0, 8) == 8 && holds(buf, 0, 8, disk_pattern),
		       1);
	} else {
		read_and_write(&c, id);
		in_flight(&c);
		bad_requests(&c, id);
	}
	blk_disconnect(&c);
	printf("blktest: %d checks failed\n", failed);
	return failed;
}
