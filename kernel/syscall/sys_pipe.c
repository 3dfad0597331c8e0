/*
 * sys_pipe.c - the pipe calls (kernel/object/pipe.c).
 *
 * pipe_create reserves the two slots first, makes the pipe, and copies the
 * slot numbers out before filling them: a failed copy undoes it all. A
 * read or write looks its end up, holds the pipe across the sleeps of the
 * call (waiting for data or room, and the copies), and uses nothing else.
 * poll looks at pipe ends and the console's input (object/poll.c).
 */
#include <syscall.h>
#include <signal.h>
#include <process.h>
#include <pipe.h>
#include <poll.h>

long sys_pipe_create(int *uends)
{
	struct cap_table *t = &current_process()->caps;
	if (!user_range_ok(uends, 2 * sizeof(int)))
		return -BOWER_EFAULT;
	int r = cap_reserve(t);
	if (r < 0)
		return r;
	int w = cap_reserve(t);
	if (w < 0) {
		cap_unreserve(t, r);
		return w;
	}
	struct kobject *pipe = pipe_create();
	int ends[2] = {r, w};
	long err = !pipe ? -BOWER_ENOMEM : copy_to_user(uends, ends, sizeof(ends));
	if (err) {
		cap_unreserve(t, r);
		cap_unreserve(t, w);
	} else {
		cap_fill(t, r, pipe, BOWER_RIGHT_READ | BOWER_RIGHT_GRANT);
		cap_fill(t, w, pipe, BOWER_RIGHT_WRITE | BOWER_RIGHT_GRANT);
	}
	if (pipe)
		kobj_put(pipe); /* the capabilities hold it now, or nothing does */
	return err;
}

/* The pipe end in slot with the right asked, held: 0, or the error. */
static long pipe_end(int slot, uint32_t right, int flags, int known, const void *ubuf,
		     size_t len, struct kobject **obj)
{
	long err = cap_lookup(&current_process()->caps, slot, KOBJ_PIPE, right, obj);
	if (err)
		return err;
	if (flags & ~known)
		return -BOWER_EINVAL;
	if (!user_range_ok(ubuf, len))
		return -BOWER_EFAULT;
	kobj_get(*obj);
	return 0;
}

long sys_pipe_read(int slot, void *ubuf, size_t len, int flags)
{
	struct kobject *pipe;
	long ret = pipe_end(slot, BOWER_RIGHT_READ, flags, BOWER_PIPE_NONBLOCK | BOWER_PIPE_PEEK,
			    ubuf, len, &pipe);
	if (ret)
		return ret;
	signal_wait_begin(true); /* a signal ends a wait for data; SA_RESTART waits again */
	if (len)
		ret = pipe_read(pipe, ubuf, len, flags & BOWER_PIPE_NONBLOCK,
				flags & BOWER_PIPE_PEEK);
	signal_wait_end(ret);
	kobj_put(pipe);
	return ret;
}

long sys_pipe_write(int slot, const void *ubuf, size_t len, int flags)
{
	struct kobject *pipe;
	long ret = pipe_end(slot, BOWER_RIGHT_WRITE, flags, BOWER_PIPE_NONBLOCK, ubuf, len, &pipe);
	if (ret)
		return ret;
	signal_wait_begin(true); /* as a read: what went in before a signal is the result */
	if (len)
		ret = pipe_write(pipe, ubuf, len, flags & BOWER_PIPE_NONBLOCK);
	signal_wait_end(ret);
	kobj_put(pipe);
	return ret;
}

long sys_poll(struct bower_poll_item *uitems, unsigned long n, unsigned long deadline,
	      const unsigned long *umask)
{
	struct bower_poll_item items[BOWER_POLL_MAX];
	uint64_t mask, old = 0;
	if (n > BOWER_POLL_MAX)
		return -BOWER_EINVAL;
	if ((n && copy_from_user(items, uitems, n * sizeof(items[0]))) ||
	    (umask && copy_from_user(&mask, umask, sizeof(mask))))
		return -BOWER_EFAULT;
	long err = umask ? signal_mask_for_wait(mask, &old) : 0; /* ppoll, pselect */
	if (err)
		return err;
	/* A signal ends the wait; SA_RESTART does not start it again, as on
	 * Linux (its time would run from the start). */
	signal_wait_begin(false);
	long ret = poll_wait(items, n, deadline);
	signal_wait_end(ret);
	if (umask)
		signal_mask_after_wait(old, ret == -BOWER_EINTR);
	if (ret >= 0 && n && copy_to_user(uitems, items, n * sizeof(items[0])))
		return -BOWER_EFAULT;
	return ret;
}
