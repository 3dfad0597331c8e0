/*
 * pipe.c - pipes: a page of bytes between a writer and a reader.
 *
 * A pipe is one object with two kinds of capability: one with READ is a
 * read end, one with WRITE a write end (pipe_create makes one of each).
 * The pipe counts the capabilities of each kind (cap_counted), in every
 * table: when the last write end goes, a reader finds the end of the
 * stream once it has read what is left; when the last read end goes, a
 * writer gets EPIPE. A process that ends loses its capabilities, so a
 * killed peer is seen the same way. References held by threads sleeping
 * in a call do not count as ends.
 *
 * The bytes are a ring in one page. Reads and writes copy straight between
 * the ring and user memory, and a copy may sleep (the user page may belong
 * to a slow pager). So each side has a lock, held across its copy: a reader
 * copies out the bytes [head, head + n) before it takes them, and no other
 * reader can take them meanwhile; a writer copies into the free part after
 * head + len, which a reader never touches, before it counts them. A copy
 * that fails takes or gives nothing: a bad buffer costs the caller its
 * result, never the pipe's data. A write of up to BOWER_PIPE_ATOMIC bytes
 * waits until it fits whole, so such writes from several writers never
 * interleave (POSIX's PIPE_BUF).
 *
 * One wait queue per side serves both its lock and its condition (data to
 * read, room to write); every change wakes all of that side, and each
 * sleeper checks again what it waits for.
 */
#include <pipe.h>
#include <sched.h>
#include <slab.h>
#include <pmm.h>
#include <mmio.h>
#include <syscall.h>
#include <poll.h>

struct pipe {
	struct kobject kobj;
	char *ring;		 /* BOWER_PIPE_SIZE bytes: one page */
	size_t head, len;	 /* the first unread byte, and how many are unread */
	unsigned readers;	 /* capabilities with READ, in all tables */
	unsigned writers;	 /* capabilities with WRITE */
	bool reading, writing;	 /* a reader (writer) holds its side's lock */
	struct waitq readq;	 /* readers: for the lock, for data or the end */
	struct waitq writeq;	 /* writers: for the lock, for room or no readers */
};

static struct pipe *pipe_of(struct kobject *obj)
{
	return container_of(obj, struct pipe, kobj);
}

static void pipe_destroy(struct kobject *obj)
{
	struct pipe *p = pipe_of(obj);
	page_free(KPA(p->ring), 0);
	kfree(p);
}

static void pipe_cap_counted(struct kobject *obj, struct cap_table *t, uint32_t rights, int delta)
{
	(void)t;
	struct pipe *p = pipe_of(obj);
	if (rights & BOWER_RIGHT_READ) {
		p->readers += delta;
		if (p->readers == 0) {
			waitq_wake_all(&p->writeq); /* they get EPIPE */
			poll_wake();
		}
	}
	if (rights & BOWER_RIGHT_WRITE) {
		p->writers += delta;
		if (p->writers == 0) {
			waitq_wake_all(&p->readq); /* they find the end */
			poll_wake();
		}
	}
}

static const struct kobj_ops pipe_ops = {.destroy = pipe_destroy,
					 .cap_counted = pipe_cap_counted};

struct kobject *pipe_create(void)
{
	struct pipe *p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	paddr_t page = page_alloc(0);
	if (!page) {
		kfree(p);
		return NULL;
	}
	p->ring = KVA(page);
	kobj_init(&p->kobj, KOBJ_PIPE, &pipe_ops);
	waitq_init(&p->readq);
	waitq_init(&p->writeq);
	return &p->kobj;
}

/* Take a side's lock: 0, or -EINTR. */
static int lock_side(bool *held, struct waitq *q)
{
	while (*held) {
		int err = waitq_sleep(q);
		if (err)
			return err;
	}
	*held = true;
	return 0;
}

static void unlock_side(bool *held, struct waitq *q)
{
	*held = false;
	waitq_wake_all(q);
}

