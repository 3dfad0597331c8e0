/*
 * fs.c - the file server: tmpfs behind the IPC protocol of fs_proto.h.
 *
 * At start it creates its port and hands a connect capability to the
 * process manager (its slot 0), which gives it to every program it starts.
 * Then it serves one call at a time. Each client (badge) has its own
 * descriptor table, created on its first call and dropped when the kernel
 * says its connection closed, closing whatever it left open. The table
 * doubles when it is full, up to the client's limit (FS_NOFILE), so a
 * process may hold as many files as memory and its limit allow.
 *
 * Every request is checked before use: the op, the descriptor, the path's
 * NUL, the lengths against the message. A bad request gets an errno; the
 * server goes on serving others.
 *
 * It is also the pager of its files (pager.c): FS_MMAP hands a client a
 * capability to the file's memory object, and a second thread answers the
 * kernel's page faults on it.
 *
 * A read or write with FS_BULK moves its data straight between the file's
 * pages and the client's own buffer (bulk.c), the whole request in one
 * call; the rest of the protocol carries its data in the messages.
 *
 * With a disk, its ext2 file system is mounted at /disk (diskfs.c): a
 * request whose path lies there, or whose descriptor was opened there,
 * goes to it; everything else is tmpfs's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bower/abi.h>
#include <bower/fs_proto.h>
#include <bower/blk_proto.h>
#include <bower/syscall_nr.h>
#include "tmpfs.h"
#include "filepager.h"
#include "predict.h"
#include <malloc.h>
#include <sys/mman.h>
#include "pages.h"
#include "bulk.h"
#include "bindir.h"
#include "devdir.h"
#include "initfiles.h"
#include "diskfs.h"
#include "dotdot.h"
#include "cache.h"

struct open_file {
	struct tnode *node; /* a tmpfs file, or NULL and: */
	struct dnode *disk; /* a file of the disk */
	uint64_t offset;
	int flags;
};

struct client {
	unsigned long badge;
	struct open_file **fds; /* nfds slots, NULL = free */
	size_t nfds;
	size_t first_free;	/* no free slot below it */
	struct fs_nofile limit; /* descriptors from limit.soft on are refused */
	struct client *next;
};

static struct client *clients;
static size_t nclients, open_files;
static char request[BOWER_IPC_MAX];
static char reply[BOWER_IPC_MAX];

static struct client *client_for(unsigned long badge, int create)
{
	for (struct client *c = clients; c; c = c->next)
		if (c->badge == badge)
			return c;
	if (!create)
		return NULL;
	struct client *c = calloc(1, sizeof(*c));
	if (c) {
		c->badge = badge;
		c->limit.soft = FS_NOFILE_DEFAULT;
		c->limit.hard = FS_NOFILE_MAX;
		c->next = clients;
		clients = c;
		nclients++;
	}
	return c;
}

static void close_fd(struct client *c, int fd)
{
	if (c->fds[fd]->disk)
		diskfs_close(c->fds[fd]->disk);
	else
		tmpfs_close(c->fds[fd]->node);
	free(c->fds[fd]);
	c->fds[fd] = NULL;
	if ((size_t)fd < c->first_free)
		c->first_free = (size_t)fd;
	open_files--;
}

/* The lowest free descriptor (growing the table if it is full): it, or
 * -EMFILE at the client's limit, -ENOMEM when memory is gone. */
static long free_fd(struct client *c)
{
	size_t fd = c->first_free;
	while (fd < c->nfds && c->fds[fd])
		fd++;
	c->first_free = fd;
	if (fd >= c->limit.soft)
		return -EMFILE;
	if (fd == c->nfds) {
		size_t want = c->nfds ? c->nfds * 2 : 16;
		struct open_file **t = realloc(c->fds, want * sizeof(*t));
		if (!t)
			return -ENOMEM;
		memset(t + c->nfds, 0, (want - c->nfds) * sizeof(*t));
		c->fds = t;
		c->nfds = want;
	}
	return (long)fd;
}

static long set_limit(struct client *c, const struct fs_request *req)
{
	if (req->flags & FS_NOFILE_SET) {
		uint64_t soft = (uint64_t)req->offset, hard = req->len;
		if (req->offset < 0 || soft > hard)
			return -EINVAL;
		if (hard > c->limit.hard)
			return -EPERM; /* a hard limit only comes down */
		c->limit.soft = soft;
		c->limit.hard = hard;
	}
	memcpy(reply, &c->limit, sizeof(c->limit));
	return 0;
}

