/*
 * uffd.c - opening userfaultfd and the ioctls the pager uses (uffd.h).
 *
 * Which way in: /dev/userfaultfd (Linux 6.1+) answers to its file mode, so
 * root or a user given the device may serve faults from system calls too;
 * the system call does when vm.unprivileged_userfaultfd is 1 or the caller
 * has CAP_SYS_PTRACE; otherwise only UFFD_USER_MODE_ONLY remains, under
 * which a system call that touches a page not yet placed (write(fd, map, n))
 * fails with EFAULT instead of waiting for the pager. docs/linux.md says
 * what that changes; the pager says it once on stderr when it is so.
 */
#define _GNU_SOURCE
#include "uffd.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UFFD_FEATURE_WP_UNPOPULATED
#define UFFD_FEATURE_WP_UNPOPULATED (1 << 13)
#endif
#ifndef UFFD_FEATURE_POISON
#define UFFD_FEATURE_POISON (1 << 14)
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)
#endif
#ifndef UFFDIO_POISON
struct uffdio_poison {
	struct uffdio_range range;
	__u64 mode;
	__s64 updated;
};
#define UFFDIO_POISON _IOWR(UFFDIO, 0x08, struct uffdio_poison)
#endif

static int open_device(void)
{
	int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -1;
	int fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
	close(dev);
	return fd;
}

/* The API handshake, asking for what we want and keeping what is given.
 * Features are asked for once: a refused set fails the whole handshake,
 * so the optional ones are probed on a scratch descriptor first. */
static int handshake(int fd, uint64_t want, uint64_t *got)
{
	struct uffdio_api api = {.api = UFFD_API, .features = want};
	if (ioctl(fd, UFFDIO_API, &api) < 0)
		return -errno;
	*got = api.features;
	return 0;
}

static int new_fd(int how)
{
	if (how == 0)
		return open_device();
	int flags = O_CLOEXEC | O_NONBLOCK | (how == 2 ? UFFD_USER_MODE_ONLY : 0);
	return (int)syscall(SYS_userfaultfd, flags);
}

int uffd_open(struct bp_uffd *u, char *why, size_t whylen)
{
	static const char *const ways[] = {"/dev/userfaultfd", "userfaultfd()",
					   "userfaultfd(UFFD_USER_MODE_ONLY)"};
	int errs[3];
	memset(u, 0, sizeof(*u));
	for (int how = 0; how < 3; how++) {
		int fd = new_fd(how);
		if (fd < 0) {
			errs[how] = errno;
			continue;
		}
		/* What this kernel offers: a probe descriptor answers with all. */
		uint64_t offered = 0;
		int probe = new_fd(how);
		if (probe >= 0) {
			handshake(probe, 0, &offered);
			close(probe);
		}
		uint64_t want = offered & (UFFD_FEATURE_PAGEFAULT_FLAG_WP | UFFD_FEATURE_POISON |
					   UFFD_FEATURE_WP_ASYNC | UFFD_FEATURE_WP_UNPOPULATED);
		if (!(want & UFFD_FEATURE_PAGEFAULT_FLAG_WP))
			want &= ~(uint64_t)(UFFD_FEATURE_WP_ASYNC | UFFD_FEATURE_WP_UNPOPULATED);
		uint64_t got = 0;
		int err = handshake(fd, want, &got);
		if (err < 0) {
			snprintf(why, whylen, "%s: UFFDIO_API: %s", ways[how], strerror(-err));
			close(fd);
			return -1;
		}
		u->fd = fd;
		u->user_mode_only = how == 2;
		u->wp = got & UFFD_FEATURE_PAGEFAULT_FLAG_WP;
		u->wp_async = u->wp && (got & UFFD_FEATURE_WP_ASYNC);
		u->poison = got & UFFD_FEATURE_POISON;
		return 0;
	}
	snprintf(why, whylen, "%s: %s; %s: %s; %s: %s", ways[0], strerror(errs[0]), ways[1],
		 strerror(errs[1]), ways[2], strerror(errs[2]));
	return -1;
}

int uffd_register(const struct bp_uffd *u, void *addr, size_t len, bool wp)
{
	struct uffdio_register reg = {.range = {.start = (uintptr_t)addr, .len = len},
				      .mode = UFFDIO_REGISTER_MODE_MISSING |
					      (wp ? UFFDIO_REGISTER_MODE_WP : 0)};
	if (ioctl(u->fd, UFFDIO_REGISTER, &reg) < 0)
		return -errno;
	if (!(reg.ioctls & (1ull << _UFFDIO_COPY)))
		return -ENOTSUP;
	return 0;
}

int uffd_copy(const struct bp_uffd *u, uintptr_t dst, const void *src, size_t len, bool wp)
{
	struct uffdio_copy c = {
	    .dst = dst, .src = (uintptr_t)src, .len = len, .mode = wp ? UFFDIO_COPY_MODE_WP : 0};
	for (;;) {
		if (ioctl(u->fd, UFFDIO_COPY, &c) == 0)
			return 0;
		if (errno != EAGAIN) /* EAGAIN: the mm changed under it (fork): retry */
			return -errno;
		if (c.copy > 0) { /* partly done: go on from there */
			c.dst += (uint64_t)c.copy;
			c.src += (uint64_t)c.copy;
			c.len -= (uint64_t)c.copy;
		}
		c.copy = 0;
	}
}

int uffd_poison(const struct bp_uffd *u, uintptr_t addr, size_t len)
{
	struct uffdio_poison p = {.range = {.start = addr, .len = len}};
	if (!u->poison)
		return -ENOTSUP;
	return ioctl(u->fd, UFFDIO_POISON, &p) < 0 ? -errno : 0;
}

void uffd_wake(const struct bp_uffd *u, uintptr_t addr, size_t len)
{
	struct uffdio_range r = {.start = addr, .len = len};
	ioctl(u->fd, UFFDIO_WAKE, &r); /* nobody waiting is fine */
}

int uffd_protect(const struct bp_uffd *u, uintptr_t addr, size_t len, bool on)
{
	struct uffdio_writeprotect w = {.range = {.start = addr, .len = len},
					.mode = on ? UFFDIO_WRITEPROTECT_MODE_WP : 0};
	return ioctl(u->fd, UFFDIO_WRITEPROTECT, &w) < 0 ? -errno : 0;
}
