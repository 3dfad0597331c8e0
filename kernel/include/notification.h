/* notification.h - counting notifications (signal / wait / poll). */
#ifndef KERNEL_NOTIFICATION_H
#define KERNEL_NOTIFICATION_H

#include <object.h>

/* A new notification with a count of zero and one reference, or NULL. */
struct kobject *notification_create(void);
/* Count one signal and wake one waiter. */
void notification_signal(struct kobject *n);
struct thread;
/* The same, but the waiter (NULL if none) is only taken off the wait, for
 * the caller to run at once (sched_block_switch, sched_park) or make
 * runnable; its wait has ended already. */
struct thread *notification_signal_take(struct kobject *n);
/* Take one signal, as the end of the current system call: 0, or -EAGAIN
 * when none is pending and how is BOWER_WAIT_POLL, or when the CPU became
 * free first (BOWER_WAIT_OR_IDLE). BOWER_WAIT_BLOCK sleeps until one
 * comes. A wait that sleeps parks the thread (sched_park: it does not
 * return) and its result goes in the frame's x[reg]; next (a blocked
 * thread on no list, just answered, or NULL) then runs at once, and is
 * made runnable otherwise. Takes over the caller's reference on n. */
long notification_wait(struct kobject *n, int how, struct thread *next, unsigned reg);

#endif
