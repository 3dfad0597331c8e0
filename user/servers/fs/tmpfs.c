/*
 * tmpfs.c - files and directories in the server's memory.
 *
 * Paths are resolved component by component from the root; each component
 * is checked for length. A node stays alive while it is linked in the
 * tree, open, or mapped, so unlinking a file keeps its data for whoever
 * has it open or mapped, as POSIX says: such a node waits in `orphans`
 * (where the pager still finds it) until its last close and its memory
 * object's last mapping (the kernel's UNUSED notice, tmpfs_unused). Directories are short child lists: fine for the
 * handful of entries a teaching system holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bower/syscall_nr.h>
#include "tmpfs.h"
#include "pages.h"

static struct tnode root;
static uint64_t next_ino = 2;
static size_t pages_held, nodes = 1; /* the root */

/* n changed at `now`: its status (ctime), and with data its contents
 * (mtime). An operation that changes two nodes reads the clock once. */
static void touch_at(struct tnode *n, int data, uint64_t now)
{
	n->ctime = now;
	if (data)
		n->mtime = now;
}

static void touch(struct tnode *n, int data)
{
	struct timespec now; /* time() would ask gettimeofday, which asks this */
	clock_gettime(CLOCK_REALTIME, &now);
	touch_at(n, data, (uint64_t)now.tv_sec);
}

__attribute__((cold, noinline)) void tmpfs_written(struct tnode *n)
{
	touch(n, 1);
}

void tmpfs_init(void)
{
	root.ino = 1;
	root.pmo = -1;
	root.type = FS_TYPE_DIR;
	root.linked = 1;
	root.parent = &root;
	touch(&root, 1);
	root.atime = root.mtime;
}

/* Split the next component off *path into name: its length, 0 at the end,
 * or -ENAMETOOLONG. */
static int next_component(const char **path, char *name)
{
	const char *p = *path;
	while (*p == '/')
		p++;
	size_t n = 0;
	while (p[n] && p[n] != '/')
		n++;
	if (n > FS_NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, p, n);
	name[n] = '\0';
	*path = p + n;
	return (int)n;
}

static struct tnode *child(struct tnode *dir, const char *name)
{
	for (struct tnode *c = dir->children; c; c = c->next_sibling)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Walk to the parent of the last component; name gets that component. */
static int walk_parent(const char *path, struct tnode **parent, char *name)
{
	if (path[0] != '/')
		return -ENOENT;
	struct tnode *dir = &root;
	char comp[FS_NAME_MAX + 1];
	int n = next_component(&path, comp);
	if (n < 0)
		return n;
	name[0] = '\0';
	while (n > 0) {
		char next[FS_NAME_MAX + 1];
		int m = next_component(&path, next);
		if (m < 0)
			return m;
		if (m == 0) { /* comp is the last component */
			strcpy(name, comp);
			break;
		}
		if (strcmp(comp, ".") != 0) {
			struct tnode *c = strcmp(comp, "..") == 0 ? dir->parent : child(dir, comp);
			if (!c)
				return -ENOENT;
			if (c->type != FS_TYPE_DIR)
				return -ENOTDIR;
			dir = c;
		}
		strcpy(comp, next);
	}
	*parent = dir;
	return 0;
}

int tmpfs_lookup(const char *path, struct tnode **out)
{
	struct tnode *dir;
	char name[FS_NAME_MAX + 1];
	int err = walk_parent(path, &dir, name);
	if (err < 0)
		return err;
	if (name[0] == '\0' || strcmp(name, ".") == 0) {
		*out = dir;
		return 0;
	}
	struct tnode *n = strcmp(name, "..") == 0 ? dir->parent : child(dir, name);
	if (!n)
		return -ENOENT;
	*out = n;
	return 0;
}

int tmpfs_create(const char *path, uint32_t type, struct tnode **out)
{
	struct tnode *dir;
	char name[FS_NAME_MAX + 1];
	int err = walk_parent(path, &dir, name);
	if (err < 0)
		return err;
	if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    child(dir, name))
		return -EEXIST;
	if (dir->readonly)
		return -EROFS;
	struct tnode *n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	nodes++;
	n->ino = next_ino++;
	n->type = type;
	n->mode = type == FS_TYPE_DIR ? 0755 : type == FS_TYPE_CHAR ? 0666 : 0644;
	n->pmo = -1;
	strcpy(n->name, name);
	n->parent = dir;
	n->linked = 1;
	n->next_sibling = dir->children;
	dir->children = n;
	touch(n, 1);
	n->atime = n->mtime;
	touch_at(dir, 1, n->mtime);
	*out = n;
	return 0;
}

