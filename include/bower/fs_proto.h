/*
 * fs_proto.h - the file server's IPC protocol.
 *
 * A request is a struct fs_request at the start of the connection's buffer,
 * followed by data for FS_WRITE. The reply's value is the result (>= 0) or
 * -errno; FS_READ, FS_STAT, FS_FSTAT and FS_READDIR put their data at the
 * start of the buffer. Descriptors are the server's, one table per client
 * badge, freed when the client's connection closes. Paths are absolute.
 * Open flags are picolibc's O_* values (client and server both use them).
 */
#ifndef BOWER_FS_PROTO_H
#define BOWER_FS_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <bower/abi.h>

#define FS_PATH_MAX 256 /* with the NUL */
#define FS_NAME_MAX 255 /* one path component, without the NUL: ext2's and Linux's NAME_MAX */

enum fs_op {
	FS_OPEN = 1, /* path, flags, mode -> fd */
	FS_CLOSE,    /* fd */
	FS_READ,     /* fd, len -> bytes read (data in the buffer) */
	FS_WRITE,    /* fd, len, data after the header -> bytes written */
	/* FS_READ and FS_WRITE with flags = FS_AT_OFFSET work at `offset` and
	 * leave the descriptor's offset alone (pread, pwrite). */
	FS_LSEEK,     /* fd, offset, flags = whence -> new offset */
	FS_FTRUNCATE, /* fd, offset = new length */
	FS_UNLINK,    /* path (a file) */
	FS_STAT,      /* path -> struct fs_stat */
	FS_FSTAT,     /* fd -> struct fs_stat */
	FS_MKDIR,     /* path */
	FS_RMDIR,     /* path (an empty directory) */
	FS_READDIR,   /* fd of a directory, offset = index -> 1 and a struct fs_dirent, or 0 at the
			 end */
	FS_MMAP,      /* fd, len, flags = MAP_* flags, mode = PROT_* -> 0 and a memory
		       * object capability to map with vm_map_pmo (the file's pages,
		       * provided by the server's pager), or FS_MMAP_ANONYMOUS and
		       * none: map anonymous memory (/dev/zero) */
	FS_MEMSTAT,   /* -> struct fs_memstat: what the server holds (leak tests) */
	FS_NOFILE,    /* flags = FS_NOFILE_SET: offset = soft, len = hard limit on this
		       * client's descriptors -> struct fs_nofile (the limits now) */
	FS_RENAME,    /* path (the old name), len bytes after the header: the new
		       * path and its NUL (EXDEV between tmpfs and the disk) */
	FS_FSYNC,     /* fd -> 0 once what was written to it is on the disk (the
		       * device's write cache emptied); tmpfs has nothing to do */
	FS_SYNC,      /* -> 0 once everything written to any disk file, through
		       * write() or a mapping, is on the disk (sync, msync) */
	FS_CHMOD,     /* path, or fd if the path is empty; mode = permission bits */
	FS_STATFS,    /* path, or fd if the path is empty -> struct fs_statfs: the file
		       * system it is on */
};

struct fs_request {
	uint32_t op;
	int32_t fd;
	int64_t offset;
	uint64_t len;
	int32_t flags;
	uint32_t mode;
	char path[FS_PATH_MAX];
};

/* A request that names no path may end where the path would begin: a
 * read's or write's request is then 32 bytes to carry, not 288. */
#define FS_REQUEST_HEAD offsetof(struct fs_request, path)

#define FS_AT_OFFSET 0x1
/* FS_READ and FS_WRITE with flags & FS_BULK: the data is not in the message
 * but in the call's bulk buffer (ipc_call_bulk, docs/ipc.md), len bytes
 * from its start, which the server copies straight from or into the
 * file's pages: the whole request in one call, and one copy. When the
 * kernel says a page of the buffer cannot be reached that way (it was
 * never mapped, or a pager serves it: a file or MAP_LLM mapping), the
 * reply is FS_BULK_REFUSED and the descriptor's offset has not moved; the
 * library then makes the request through messages, whose copies take the
 * program's own faults (a write may have stored some of the data already:
 * the messages store it again). */