static long memstat(void)
{
	struct mallinfo mi = mallinfo();
	struct cache_stats cs;
	cache_stats(&cs);
	struct fs_memstat st = {
	    .heap_bytes = mi.uordblks,
	    .data_pages = tmpfs_pages_held(),
	    .pool_pages = pages_in_pool(),
	    .nodes = tmpfs_nodes(),
	    .models = predict_models(),
	    .model_bytes = predict_model_bytes(),
	    .clients = nclients,
	    .open_files = open_files,
	    .cache_pages = cs.pages,
	    .cache_filled = cs.filled,
	    .cache_lent = cs.lent,
	    .cache_misses = cs.misses,
	};
	memcpy(reply, &st, sizeof(st));
	return 0;
}

static void client_gone(unsigned long badge)
{
	for (struct client **p = &clients; *p; p = &(*p)->next) {
		if ((*p)->badge != badge)
			continue;
		struct client *c = *p;
		for (size_t fd = 0; fd < c->nfds; fd++)
			if (c->fds[fd])
				close_fd(c, (int)fd);
		*p = c->next;
		free(c->fds);
		free(c);
		nclients--;
		return;
	}
}

static struct open_file *file_of(struct client *c, int fd)
{
	return fd >= 0 && (size_t)fd < c->nfds ? c->fds[fd] : NULL;
}

/* Open a file of the disk as descriptor fd. */
static long open_disk(struct client *c, long fd, const char *rest, int flags)
{
	struct open_file *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	long err = diskfs_open(rest, flags, &f->disk);
	if (err < 0) {
		free(f);
		return err;
	}
	f->flags = flags;
	c->fds[fd] = f;
	open_files++;
	return fd;
}

static long do_open(struct client *c, const struct fs_request *req)
{
	struct tnode *n;
	int acc = req->flags & O_ACCMODE;
	const char *rest;
	long fd = free_fd(c); /* first: no file is made for an open that cannot be */
	if (fd < 0)
		return fd;
	if (diskfs_path(req->path, &rest))
		return open_disk(c, fd, rest, req->flags);
	long err = tmpfs_lookup(req->path, &n);
	if (err == -ENOENT && (req->flags & O_CREAT) && (err = tmpfs_create(req->path, FS_TYPE_FILE, &n)) == 0)
		n->mode = req->mode & 07777; /* the library took its umask off */
	else if (err == 0 && (req->flags & O_CREAT) && (req->flags & O_EXCL))
		err = -EEXIST;
	if (err < 0)
		return err;
	if (n->type == FS_TYPE_DIR && acc != O_RDONLY)
		return -EISDIR;
	if (n->type != FS_TYPE_DIR && (req->flags & O_DIRECTORY))
		return -ENOTDIR;
	if (n->readonly && !n->device && (acc != O_RDONLY || (req->flags & O_TRUNC)))
		return -EROFS; /* a device's name is read-only, not the device */
	if ((err = bindir_load(n)) < 0)
		return err;
	struct open_file *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	if ((req->flags & O_TRUNC) && acc != O_RDONLY && n->type == FS_TYPE_FILE)
		tmpfs_truncate(n, 0);
	f->node = n;
	f->flags = req->flags;
	n->opens++;
	c->fds[fd] = f;
	open_files++;
	return fd;
}

static long do_lseek(struct open_file *f, int64_t off, int whence)
{
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->offset;
		break;
	case SEEK_END:
		base = (int64_t)(f->disk ? diskfs_size(f->disk) : f->node->size);
		break;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL; /* overflow, or before the start */
	f->offset = (uint64_t)(base + off);
	return (long)f->offset;
}