static struct tnode *orphans; /* unlinked, still open or mapped */

static void orphan_remove(struct tnode *n)
{
	for (struct tnode **p = &orphans; *p; p = &(*p)->next_orphan)
		if (*p == n) {
			*p = n->next_orphan;
			return;
		}
}

static void free_node(struct tnode *n)
{
	orphan_remove(n);
	tmpfs_node_leaving(n);
	tmpfs_pages_leaving(n, 0);
	tmpfs_truncate(n, 0);
	free(n->pages);
	free(n);
	nodes--;
}

static void detach(struct tnode *n);

static void unlink_node(struct tnode *n)
{
	touch(n->parent, 1);
	touch_at(n, 0, n->parent->mtime);
	detach(n);
	n->linked = 0;
	if (n->opens == 0 && !n->mapped) {
		free_node(n);
		return;
	}
	n->next_orphan = orphans;
	orphans = n;
}

void tmpfs_unused(struct tnode *n)
{
	n->mapped = 0;
	if (n->opens == 0 && !n->linked)
		free_node(n);
}

int tmpfs_unlink(const char *path)
{
	struct tnode *n;
	int err = tmpfs_lookup(path, &n);
	if (err < 0)
		return err;
	if (n->type == FS_TYPE_DIR)
		return -EISDIR;
	if (n->readonly)
		return -EROFS;
	unlink_node(n);
	return 0;
}

int tmpfs_rmdir(const char *path)
{
	struct tnode *n;
	int err = tmpfs_lookup(path, &n);
	if (err < 0)
		return err;
	if (n->type != FS_TYPE_DIR)
		return -ENOTDIR;
	if (n == &root)
		return -EBUSY;
	if (n->readonly)
		return -EROFS;
	if (n->children)
		return -ENOTEMPTY;
	unlink_node(n);
	return 0;
}

/* Take n out of its directory's list. */
static void detach(struct tnode *n)
{
	struct tnode **p = &n->parent->children;
	while (*p != n)
		p = &(*p)->next_sibling;
	*p = n->next_sibling;
}

int tmpfs_rename(const char *from, const char *to)
{
	struct tnode *n, *dir;
	char name[FS_NAME_MAX + 1];
	int err = tmpfs_lookup(from, &n);
	if (err < 0 || (err = walk_parent(to, &dir, name)) < 0)
		return err;
	if (n == &root)
		return -EBUSY;
	if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	for (struct tnode *d = dir; d != &root; d = d->parent)
		if (d == n)
			return -EINVAL; /* a directory into itself */
	struct tnode *old = child(dir, name);
	if (old == n)
		return 0;
	if (n->readonly || n->parent->readonly || dir->readonly || (old && old->readonly))
		return -EROFS; /* /bin's and /dev's names stay */
	if (old && (old->type == FS_TYPE_DIR) != (n->type == FS_TYPE_DIR))
		return old->type == FS_TYPE_DIR ? -EISDIR : -ENOTDIR;
	if (old && old->children)
		return -ENOTEMPTY;
	if (old)
		unlink_node(old);
	touch(n->parent, 1);
	uint64_t now = n->parent->mtime;
	detach(n);
	strcpy(n->name, name);
	n->parent = dir;
	n->next_sibling = dir->children;
	dir->children = n;
	touch_at(dir, 1, now);
	touch_at(n, 0, now);
	return 0;
}

void tmpfs_close(struct tnode *n)
{
	if (--n->opens == 0 && !n->linked && !n->mapped)
		free_node(n);
}

/* The page of n at index, or NULL (a hole, or past the slots). */
static char *page_at(const struct tnode *n, size_t index)
{
	return index < n->npages ? n->pages[index] : NULL;
}

ssize_t tmpfs_read_with(struct tnode *n, uint64_t off, size_t len, tmpfs_move_fn move, void *arg)
{
	if (n->type == FS_TYPE_DIR)
		return -EISDIR;
	if (off >= n->size)
		return 0;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	size_t done = 0;
	while (done < len) {
		uint64_t pos = off + done;
		size_t in_page = (size_t)(pos % TMPFS_PAGE), index = (size_t)(pos / TMPFS_PAGE);
		char *page = page_at(n, index);
		size_t run = TMPFS_PAGE - in_page < len - done ? TMPFS_PAGE - in_page : len - done;
		/* Pages that follow each other in memory go in one move. */
		for (size_t k = index + 1; page && done + run < len; k++) {
			if (page_at(n, k) != page + (k - index) * TMPFS_PAGE)
				break;
			run += TMPFS_PAGE < len - done - run ? TMPFS_PAGE : len - done - run;
		}
		ssize_t got = move(arg, done, page ? page + in_page : NULL, run);
		if (got < 0)
			return done ? (ssize_t)done : got;
		done += (size_t)got;
		if ((size_t)got < run)
			break;
	}
	if (done)
		touch(n, 1);
	return (ssize_t)done;
}

