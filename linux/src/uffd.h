/*
 * uffd.h - userfaultfd, opened the way the system allows, and its calls.
 *
 * Debian 12's headers predate some of what Linux 6.x offers (UFFDIO_POISON,
 * UFFD_FEATURE_WP_ASYNC); uffd.c defines those numbers from the kernel's
 * ABI where the headers lack them and asks the running kernel for each
 * feature, so nothing is assumed that the kernel did not grant.
 */
#ifndef BP_UFFD_H
#define BP_UFFD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bp_uffd {
	int fd;
	bool user_mode_only; /* faults from system calls are not ours: EFAULT */
	bool wp;	     /* write-protect faults (dirty tracking) */
	bool wp_async;	     /* writes resolve without a fault; pagemap tells */
	bool poison;	     /* UFFDIO_POISON: SIGBUS past the file's end */
};

/* Open a userfaultfd: /dev/userfaultfd, then the system call, then the
 * system call for user-mode faults only. 0, or -1 with why set. */
int uffd_open(struct bp_uffd *u, char *why, size_t whylen);
/* Register [addr, addr+len) for missing faults (and write-protect ones
 * when wp): 0 or -errno. */
int uffd_register(const struct bp_uffd *u, void *addr, size_t len, bool wp);
/* Place len bytes from src at dst and wake who waits there; write-protected
 * when wp. 0, or -errno (-EEXIST: something is there already). */
int uffd_copy(const struct bp_uffd *u, uintptr_t dst, const void *src, size_t len, bool wp);
/* Make [addr, addr+len) raise SIGBUS when touched, and wake. 0 or -errno. */
int uffd_poison(const struct bp_uffd *u, uintptr_t addr, size_t len);
/* Wake threads waiting on [addr, addr+len). */
void uffd_wake(const struct bp_uffd *u, uintptr_t addr, size_t len);
/* Write-protect [addr, addr+len) (on) or lift it and wake (off). */
int uffd_protect(const struct bp_uffd *u, uintptr_t addr, size_t len, bool on);

#endif
