/*
 * sys_console.c - the console system calls. Until the console has a
 * server of its own, programs write to the UART through the kernel.
 */
#include <syscall.h>
#include <console.h>

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