static ssize_t copy_out(void *buf, size_t done, void *file, size_t n)
{
	if (file)
		memcpy((char *)buf + done, file, n);
	else
		memset((char *)buf + done, 0, n); /* a hole */
	return (ssize_t)n;
}

ssize_t tmpfs_read(struct tnode *n, uint64_t off, void *buf, size_t len)
{
	return tmpfs_read_with(n, off, len, copy_out, buf);
}

const void *tmpfs_view(struct tnode *n, uint64_t off, size_t len, size_t *got)
{
	if (n->type != FS_TYPE_FILE || off >= n->size)
		return NULL;
	if (len > n->size - off)
		len = (size_t)(n->size - off);
	size_t index = (size_t)(off / TMPFS_PAGE), in_page = (size_t)(off % TMPFS_PAGE);
	if (len == 0 || in_page + len > TMPFS_PAGE || index >= n->npages || !n->pages[index])
		return NULL;
	*got = len;
	return (const char *)n->pages[index] + in_page;
}

struct tnode *tmpfs_by_ino(uint64_t ino)
{
	/* The removed files still open or mapped, then depth-first over the
	 * tree: files are few. */
	for (struct tnode *o = orphans; o; o = o->next_orphan)
		if (o->ino == ino)
			return o;
	struct tnode *stack[64];
	int top = 0;
	stack[top++] = &root;
	while (top > 0) {
		struct tnode *d = stack[--top];
		if (d->ino == ino)
			return d;
		for (struct tnode *c = d->children; c; c = c->next_sibling) {
			if (c->ino == ino)
				return c;
			if (c->type == FS_TYPE_DIR && top < 64)
				stack[top++] = c;
		}
	}
	return NULL;
}

/* Make room for `pages` page slots. */
static int reserve(struct tnode *n, size_t pages)
{
	if (pages <= n->npages)
		return 0;
	size_t want = n->npages ? n->npages : 4;
	while (want < pages)
		want *= 2;
	void **p = realloc(n->pages, want * sizeof(void *));
	if (!p)
		return -ENOMEM;
	memset(p + n->npages, 0, (want - n->npages) * sizeof(void *));
	n->pages = p;
	n->npages = want;
	return 0;
}

/* The page of n at index (slots reserved), made if it is a hole: NULL
 * when memory is gone. */
static char *page_for_write(struct tnode *n, size_t index)
{
	void **slot = &n->pages[index];
	if (!*slot) {
		*slot = pages_get();
		if (!*slot)
			return NULL;
		pages_held++;
	}
	return *slot;
}

ssize_t tmpfs_write_with(struct tnode *n, uint64_t off, size_t len, tmpfs_move_fn move, void *arg)
{
	if (n->type == FS_TYPE_DIR)
		return -EISDIR;
	if (off > TMPFS_FILE_MAX || len > TMPFS_FILE_MAX - off)
		return -EFBIG;
	if (len == 0)
		return 0;
	if (reserve(n, (size_t)((off + len + TMPFS_PAGE - 1) / TMPFS_PAGE)) < 0)
		return -ENOSPC;
	size_t done = 0;
	while (done < len) {
		uint64_t pos = off + done;
		size_t in_page = (size_t)(pos % TMPFS_PAGE), index = (size_t)(pos / TMPFS_PAGE);
		char *page = page_for_write(n, index);
		if (!page)
			return done ? (ssize_t)done : -ENOSPC;
		size_t run = TMPFS_PAGE - in_page < len - done ? TMPFS_PAGE - in_page : len - done;
		/* Pages that follow each other in memory go in one move (a file
		 * written from its start gets consecutive pages of the pool). */
		for (size_t k = index + 1; done + run < len; k++) {
			if (page_for_write(n, k) != page + (k - index) * TMPFS_PAGE)
				break;
			run += TMPFS_PAGE < len - done - run ? TMPFS_PAGE : len - done - run;
		}
		ssize_t got = move(arg, done, page + in_page, run);
		if (got < 0)
			return done ? (ssize_t)done : got;
		done += (size_t)got;
		if (pos + (uint64_t)got > n->size)
			n->size = pos + (uint64_t)got;
		if ((size_t)got < run)
			break;
	}
	if (done)
		touch(n, 1);
	return (ssize_t)done;
}

static ssize_t copy_in(void *buf, size_t done, void *file, size_t n)
{
	memcpy(file, (const char *)buf + done, n);
	return (ssize_t)n;
}

