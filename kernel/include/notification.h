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
 * runnable; a parked wait (notification_wait_park) has ended already. */
struct thread *notification_signal_take(struct kobject *n);
/* Take one signal: 0, or -EAGAIN when none is pending and how is
 * BOWER_WAIT_POLL, or when the CPU became free first (BOWER_WAIT_OR_IDLE).
 * BOWER_WAIT_BLOCK sleeps until one comes. */
int notification_wait(struct kobject *n, int how); /* BOWER_WAIT_* */
/* notification_wait, handing the CPU to next (a blocked thread on no
 * list, just answered) if it sleeps: next runs at once, with no trip
 * through the run queue; otherwise next is made runnable. */
int notification_wait_handing(struct kobject *n, int how, struct thread *next);
/* notification_wait_handing for a system call that ends with it: the
 * result goes in the frame's x[reg], and a wait that sleeps parks the
 * thread (sched_park: it does not return). Takes over the caller's
 * reference on n. */
void notification_wait_park(struct kobject *n, int how, struct thread *next, unsigned reg);

#endif