/* Serve one request: the reply value; reply data goes to `reply`. */
static long serve(struct client *c, struct fs_request *req, size_t len, size_t *reply_len,
		  const void **reply_at, int *reply_cap)
{
	*reply_len = 0;
	*reply_at = reply;
	if (len < FS_REQUEST_HEAD)
		return -EINVAL;
	if (!memchr(req->path, '\0', sizeof(req->path)))
		return -ENAMETOOLONG;
	long resolved = dotdot_resolve(req->path); /* before it is routed: it may leave /disk */
	if (resolved < 0)
		return resolved;
	struct open_file *f = file_of(c, req->fd);
	const char *rest;
	ssize_t n;
	if ((req->op == FS_UNLINK || req->op == FS_MKDIR || req->op == FS_RMDIR) &&
	    diskfs_path(req->path, &rest)) {
		if (req->op != FS_MKDIR)
			return diskfs_remove(rest, req->op == FS_RMDIR);
		long r = diskfs_mkdir(rest);
		return r == -EBUSY ? -EEXIST : r; /* the mount point itself */
	}
	switch (req->op) {
	case FS_OPEN:
		return do_open(c, req);
	case FS_CLOSE:
		if (!f)
			return -EBADF;
		close_fd(c, req->fd);
		return 0;
	case FS_READ:
	case FS_WRITE: {
		int writing = req->op == FS_WRITE;
		int at = req->flags & FS_AT_OFFSET, bulk = req->flags & FS_BULK;
		if (!f || (f->flags & O_ACCMODE) == (writing ? O_RDONLY : O_WRONLY))
			return -EBADF;
		if (at && req->offset < 0)
			return -EINVAL;
		if (writing && !bulk && (len < sizeof(*req) || req->len > len - sizeof(*req)))
			return -EINVAL; /* the data must be in the message, after a whole request */
		if (writing && (f->flags & O_APPEND) && !at)
			f->offset = f->disk ? diskfs_size(f->disk) : f->node->size;
		uint64_t off = at ? (uint64_t)req->offset : f->offset;
		size_t want = req->len < FS_READ_MAX ? req->len : FS_READ_MAX;
		const void *view;
		size_t got;
		if (!f->disk && f->node->device) {
			if (bulk && !writing)
				return FS_BULK_REFUSED; /* its reads come by message */
			n = writing ? devdir_write(f->node, req->len)
				    : devdir_read(f->node, reply, want);
		} else if (f->disk && bulk) {
			n = writing ? bulk_disk_write(f->disk, off, req->len)
				    : bulk_disk_read(f->disk, off, req->len);
		} else if (f->disk) {
			n = writing ? diskfs_write(f->disk, off, req + 1, req->len)
				    : diskfs_read(f->disk, off, reply, want);
		} else if (bulk) {
			n = writing ? bulk_write(f->node, off, req->len)
				    : bulk_read(f->node, off, req->len);
		} else if (writing) {
			n = tmpfs_write(f->node, off, req + 1, req->len);
		} else if ((view = tmpfs_view(f->node, off, want, &got))) {
			*reply_at = view; /* straight from the file's page: no copy here */
			n = (long)got;
		} else
			n = tmpfs_read(f->node, off, reply, want);
		if (n > 0 && !at)
			f->offset += (uint64_t)n;
		if (n > 0 && !writing && !bulk)
			*reply_len = (size_t)n;
		return n;
	}
	case FS_LSEEK:
		return f ? do_lseek(f, req->offset, req->flags) : -EBADF;
	case FS_FTRUNCATE:
		if (!f)
			return -EBADF;
		if ((f->flags & O_ACCMODE) == O_RDONLY)
			return -EINVAL; /* POSIX allows EBADF or EINVAL; Linux says EINVAL */
		if (req->offset < 0 || (!f->disk && f->node->device))
			return -EINVAL; /* a device has no size to set, as on Linux */
		return f->disk ? diskfs_truncate(f->disk, (uint64_t)req->offset)
			       : tmpfs_truncate(f->node, (uint64_t)req->offset);
	case FS_UNLINK:
		return tmpfs_unlink(req->path);
	case FS_MKDIR: {
		struct tnode *d;
		long r = tmpfs_create(req->path, FS_TYPE_DIR, &d);
		if (r == 0)
			d->mode = req->mode & 07777;
		return r;
	}
	case FS_RMDIR:
		return tmpfs_rmdir(req->path);
	case FS_STAT:
	case FS_FSTAT: {
		struct tnode *node = f ? f->node : NULL;
		if (req->op == FS_STAT && diskfs_path(req->path, &rest)) {
			long err = diskfs_stat_path(rest, (struct fs_stat *)reply);
			*reply_len = err < 0 ? 0 : sizeof(struct fs_stat);
			return err;
		}
		if (req->op == FS_FSTAT && f && f->disk) {
			diskfs_stat(f->disk, (struct fs_stat *)reply);
			*reply_len = sizeof(struct fs_stat);
			return 0;
		}
		if (req->op == FS_STAT) {
			long err = tmpfs_lookup(req->path, &node);
			if (err < 0)
				return err;
		} else if (!f) {
			return -EBADF;
		}
		tmpfs_stat(node, (struct fs_stat *)reply);
		*reply_len = sizeof(struct fs_stat);
		return 0;
	}
	case FS_MMAP: {
		if (f && !f->disk && f->node->device == DEV_ZERO)
			return FS_MMAP_ANONYMOUS;
		if (!f || (f->disk ? diskfs_is_dir(f->disk) : f->node->type != FS_TYPE_FILE))
			return f ? -ENODEV : -EBADF;
		int shared = req->flags & MAP_SHARED, writable = req->mode & PROT_WRITE;
		if (!!shared == !!(req->flags & MAP_PRIVATE) || req->len == 0)
			return -EINVAL;
		if (!shared && writable && (req->flags & MAP_LLM))
			return -ENOTSUP; /* a capped mapping's pages are the pager's to map */
		/* A private mapping's writes go to copies the kernel makes (copy on
		 * write): it needs the file readable, and gets it read-only. */
		writable = writable && shared;
		if ((f->flags & O_ACCMODE) == O_WRONLY ||
		    (writable && (f->flags & O_ACCMODE) != O_RDWR))
			return -EACCES;
		long cap =
		    f->disk
			? diskfs_object_for(f->disk, req->len, writable, req->flags & MAP_LLM)
			: filepager_object_for(f->node, req->len, writable, req->flags & MAP_LLM);
		if (cap < 0)
			return cap;
		*reply_cap = (int)cap;
		return 0;
	}
	case FS_RENAME: {
		char *to = (char *)(req + 1);
		const char *rest_to;
		if (req->len == 0 || req->len > FS_PATH_MAX || req->len > len - sizeof(*req) ||
		    to[req->len - 1] != '\0')
			return -EINVAL; /* the new path, with its NUL, after the request */
		if ((resolved = dotdot_resolve(to)) < 0)
			return resolved;
		int from_disk = diskfs_path(req->path, &rest), to_disk = diskfs_path(to, &rest_to);
		if (from_disk != to_disk)
			return -EXDEV;
		return from_disk ? diskfs_rename(rest, rest_to) : tmpfs_rename(req->path, to);
	}
	case FS_FSYNC:
		return f ? (f->disk ? diskfs_sync(f->disk) : 0) : -EBADF;
	case FS_SYNC:
		return diskfs_sync(NULL);
	case FS_CHMOD: {
		struct tnode *node = f ? f->node : NULL;
		if (req->path[0] == '\0' && !f)
			return -EBADF;
		if (req->path[0] ? diskfs_path(req->path, &rest) : f->disk != NULL)
			return -ENOTSUP; /* a disk file's modes stay as ext2 has them */
		if (req->path[0]) {
			long err = tmpfs_lookup(req->path, &node);
			if (err < 0)
				return err;
		}
		return tmpfs_chmod(node, req->mode);
	}
	case FS_STATFS: {
		struct tnode *node;
		long err = 0;
		if (req->path[0] == '\0' && !f)
			return -EBADF;
		if (req->path[0] ? diskfs_path(req->path, &rest) : f->disk != NULL)
			err = diskfs_statfs(req->path[0] ? rest : NULL, (struct fs_statfs *)reply);
		else if (!req->path[0] || (err = tmpfs_lookup(req->path, &node)) == 0)
			err = tmpfs_statfs((struct fs_statfs *)reply);
		*reply_len = err < 0 ? 0 : sizeof(struct fs_statfs);
		return err;
	}
	case FS_MEMSTAT:
		*reply_len = sizeof(struct fs_memstat);
		return memstat();
	case FS_NOFILE:
		*reply_len = sizeof(struct fs_nofile);
		return set_limit(c, req);
	case FS_READDIR: {
		if (!f)
			return -EBADF;
		if (req->offset < 0)
			return -EINVAL;
		struct fs_dirent *e = (struct fs_dirent *)reply;
		int r = f->disk ? diskfs_readdir(f->disk, (uint64_t)req->offset, e)
				: tmpfs_readdir(f->node, (uint64_t)req->offset, e);
		if (r > 0)
			*reply_len = sizeof(struct fs_dirent);
		return r;
	}
	}
	return -ENOSYS;
}

