/* poll.h - waiting for several descriptors at once (poll.c), which
 * picolibc leaves to the system. Linux's values. */
#ifndef BOWER_POLL_H
#define BOWER_POLL_H

struct pollfd {
	int fd;	       /* a negative one is passed over */
	short events;  /* what is asked */
	short revents; /* what is so */
};

typedef unsigned long nfds_t;

#define POLLIN	   0x001 /* something to read */
#define POLLPRI	   0x002 /* urgent data: never, here */
#define POLLOUT	   0x004 /* a write would not wait */
#define POLLERR	   0x008 /* a pipe's write end with no reader (always told) */
#define POLLHUP	   0x010 /* a pipe's read end with no writer (always told) */
#define POLLNVAL   0x020 /* not an open descriptor (always told) */
#define POLLRDNORM 0x040 /* as POLLIN */
#define POLLRDBAND 0x080 /* never, here */
#define POLLWRNORM 0x100 /* as POLLOUT */
#define POLLWRBAND 0x200 /* never, here */

int poll(struct pollfd *fds, nfds_t nfds, int timeout);
/* poll with a timespec (NULL: for ever) and the signal mask to wait with
 * (NULL: the caller's), put in and taken out with the wait (Linux's). */
#include <sys/_sigset.h>
struct timespec;
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
	  const __sigset_t *mask);

#endif
