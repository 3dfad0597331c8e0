/*
 * bulkfile.c - read, write, pread and pwrite long enough (the C library's
 * BULK_READ_MIN, BULK_WRITE_MIN) to go straight between the file's pages
 * and the program's buffer (FS_BULK), with the buffer where the server
 * cannot reach it directly.
 *
 *	bulkfile               the checks below, one line each
 *	bulkfile badread F     (child) reads F into memory never mapped
 *	bulkfile badwrite F    (child) writes F from memory never mapped
 *	bulkfile roread F      (child) reads F into a read-only page
 *
 * The results must be what the message path gives: short reads at the end
 * of the file, zeros from holes, offsets moved by what was done, and a
 * program whose buffer is bad killed by its own access. A buffer in a file
 * or MAP_LLM mapping (whose pager is the file server itself) is refused by
 * the kernel and goes by message, with the same bytes. The exit status
 * counts the checks that went wrong; the free pages and the file server's
 * memory must come back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <bower/spawn.h>
#include <bower/fs_proto.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "bulkfile"
#include "expect.h"
#include "memsnap.h"

#define PAGE	 4096
#define UNMAPPED ((void *)0x7000000000UL)
#define BIG	 (3 * PAGE + 123) /* bytes in the test file */

static char data[BIG];

static void fill(char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(i * 31 + seed);
}

static int make_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (write(fd, data, BIG) != BIG)
		return -1;
	return fd;
}

static int child(const char *role, const char *path)
{
	int fd = open(path, O_RDWR);
	if (strcmp(role, "badread") == 0)
		return (int)pread(fd, UNMAPPED, PAGE, 0);
	if (strcmp(role, "badwrite") == 0)
		return (int)pwrite(fd, UNMAPPED, PAGE, 0);
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return (int)pread(fd, ro, PAGE, 0); /* roread */
}

static int run_child(const char *role, const char *path)
{
	char *const argv[] = {"bulkfile", (char *)role, (char *)path, NULL};
	int status = -1;
	waitpid(spawnv("bulkfile", argv), &status, 0);
	return status;
}

/* Sizes either side of the library's bulk thresholds and of a page, at
 * offsets in and across pages. */
static void sizes_and_edges(int fd)
{
	static char buf[BIG + 64];
	static const size_t lens[] = {511, 512, 1023, 1024, 1025, PAGE, PAGE + 1, 2 * PAGE + 7, BIG};
	static const off_t offs[] = {0, 1, PAGE - 3, PAGE, BIG - 600};
	int wrong = 0;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		for (size_t j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
			size_t len = lens[i];
			off_t off = offs[j];
			size_t want = off + len > BIG ? BIG - (size_t)off : len;
			memset(buf, 0x5a, sizeof(buf));
			ssize_t got = pread(fd, buf + 3, len, off); /* a misaligned buffer */
			wrong += got != (ssize_t)want || memcmp(buf + 3, data + off, want) != 0 ||
				 buf[3 + want] != 0x5a || buf[2] != 0x5a;
		}
	expect("pread of 9 sizes at 5 offsets: short at the end, nothing past what it read", wrong,
	       0);
	char tail[PAGE];
	expect("pread at the end of the file", pread(fd, tail, sizeof(tail), BIG), 0);
	expect("pread past the end", pread(fd, tail, sizeof(tail), BIG + 5 * PAGE), 0);
	expect("read from the offset", lseek(fd, BIG - 1000, SEEK_SET), BIG - 1000);
	expect("a short read at the end", read(fd, tail, sizeof(tail)), 1000);
	expect("its bytes", memcmp(tail, data + BIG - 1000, 1000), 0);
	expect("the offset moved by what was read", lseek(fd, 0, SEEK_CUR), BIG);
	expect("then a read at the end", read(fd, tail, sizeof(tail)), 0);
}

