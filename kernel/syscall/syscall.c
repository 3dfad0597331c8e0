/*
 * syscall.c - dispatch and user-memory access.
 *
 * The number is in x8, arguments in x0-x7, the result goes back in x0
 * (and, for the few calls that have more, the others in x1, x2, ...).
 * Each entry of the generated table is a typed wrapper that calls the
 * handler; handlers look up, check and delegate to the object code.
 */
#include <syscall.h>
#include <sched.h>
#include <printk.h>

void syscall_dispatch(struct trap_frame *f)
{
	uint64_t nr = f->x[8];
	if (nr >= SYS_COUNT || !syscall_table[nr]) {
		f->x[0] = (uint64_t)-BOWER_ENOSYS;
		return;
	}
	/* A thread killed while it was on its way in (another CPU ended its
	 * process while this one waited for the kernel lock) runs no call:
	 * it would act for a process that is gone, e.g. give it a new thread
	 * or child that nothing would ever end. It exits on the way out. */
	if (current->killed) {
		f->x[0] = (uint64_t)-BOWER_EINTR;
		return;
	}
	current->in_syscall = (int)nr + 1;
	f->x[0] = (uint64_t)syscall_table[nr](f);
	current->in_syscall = 0;
}

void syscall_result(unsigned i, uint64_t value)
{
	thread_user_frame(current)->x[i] = value;
}

bool user_range_ok(const void *uptr, size_t n)
{
	uintptr_t a = (uintptr_t)uptr;
	return a + n >= a && a + n <= BOWER_USER_TOP;
}

long copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -BOWER_EFAULT;
	return arch_copy_from_user(dst, usrc, n);
}

long copy_to_user(void *udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -BOWER_EFAULT;
	return arch_copy_to_user(udst, src, n);
}

long strncpy_from_user(char *dst, const char *usrc, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		long err = copy_from_user(&dst[i], usrc + i, 1);
		if (err)
			return err;
		if (dst[i] == '\0')
			return (long)i;
	}
	return -BOWER_ENAMETOOLONG;
}
