/*
 * sys_console.c - the console system calls. Until the console has a
 * server of its own, programs write to the UART through the kernel, and
 * the kernel keeps which programs Ctrl-C ends (console_foreground.c).
 */
#include <syscall.h>
#include <console.h>
#include <process.h>

#define CHUNK 256

long sys_console_write(const char *ubuf, size_t len)
{
	char buf[CHUNK];
	if (!user_range_ok(ubuf, len))
		return -BOWER_EFAULT;
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, sizeof(buf));
		if (copy_from_user(buf, ubuf + done, n))
			return done ? (long)done : -BOWER_EFAULT;
		console_write(buf, n);
		done += n;
	}
	return (long)len;
}

/* Block until something is typed, then return up to len bytes of it. */
long sys_console_read(char *ubuf, size_t len)
{
	char buf[CHUNK];
	if (!user_range_ok(ubuf, len))
		return -BOWER_EFAULT;
	if (len == 0)
		return 0;
	size_t n = console_input_read(buf, MIN(len, sizeof(buf)));
	if (copy_to_user(ubuf, buf, n))
		return -BOWER_EFAULT;
	return (long)n;
}

/* Name the processes Ctrl-C ends: each slot a process capability with
 * KILL, the right to end it, and not init. All are checked before the
 * foreground changes; n = 0 empties it. */
long sys_console_foreground(const int *uslots, int n)
{
	int slots[BOWER_FOREGROUND_MAX], pids[BOWER_FOREGROUND_MAX];
	if (n < 0 || n > BOWER_FOREGROUND_MAX)
		return -BOWER_EINVAL;
	if (n && copy_from_user(slots, uslots, n * sizeof(int)))
		return -BOWER_EFAULT;
	for (int i = 0; i < n; i++) {
		struct kobject *obj;
		long err = cap_lookup(&current_process()->caps, slots[i], KOBJ_PROCESS,
				      BOWER_RIGHT_KILL, &obj);
		if (err)
			return err;
		pids[i] = container_of(obj, struct process, kobj)->pid;
		if (pids[i] == 1)
			return -BOWER_EPERM;
	}
	console_set_foreground(pids, n);
	return 0;
}
