/*
 * poll.c - poll and select: wait until one of several descriptors is
 * ready, or a time has passed, or a signal comes (EINTR).
 *
 * A file of the file server is always ready, as POSIX says of regular
 * files, and is answered here; pipe ends and the console's input are the
 * kernel's to watch (the poll system call, kernel/object/poll.c), which
 * waits for them all at once. Writing to the console never waits. ppoll
 * and pselect give the kernel the mask to wait with, which it puts in and
 * takes out with the wait, in one step, as sigsuspend's.
 */
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/time.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "fdtable.h"
#include "ticks.h"

#define READ_BITS  (POLLIN | POLLRDNORM)
#define WRITE_BITS (POLLOUT | POLLWRNORM)

/* The kernel's bits for what a pollfd asks, and back. */
static unsigned short kernel_events(short events)
{
	return (unsigned short)((events & READ_BITS ? BOWER_POLL_IN : 0) |
				(events & WRITE_BITS ? BOWER_POLL_OUT : 0));
}

static short user_revents(unsigned short got, short events)
{
	short r = (short)(got & (BOWER_POLL_ERR | BOWER_POLL_HUP | BOWER_POLL_NVAL));
	if (got & BOWER_POLL_IN)
		r |= (short)(events & READ_BITS);
	if (got & BOWER_POLL_OUT)
		r |= (short)(events & WRITE_BITS);
	return r;
}

/* poll with a deadline of the counter (BOWER_POLL_NOW, _FOREVER) and,
 * if not NULL, the signal mask to wait with. */
static int poll_until(struct pollfd *fds, nfds_t n, unsigned long deadline, const sigset_t *mask)
{
	struct bower_poll_item items[BOWER_POLL_MAX];
	nfds_t which[BOWER_POLL_MAX];
	unsigned long k = 0;
	int ready = 0;
	for (nfds_t i = 0; i < n; i++) {
		struct pollfd *p = &fds[i];
		p->revents = 0;
		if (p->fd < 0)
			continue;
		switch (fd_kind(p->fd)) {
		case FD_FREE:
			p->revents = POLLNVAL;
			break;
		case FD_FILE: /* always ready */
			p->revents = (short)(p->events & (READ_BITS | WRITE_BITS));
			break;
		case FD_CONSOLE:
		case FD_PIPE:
			if (k == BOWER_POLL_MAX) {
				errno = EINVAL; /* more than the kernel watches at once */
				return -1;
			}
			items[k] = (struct bower_poll_item){
			    .slot = fd_kind(p->fd) == FD_PIPE ? fd_get(p->fd)->handle : BOWER_POLL_CONSOLE,
			    .events = kernel_events(p->events)};
			which[k++] = i;
			break;
		}
		ready += p->revents != 0;
	}
	if (ready)
		deadline = BOWER_POLL_NOW; /* only a look at the rest */
	if (!k && deadline == BOWER_POLL_NOW)
		return ready;
	unsigned long kmask = mask ? (unsigned long)*mask : 0;
	/* With nothing to watch: a sleep. */
	long r = bower_poll(items, k, deadline, mask ? &kmask : NULL);
	if (r < 0)
		return (int)errno_ret(r);
	for (unsigned long j = 0; j < k; j++) {
		struct pollfd *p = &fds[which[j]];
		p->revents = user_revents(items[j].revents, p->events);
		ready += p->revents != 0;
	}
	return ready;
}

/* The counter value a timeout from now comes at: NULL waits for ever, a
 * zero one only looks. */
static unsigned long deadline_in(const struct timespec *ts)
{
	if (!ts)
		return BOWER_POLL_FOREVER;
	if (ts->tv_sec == 0 && ts->tv_nsec == 0)
		return BOWER_POLL_NOW;
	unsigned long at = libos_deadline_of(CLOCK_MONOTONIC, 0, ts);
	return at == BOWER_POLL_NOW || at == BOWER_POLL_FOREVER ? at + 1 : at;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	struct timespec ts = {timeout / 1000, timeout % 1000 * 1000000L};
	return poll_until(fds, nfds, deadline_in(timeout < 0 ? NULL : &ts), NULL);
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *mask)
{
	if (timeout && libos_bad_timespec(timeout)) {
		errno = EINVAL;
		return -1;
	}
	return poll_until(fds, nfds, deadline_in(timeout), mask);
}

/* select and pselect: the sets as pollfds, and back. */
static int select_until(int nfds, fd_set *rd, fd_set *wr, fd_set *ex,
			const struct timespec *timeout, const sigset_t *mask)
{
	if (nfds < 0 || nfds > FD_SETSIZE || (timeout && libos_bad_timespec(timeout))) {
		errno = EINVAL;
		return -1;
	}
	struct pollfd fds[FD_SETSIZE];
	nfds_t n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		short events = (short)((rd && FD_ISSET(fd, rd) ? POLLIN : 0) |
				       (wr && FD_ISSET(fd, wr) ? POLLOUT : 0));
		if (!events && !(ex && FD_ISSET(fd, ex)))
			continue;
		if (fd_kind(fd) == FD_FREE) {
			errno = EBADF; /* select's word for a descriptor not open */
			return -1;
		}
		fds[n++] = (struct pollfd){.fd = fd, .events = events};
	}
	if (poll_until(fds, n, deadline_in(timeout), mask) < 0)
		return -1;
	/* What is ready, in the sets: a read end whose writers are gone reads
	 * its end, and a write end whose readers are gone fails at once. */
	int bits = 0;
	if (rd)
		FD_ZERO(rd);
	if (wr)
		FD_ZERO(wr);
	if (ex)
		FD_ZERO(ex); /* no descriptor here has exceptional conditions */
	for (nfds_t i = 0; i < n; i++) {
		short r = fds[i].revents;
		if (rd && (fds[i].events & POLLIN) && (r & (POLLIN | POLLHUP | POLLERR))) {
			FD_SET(fds[i].fd, rd);
			bits++;
		}
		if (wr && (fds[i].events & POLLOUT) && (r & (POLLOUT | POLLERR))) {
			FD_SET(fds[i].fd, wr);
			bits++;
		}
	}
	return bits;
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout)
{
	if (timeout && (timeout->tv_usec < 0 || timeout->tv_usec >= 1000000)) {
		errno = EINVAL;
		return -1;
	}
	struct timespec ts = {timeout ? timeout->tv_sec : 0, timeout ? timeout->tv_usec * 1000L : 0};
	return select_until(nfds, rd, wr, ex, timeout ? &ts : NULL, NULL);
}

int pselect(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, const struct timespec *timeout,
	    const sigset_t *mask)
{
	return select_until(nfds, rd, wr, ex, timeout, mask);
}