/* Copy up to n unread bytes out, in the ring's one or two pieces: how many
 * were copied before a fault (all of them, or fewer). */
static size_t copy_out(struct pipe *p, char *ubuf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t at = (p->head + done) % BOWER_PIPE_SIZE;
		size_t piece = MIN(n - done, BOWER_PIPE_SIZE - at);
		if (copy_to_user(ubuf + done, p->ring + at, piece))
			break;
		done += piece;
	}
	return done;
}

long pipe_read(struct kobject *obj, void *ubuf, size_t len, bool nonblock, bool peek)
{
	struct pipe *p = pipe_of(obj);
	long ret = lock_side(&p->reading, &p->readq);
	if (ret)
		return ret;
	while (p->len == 0 && p->writers > 0 && !ret)
		ret = nonblock ? -BOWER_EAGAIN : waitq_sleep(&p->readq);
	if (!ret && p->len > 0) {
		size_t got = copy_out(p, ubuf, MIN(len, p->len));
		ret = got ? (long)got : -BOWER_EFAULT;
		if (got && !peek) { /* only what reached the caller is taken */
			p->head = (p->head + got) % BOWER_PIPE_SIZE;
			p->len -= got;
			waitq_wake_all(&p->writeq);
			poll_wake();
		}
	}
	unlock_side(&p->reading, &p->readq);
	return ret;
}

/* Copy up to n bytes in after the unread ones: how many before a fault. A
 * reader may take bytes meanwhile, which moves head and len together and
 * leaves the place we copy to where it was. */
static size_t copy_in(struct pipe *p, const char *ubuf, size_t n)
{
	size_t tail = (p->head + p->len) % BOWER_PIPE_SIZE, done = 0;
	while (done < n) {
		size_t at = (tail + done) % BOWER_PIPE_SIZE;
		size_t piece = MIN(n - done, BOWER_PIPE_SIZE - at);
		if (copy_from_user(p->ring + at, ubuf + done, piece))
			break;
		done += piece;
	}
	return done;
}

long pipe_write(struct kobject *obj, const void *ubuf, size_t len, bool nonblock)
{
	struct pipe *p = pipe_of(obj);
	long err = lock_side(&p->writing, &p->writeq);
	if (err)
		return err;
	size_t done = 0;
	/* A small write waits for room for all of it; a large one takes what
	 * room there is. */
	size_t whole = len <= BOWER_PIPE_ATOMIC ? len : 1;
	while (done < len && !err) {
		if (p->readers == 0) {
			err = -BOWER_EPIPE;
		} else if (BOWER_PIPE_SIZE - p->len < (done ? 1 : whole)) {
			err = nonblock ? -BOWER_EAGAIN : waitq_sleep(&p->writeq);
		} else {
			size_t want = MIN(len - done, BOWER_PIPE_SIZE - p->len);
			size_t put = copy_in(p, (const char *)ubuf + done, want);
			if (put < want && whole == len)
				put = 0; /* a small write goes in whole or not at all */
			p->len += put;
			done += put;
			if (put) {
				waitq_wake_all(&p->readq);
				poll_wake();
			}
			if (put < want)
				err = -BOWER_EFAULT;
		}
	}
	unlock_side(&p->writing, &p->writeq);
	return done ? (long)done : err;
}

unsigned pipe_poll(struct kobject *obj, uint32_t rights)
{
	struct pipe *p = pipe_of(obj);
	unsigned ready = 0;
	if (rights & BOWER_RIGHT_READ)
		ready |= (p->len ? BOWER_POLL_IN : 0) | (p->writers ? 0 : BOWER_POLL_HUP);
	if (rights & BOWER_RIGHT_WRITE)
		ready |= p->readers == 0				 ? BOWER_POLL_ERR
			 : BOWER_PIPE_SIZE - p->len >= BOWER_PIPE_ATOMIC ? BOWER_POLL_OUT
									 : 0;
	return ready;
}