/* Give the process manager (slot 0) a way to reach us. */
static int register_with_manager(long port)
{
	uintptr_t va;
	long conn = bower_ipc_connect(0, &va);
	if (conn < 0)
		return -1;
	struct bower_ipc_call msg = {.len = 0};
	msg.cap = (int)bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	long err = bower_ipc_call((int)conn, &msg);
	bower_cap_delete(msg.cap);
	bower_cap_delete((int)conn);
	bower_cap_delete(0); /* we need nothing else from the manager */
	return err < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	size_t cache_pages = CACHE_DEFAULT_PAGES;
	int pager_cpu = -1;
	tmpfs_init();
	/* Where programs put their temporary files: POSIX's default for
	 * TMPDIR, which test suites and tmpfile-style code assume exists. */
	struct tnode *tmp;
	if (tmpfs_create("/tmp", FS_TYPE_DIR, &tmp) < 0)
		printf("fs: cannot make /tmp\n");
	bindir_init();
	devdir_init();
	initfiles_load();
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "cache=", 6) == 0)
			cache_pages = cache_size_of(argv[i] + 6);
		if (strncmp(argv[i], "predictor=", 10) == 0 && predict_choose(argv[i] + 10) < 0)
			printf("fs: unknown predictor '%s'; using hybrid\n", argv[i] + 10);
		if (strcmp(argv[i], "profiles=off") == 0)
			predict_without_profiles();
		if (strncmp(argv[i], "pager_cpu=", 10) == 0)
			pager_cpu = atoi(argv[i] + 10);
	}
	/* The disk is mounted before anyone can ask for a file, and before
	 * the server makes capabilities of its own (slot BLK_PORT_SLOT is
	 * free when there is no disk). */
	diskfs_mount(BLK_PORT_SLOT, cache_pages);
	if (filepager_start(pager_cpu) < 0)
		printf("fs: cannot register as a pager: file mappings will fail\n");
	long port = bower_port_create();
	if (port < 0 || register_with_manager(port) < 0) {
		printf("fs: cannot start: no process manager to register with\n");
		return 1;
	}
	/* Each turn answers the last call and takes the next in one system
	 * call (the first has nothing to answer). */
	struct bower_ipc_reply_recv m = {
	    .reply = reply, .reply_cap = BOWER_NO_CAP, .buf = request, .buflen = sizeof(request)};
	for (;;) {
		long err = bower_ipc_reply_recv((int)port, &m);
		if (m.reply_cap != BOWER_NO_CAP)
			bower_cap_delete(m.reply_cap); /* the client has its own copy now */
		m.reply_cap = BOWER_NO_CAP;
		m.reply_len = 0;
		if (err < 0) {
			/* The reply was refused (no room for its capability in
			 * the client's table, say) and the call is still held:
			 * the next turn answers it with the error instead. */
			m.ret = err;
			continue;
		}
		struct bower_ipc_recv *info = &m.info;
		fs_lock();
		if (info->flags & BOWER_IPC_CLOSED) {
			client_gone(info->badge);
			fs_unlock();
			continue;
		}
		if (info->cap != BOWER_NO_CAP)
			bower_cap_delete(info->cap);	   /* we take no capabilities */
		if (info->len < sizeof(struct fs_request)) /* it ends before its path: none */
			((struct fs_request *)request)->path[0] = '\0';
		size_t reply_len = 0;
		const void *reply_at = reply;
		/* What the kernel has told the pager comes first: a request sees
		 * a removed file's last mapping gone once its munmap returned. */
		filepager_drain();
		struct client *c = client_for(info->badge, 1);
		m.ret = c ? serve(c, (struct fs_request *)request, info->len, &reply_len,
				  &reply_at, &m.reply_cap)
			  : -ENOMEM;
		m.reply = reply_at;
		m.reply_len = reply_len;
		fs_unlock();
	}
}
