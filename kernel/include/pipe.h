/* pipe.h - pipes: a bounded byte stream between processes (object/pipe.c). */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include <object.h>

/* A new, empty pipe with one reference (the caller's), or NULL. Its ends
 * are capabilities: one with READ reads, one with WRITE writes. */
struct kobject *pipe_create(void);
/* Read up to len bytes into user memory, waiting (unless nonblock) while
 * the pipe is empty and a write end exists: how many, 0 at the end (no
 * write end left and nothing unread), -EAGAIN, -EFAULT (nothing taken),
 * -EINTR if the thread is killed. With peek the bytes stay in the pipe.
 * The caller holds a reference. */
long pipe_read(struct kobject *obj, void *ubuf, size_t len, bool nonblock, bool peek);
/* Write len bytes from user memory, waiting (unless nonblock) for room:
 * how many (all of them unless it was cut short), -EPIPE if no read end
 * is left, -EAGAIN, -EFAULT, -EINTR. A write of up to BOWER_PIPE_ATOMIC
 * bytes goes in whole or not at all. The caller holds a reference. */
long pipe_write(struct kobject *obj, const void *ubuf, size_t len, bool nonblock);

/* What a pipe end with `rights` is ready for now (BOWER_POLL_* bits). */
unsigned pipe_poll(struct kobject *obj, uint32_t rights);

#endif
