/*
 * tmpfs.h - the file server's in-memory file system.
 *
 * A tree of nodes; a file's data is an array of page-sized, page-aligned
 * blocks the server owns (NULL where the file has a hole, which reads as
 * zeros). Keeping data in whole pages is what will let the pager map a
 * file's pages into clients. Functions return 0 or a count, or -errno.
 */
#ifndef TMPFS_H
#define TMPFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <bower/fs_proto.h>

#define TMPFS_PAGE     4096
/* The largest file size: 1 TiB. Only the pages written cost memory (a
 * file's slots grow as it grows; a hole costs nothing), so what really
 * bounds a file is memory, with ENOSPC; this bound keeps offsets far from
 * overflow. */
#define TMPFS_FILE_MAX (1UL << 40)

struct file_model; /* predict.c */

struct tnode {
	uint64_t ino;
	uint32_t type; /* FS_TYPE_FILE, FS_TYPE_DIR or FS_TYPE_CHAR */
	uint8_t device; /* FS_TYPE_CHAR: which (devdir.h) */
	uint32_t mode;	/* permission bits, as made or chmod'ed: stat says them */
	char name[FS_NAME_MAX + 1];
	struct tnode *parent;
	struct tnode *children, *next_sibling; /* directories */
	uint64_t size;
	void **pages;		  /* files: ceil(size / page) slots, NULL = hole */
	size_t npages;		  /* slots allocated in pages[] */
	int linked;		  /* in the tree */
	int opens;		  /* open descriptors */
	int mapped;		  /* its memory object was handed out, and may be mapped */
	struct tnode *next_orphan; /* removed but open or mapped: tmpfs.c's list */
	int pmo;		  /* the memory object clients map it with, or -1 */
	size_t pmo_pages;	  /* its size in pages */
	struct file_model *model; /* MAP_LLM prediction (predict.c), or NULL */
	int readonly;		  /* /bin and its files (bindir.c): EROFS to changes */
	/* Seconds since 1970: made (access: never later, as noatime), status
	 * changed, data changed (written, truncated; a directory's entries). */
	uint64_t atime, ctime, mtime;
	unsigned long program;	  /* a /bin file: 1 + its index in the ramdisk; else 0 */
};

void tmpfs_init(void);
/* Find the node at an absolute path. */
int tmpfs_lookup(const char *path, struct tnode **out);
/* Make a file or directory at path (its parent must exist). */
int tmpfs_create(const char *path, uint32_t type, struct tnode **out);
int tmpfs_unlink(const char *path);
int tmpfs_rmdir(const char *path);
/* Move from to the name to, replacing a file there (or an empty directory,
 * when a directory moves); a directory never into itself (EINVAL). */
int tmpfs_rename(const char *from, const char *to);
ssize_t tmpfs_read(struct tnode *n, uint64_t off, void *buf, size_t len);
/* n's data changed otherwise than by tmpfs_write (a write through a shared
 * mapping, seen at its write fault): its modification and change times
 * are now. */
void tmpfs_written(struct tnode *n);
/* Set n's permission bits (nothing enforces them: every process is
 * root): 0, or -EROFS for a read-only node. */
int tmpfs_chmod(struct tnode *n, uint32_t mode);
/* The absolute path of a node ("" if longer than size). */
void tmpfs_path(const struct tnode *n, char *out, size_t size);
/* Moves n bytes of file data for tmpfs_read_with and tmpfs_write_with:
 * between `file` (a run of the file's pages, contiguous in memory; NULL
 * for a read of a hole, at most a page, which reads as zeros) and the
 * other side at `done` bytes into the request. Returns the bytes moved (a
 * prefix of the n; fewer stops the transfer there) or a negative error. */
typedef ssize_t (*tmpfs_move_fn)(void *arg, size_t done, void *file, size_t n);
/* tmpfs_read and tmpfs_write with the data moved by `move`, a run of pages
 * at a time: the bytes moved (up to where a move fell short), or -errno
 * if none were. A write's size grows by what was moved. */
ssize_t tmpfs_read_with(struct tnode *n, uint64_t off, size_t len, tmpfs_move_fn move, void *arg);
ssize_t tmpfs_write_with(struct tnode *n, uint64_t off, size_t len, tmpfs_move_fn move, void *arg);
/* Where [off, off + len) of file n, cut at its end, lies in one page the
 * file holds: a pointer into that page and *got its length, valid until
 * the file changes. NULL if it crosses a page, or the page is a hole. */
const void *tmpfs_view(struct tnode *n, uint64_t off, size_t len, size_t *got);
ssize_t tmpfs_write(struct tnode *n, uint64_t off, const void *buf, size_t len);
int tmpfs_truncate(struct tnode *n, uint64_t len);
/* The index-th entry of a directory: 1 and *e, or 0 past the end. */
int tmpfs_readdir(struct tnode *dir, uint64_t index, struct fs_dirent *e);
void tmpfs_stat(const struct tnode *n, struct fs_stat *st);
/* An open descriptor went away: free the node if nothing else holds it. */
void tmpfs_close(struct tnode *n);
/* The last mapping of n's memory object went away (the kernel said so). */
void tmpfs_unused(struct tnode *n);
/* Pages of file data held, for tests. */
size_t tmpfs_pages_held(void);
/* Nodes alive (linked, or unlinked and still open), the root included. */
size_t tmpfs_nodes(void);
/* The file system, as statvfs tells it (fs_proto.h: bounded by memory). */
long tmpfs_statfs(struct fs_statfs *out);
/* The page holding bytes [index * page, ...) of file n, made (zeroed) if it
 * is a hole: NULL if index is past the end of the file or out of memory. */
void *tmpfs_page(struct tnode *n, size_t index);
/* Find a file by inode number (the pager's file id). */
struct tnode *tmpfs_by_ino(uint64_t ino);
/* Called before the pages of n from `first` on are freed or n itself is
 * (first 0): the pager takes them away from every client mapping. */
void tmpfs_pages_leaving(struct tnode *n, size_t first);
/* Called when n itself is about to be freed: whatever else the server
 * keeps about the file (its prediction model) goes with it. */
void tmpfs_node_leaving(struct tnode *n);

#endif