#define FS_BULK		0x2
#define FS_BULK_REFUSED (-BOWER_EFAULT) /* never an answer to a request by message */

/* A write's data follows its request in the message; a read's reply is
 * nothing but data, so a read may take a whole message (a 4 KiB read is one
 * round trip, and a long one goes a page at a time). */
#define FS_DATA_MAX (BOWER_IPC_MAX - sizeof(struct fs_request))
#define FS_READ_MAX BOWER_IPC_MAX

#define FS_TYPE_FILE 1
#define FS_TYPE_DIR  2
#define FS_TYPE_CHAR 3 /* a character device (/dev/null, /dev/zero) */

/* FS_MMAP's answer for a device whose mapping is anonymous memory. */
#define FS_MMAP_ANONYMOUS 1

struct fs_stat {
	uint64_t size;
	uint64_t ino;
	uint32_t type;
	uint32_t nlink;
	uint64_t atime, mtime, ctime; /* seconds since 1970 */
	uint32_t mode;		      /* permission bits (07777): kept, not enforced */
	uint32_t unused;
};

struct fs_dirent {
	uint64_t ino;
	uint32_t type;
	char name[FS_NAME_MAX + 1];
};

/* FS_NOFILE: a client may hold descriptors 0 .. soft - 1. The table grows
 * as it fills, bounded by memory and by this limit (EMFILE past it). The
 * soft limit may go anywhere up to the hard one, the hard one only down.
 * The defaults are Linux's, counted with a process's three console
 * descriptors, which the C library keeps itself: 1024 and fs.nr_open. */
#define FS_NOFILE_SET	  0x1
#define FS_NOFILE_DEFAULT (1024 - 3)
#define FS_NOFILE_MAX	  ((1 << 20) - 3)

struct fs_nofile {
	uint64_t soft;
	uint64_t hard;
};

/* FS_STATFS: a file system's size and what is free, in blocks of
 * block_size bytes and in files. tmpfs is bounded by memory: its blocks
 * are the machine's pages and its free ones the free pages, and it counts
 * files against half the pages, as Linux's tmpfs does by default. The
 * disk's are its superblock's counts (blocks and inodes, free, and the
 * blocks only root may use). type is Linux's magic number of its kind. */
#define FS_STATFS_TMPFS	 0x01021994u
#define FS_STATFS_EXT2	 0xef53u
#define FS_STATFS_RDONLY 0x1 /* written to only as mounted read-only */
struct fs_statfs {
	uint64_t block_size;
	uint64_t blocks, free_blocks, avail_blocks; /* avail: free less root's reserve */
	uint64_t files, free_files;
	uint64_t fsid;
	uint32_t type; /* FS_STATFS_TMPFS or FS_STATFS_EXT2 */
	uint32_t flags;
	uint32_t name_max;
	uint32_t unused;
};

/* FS_MEMSTAT: the server's memory and what it is made of. */
struct fs_memstat {
	uint64_t heap_bytes; /* malloc'd and not yet freed */
	uint64_t data_pages; /* file data pages held by files */
	uint64_t pool_pages; /* pages the data pool holds (in files or free in it) */
	uint64_t nodes;	     /* files and directories alive, the root included */
	uint64_t models;     /* MAP_LLM prediction models */
	uint64_t model_bytes; /* what they take, kept ones included */
	uint64_t clients;    /* descriptor tables (one per connected process) */
	uint64_t open_files; /* open descriptors, all clients together */
	/* The disk's page cache (docs/storage.md): its fixed size in pages,
	 * those holding data, those lent to mappings, and reads it missed. */
	uint64_t cache_pages;
	uint64_t cache_filled;
	uint64_t cache_lent;
	uint64_t cache_misses;
};

/* The capability slot where every program finds the file server's port. */
#define FS_PORT_SLOT 0

#endif
