/* poll.h - waiting until one of several things is ready (object/poll.c). */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#include <types.h>
#include <bower/abi.h>

/* Something a poller may be waiting for may have become ready (a pipe
 * read or written, a pipe's last end of a kind gone, a byte typed): every
 * poller looks again. Cheap when nobody polls. */
void poll_wake(void);
/* The poll system call's work on items already in kernel memory: how many
 * items have revents, 0 when the deadline came first, -EINTR. */
long poll_wait(struct bower_poll_item *items, unsigned long n, uint64_t deadline);

#endif