static void holes_and_appends(void)
{
	int fd = open("/bulkfile-holes", O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char buf[4 * PAGE], back[4 * PAGE];
	fill(buf, sizeof(buf), 7);
	expect("pwrite past the end, leaving a hole", pwrite(fd, buf, 2 * PAGE, 2 * PAGE + 10),
	       2 * PAGE);
	memset(back, 0x77, sizeof(back));
	expect("pread over the hole and the data", pread(fd, back, sizeof(back), 0), 4 * PAGE);
	int zeros = 1;
	for (size_t i = 0; i < 2 * PAGE + 10; i++)
		zeros &= back[i] == 0;
	expect("the hole reads as zeros", zeros, 1);
	expect("the data after it", memcmp(back + 2 * PAGE + 10, buf, 4 * PAGE - 2 * PAGE - 10), 0);
	close(fd);
	fd = open("/bulkfile-holes", O_RDWR | O_APPEND);
	expect("an appending write", write(fd, buf, 1000), 1000);
	expect("it went to the end", lseek(fd, 0, SEEK_END), 4 * PAGE + 10 + 1000);
	expect("it is there", pread(fd, back, 1000, 4 * PAGE + 10), 1000);
	expect("its bytes", memcmp(back, buf, 1000), 0);
	close(fd);
	unlink("/bulkfile-holes");
}

/* buf lies where the kernel refuses to copy: the messages carry the data. */
static void through_messages(int fd, char *buf, const char *where)
{
	char what[96];
	memset(buf, 0, 2 * PAGE);
	snprintf(what, sizeof(what), "pread into %s", where);
	expect(what, pread(fd, buf, 2 * PAGE, 5), 2 * PAGE);
	snprintf(what, sizeof(what), "the bytes read into %s", where);
	expect(what, memcmp(buf, data + 5, 2 * PAGE), 0);
	int out = open("/bulkfile-out", O_RDWR | O_CREAT | O_TRUNC, 0644);
	snprintf(what, sizeof(what), "write from %s", where);
	expect(what, write(out, buf, 2 * PAGE), 2 * PAGE);
	static char back[2 * PAGE];
	pread(out, back, sizeof(back), 0);
	snprintf(what, sizeof(what), "the bytes written from %s", where);
	expect(what, memcmp(back, data + 5, 2 * PAGE), 0);
	close(out);
	unlink("/bulkfile-out");
}

static void buffers_in_mappings(int fd)
{
	int mf = open("/bulkfile-map", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(mf, 4 * PAGE);
	char *shared = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, mf, 0);
	char *llm = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LLM, mf, 0);
	expect("map a file shared, and with MAP_LLM", shared != MAP_FAILED && llm != MAP_FAILED, 1);
	if (shared == MAP_FAILED || llm == MAP_FAILED)
		return;
	through_messages(fd, shared, "a file mapping");
	through_messages(fd, llm + PAGE, "a MAP_LLM mapping");
	/* A buffer in a mapping of the very file it reads. */
	char *self = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	static char copy[2 * PAGE];
	memcpy(copy, data + PAGE, sizeof(copy));
	expect("pread a file into its own mapping", pread(fd, self, 2 * PAGE, PAGE), 2 * PAGE);
	expect("the bytes", memcmp(self, copy, sizeof(copy)), 0);
	memcpy(data, copy, sizeof(copy)); /* the file's first pages are those now */
	expect("pwrite a file from its own mapping", pwrite(fd, self + PAGE, PAGE, 2 * PAGE), PAGE);
	memcpy(data + 2 * PAGE, copy + PAGE, PAGE);
	static char back[BIG];
	pread(fd, back, BIG, 0);
	expect("the file is what was written", memcmp(back, data, BIG), 0);
	munmap(self, 4 * PAGE);
	/* Half anonymous, half file, each way round: the kernel copies what
	 * comes before the file mapping, and is refused at its first page. */
	char *before = mmap(shared - PAGE, PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	munmap(llm, 4 * PAGE);
	char *after = mmap(shared + 4 * PAGE, PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	expect("anonymous pages either side of the file mapping",
	       before == shared - PAGE && after == shared + 4 * PAGE, 1);
	if (before == shared - PAGE && after == shared + 4 * PAGE) {
		memset(before, 0, PAGE);
		expect("pread from anonymous memory into the file mapping",
		       pread(fd, shared - 100, PAGE, 0), PAGE);
		expect("its bytes", memcmp(shared - 100, data, PAGE), 0);
		expect("pread from the file mapping into anonymous memory",
		       pread(fd, shared + 4 * PAGE - 100, PAGE, 0), PAGE);
		expect("its bytes", memcmp(shared + 4 * PAGE - 100, data, PAGE), 0);
	}
	munmap(before, PAGE);
	munmap(after, PAGE);
	munmap(shared, 4 * PAGE);
	close(mf);
	unlink("/bulkfile-map");
}

static void fresh_memory(int fd)
{
	char *fresh =
	    mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	expect("pread into pages never touched", pread(fd, fresh, BIG, 0), BIG);
	expect("their bytes", memcmp(fresh, data, BIG), 0);
	expect("the rest of the last page is still zero", fresh[BIG] | fresh[4 * PAGE - 1], 0);
	munmap(fresh, 4 * PAGE);
}

/* Requests a library would never make, sent to the server on a
 * connection of our own (a client of its own to the server, with its own
 * descriptors); the reply's value. */
static struct fs_request *raw;
static long raw_call(uint32_t op, int32_t fd, int32_t flags, uint64_t len, size_t msg_len,
		     const struct bower_ipc_bulk *bulk)
{
	static long conn = -1;
	if (conn < 0) {
		uintptr_t va;
		conn = bower_ipc_connect(FS_PORT_SLOT, &va);
		raw = (struct fs_request *)va;
	}
	memset(raw, 0, sizeof(*raw));
	raw->op = op;
	raw->fd = fd;
	raw->len = len;
	raw->flags = flags;
	if (op == FS_OPEN)
		strcpy(raw->path, "/bulkfile");
	struct bower_ipc_call msg = {.len = msg_len, .cap = BOWER_NO_CAP};
	long err =
	    bulk ? bower_ipc_call_bulk((int)conn, &msg, bulk) : bower_ipc_call((int)conn, &msg);
	return err < 0 ? err : msg.ret;
}

static void lying_requests(void)
{
	static char buf[2 * PAGE];
	const size_t head = FS_REQUEST_HEAD;
	int fd = (int)raw_call(FS_OPEN, 0, O_RDWR, 0, sizeof(struct fs_request), NULL);
	expect("a short write request, its data not in the message",
	       raw_call(FS_WRITE, fd, 0, PAGE, head, NULL), -EINVAL);
	expect("a bulk read with no bulk buffer", raw_call(FS_READ, fd, FS_BULK, PAGE, head, NULL),
	       FS_BULK_REFUSED);
	struct bower_ipc_bulk b = {.addr = buf, .len = sizeof(buf), .rights = BOWER_BULK_READ};
	expect("a bulk read into a buffer the server may not write",
	       raw_call(FS_READ, fd, FS_BULK, PAGE, head, &b), FS_BULK_REFUSED);
	b.rights = BOWER_BULK_WRITE;
	expect("a bulk write from a buffer the server may not read",
	       raw_call(FS_WRITE, fd, FS_BULK, PAGE, head, &b), FS_BULK_REFUSED);
	b.len = 100;
	expect("a bulk read longer than its buffer", raw_call(FS_READ, fd, FS_BULK, PAGE, head, &b),
	       FS_BULK_REFUSED);
	expect("then a read by message, from the start", raw_call(FS_READ, fd, 0, 8, head, NULL),
	       8);
	expect("the file is as it was, its offset too", memcmp(raw, data, 8), 0);
	raw_call(FS_CLOSE, fd, 0, 0, head, NULL);
}

static void one_round(void)
{
	fill(data, BIG, 3);
	int fd = make_file("/bulkfile");
	expect("write the file", fd >= 3, 1);
	sizes_and_edges(fd);
	holes_and_appends();
	fresh_memory(fd);
	buffers_in_mappings(fd);
	lying_requests();
	expect("a read into memory never mapped kills the reader",
	       run_child("badread", "/bulkfile") & 0x7f, 11);
	expect("so does a write from it", run_child("badwrite", "/bulkfile") & 0x7f, 11);
	expect("and a read into a read-only page", run_child("roread", "/bulkfile") & 0x7f, 11);
	static char back[BIG];
	expect("the file is whole after all that", pread(fd, back, BIG, 0), BIG);
	expect("its bytes", memcmp(back, data, BIG), 0);
	close(fd);
	unlink("/bulkfile");
}

int main(int argc, char **argv)
{
	if (argc > 2)
		return child(argv[1], argv[2]);
	/* What stays (stdio, stack, the MAP_LLM model, a page-table page) is
	 * not all made in the first round: by this image's layout one page
	 * first comes in the second. Two rounds, then a leak is a page lost
	 * by a round like the ones before it. */
	one_round();
	one_round();
	struct snapshot before = snapshot();
	one_round();
	struct snapshot after = snapshot();
	failed += memsnap_report(&before, &after, 1, NULL);
	printf("bulkfile: %d checks failed\n", failed);
	return failed;
}