ssize_t tmpfs_write(struct tnode *n, uint64_t off, const void *buf, size_t len)
{
	return tmpfs_write_with(n, off, len, copy_in, (void *)buf);
}

void *tmpfs_page(struct tnode *n, size_t index)
{
	if (n->type != FS_TYPE_FILE || (uint64_t)index * TMPFS_PAGE >= n->size)
		return NULL;
	if (index < n->npages && n->pages[index])
		return n->pages[index]; /* a page it has: what a pager mostly asks for */
	if (reserve(n, index + 1) < 0)
		return NULL;
	if (!n->pages[index]) {
		n->pages[index] = pages_get();
		if (!n->pages[index])
			return NULL;
		pages_held++;
	}
	return n->pages[index];
}

int tmpfs_truncate(struct tnode *n, uint64_t len)
{
	if (n->type == FS_TYPE_DIR)
		return -EISDIR;
	if (len > TMPFS_FILE_MAX)
		return -EFBIG;
	size_t keep = (size_t)((len + TMPFS_PAGE - 1) / TMPFS_PAGE);
	if (keep < n->npages)
		tmpfs_pages_leaving(n, keep);
	/* Last page first: the pool hands pages back in the reverse order of
	 * their return, so a file written afterwards gets them in order, and
	 * its pages follow each other in memory as they did here (a run of
	 * them is one copy to or from a client: bulk.c). */
	for (size_t i = n->npages; i-- > keep;)
		if (n->pages[i]) {
			pages_put(n->pages[i]);
			n->pages[i] = NULL;
			pages_held--;
		}
	/* The kept last page must read as zeros past the new end. */
	if (len % TMPFS_PAGE && keep > 0 && keep <= n->npages && n->pages[keep - 1])
		memset((char *)n->pages[keep - 1] + len % TMPFS_PAGE, 0,
		       TMPFS_PAGE - len % TMPFS_PAGE);
	n->size = len;
	touch(n, 1);
	return 0;
}

int tmpfs_readdir(struct tnode *dir, uint64_t index, struct fs_dirent *e)
{
	if (dir->type != FS_TYPE_DIR)
		return -ENOTDIR;
	struct tnode *c = dir->children;
	for (uint64_t i = 0; c && i < index; i++)
		c = c->next_sibling;
	if (!c)
		return 0;
	memset(e, 0, sizeof(*e));
	e->ino = c->ino;
	e->type = c->type;
	strcpy(e->name, c->name);
	return 1;
}

void tmpfs_stat(const struct tnode *n, struct fs_stat *st)
{
	st->size = n->type == FS_TYPE_DIR ? 0 : n->size;
	st->ino = n->ino;
	st->type = n->type;
	st->nlink = n->linked ? 1 : 0;
	st->atime = n->atime;
	st->mtime = n->mtime;
	st->ctime = n->ctime;
	st->mode = n == &root ? 0755 : n->mode;
}

int tmpfs_chmod(struct tnode *n, uint32_t mode)
{
	if (n->readonly || n == &root)
		return -EROFS; /* /bin's and /dev's, and the root's */
	n->mode = mode & 07777;
	touch(n, 0);
	return 0;
}

size_t tmpfs_pages_held(void)
{
	return pages_held;
}

size_t tmpfs_nodes(void)
{
	return nodes;
}

long tmpfs_statfs(struct fs_statfs *out)
{
	struct bower_memstat st;
	if (bower_mem_stat(&st) < 0)
		return -EIO;
	uint64_t files = st.total_pages / 2;
	*out = (struct fs_statfs){
	    .block_size = TMPFS_PAGE,
	    .blocks = st.total_pages,
	    .free_blocks = st.free_pages,
	    .avail_blocks = st.free_pages,
	    .files = files,
	    .free_files = files > nodes ? files - nodes : 0,
	    .fsid = 1,
	    .type = FS_STATFS_TMPFS,
	    .name_max = FS_NAME_MAX,
	};
	return 0;
}

void tmpfs_path(const struct tnode *n, char *out, size_t size)
{
	const struct tnode *chain[FS_PATH_MAX / 2];
	size_t depth = 0, len = 0;
	/* Up to the root, which is its own parent (and has no name). */
	for (; n && n->parent != n && depth < sizeof(chain) / sizeof(chain[0]); n = n->parent)
		chain[depth++] = n;
	out[0] = '\0';
	while (depth > 0) {
		int w = snprintf(out + len, size - len, "/%s", chain[--depth]->name);
		if (w < 0 || (size_t)w >= size - len) {
			out[0] = '\0';
			return;
		}
		len += (size_t)w;
	}
}
