/*
 * console_stdio.c - picolibc's standard streams on the console.
 *
 * picolibc's stdio calls one function per character; a system call per
 * character would make printing the cost of a program, so output is kept in
 * a line buffer and written when a line ends, the buffer fills, or stderr
 * writes (which first flushes stdout, so the two stay in order).
 */
#include <stdio.h>
#include <bower/syscall_nr.h>
#include "console_stdio.h"

static char line[256];
static unsigned line_len;

void console_stdio_flush(void)
{
	if (line_len)
		bower_console_write(line, line_len);
	line_len = 0;
}

static int out_putc(char c, FILE *f)
{
	(void)f;
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		console_stdio_flush();
	return (unsigned char)c;
}

static int err_putc(char c, FILE *f)
{
	(void)f;
	console_stdio_flush();
	bower_console_write(&c, 1);
	return (unsigned char)c;
}

static int in_getc(FILE *f)
{
	(void)f;
	char c;
	console_stdio_flush();
	if (bower_console_read(&c, 1) != 1)
		return EOF;
	return (unsigned char)c;
}

static int out_flush(FILE *f)
{
	(void)f;
	console_stdio_flush();
	return 0;
}

static FILE stdout_file = FDEV_SETUP_STREAM(out_putc, NULL, out_flush, _FDEV_SETUP_WRITE);
static FILE stderr_file = FDEV_SETUP_STREAM(err_putc, NULL, NULL, _FDEV_SETUP_WRITE);
static FILE stdin_file = FDEV_SETUP_STREAM(NULL, in_getc, NULL, _FDEV_SETUP_READ);

FILE *const stdout = &stdout_file;
FILE *const stderr = &stderr_file;
FILE *const stdin = &stdin_file;
