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

/* Bytes waiting on the console, at most len; 0 if none (never blocks). */
long sys_console_read(char *ubuf, size_t len)
{
	size_t n = 0;
	int c;
	if (!user_range_ok(ubuf, len))
		return -BOWER_EFAULT;
	while (n < len && (c = console_getc()) >= 0) {
		char ch = (char)c;
		if (copy_to_user(ubuf + n, &ch, 1))
			return n ? (long)n : -BOWER_EFAULT;
		n++;
	}
	return (long)n;
}
