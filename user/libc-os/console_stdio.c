/*
 * console_stdio.c - picolibc's standard streams on descriptors 0, 1, 2.
 *
 * Those are the console unless the parent said otherwise (a pipe or a
 * file: startinfo.c), so the streams read and write the descriptors.
 * picolibc's stdio calls one function per character; a system call per
 * character would make printing the cost of a program, so output is kept
 * in a line buffer and written when a line ends, the buffer fills, or
 * stderr writes (which first flushes stdout, so the two stay in order),
 * and input is read as much as is there at once.
 */
#include <stdio.h>
#include <unistd.h>
#include "console_stdio.h"

static char line[256];
static unsigned line_len;
static char input[256];
static unsigned in_pos, in_len;

void console_stdio_flush(void)
{
	unsigned n = line_len;
	line_len = 0; /* first: a write that ends the program flushes again */
	if (n)
		libos_write(1, line, n);
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
	libos_write(2, &c, 1);
	return (unsigned char)c;
}

static int in_getc(FILE *f)
{
	(void)f;
	if (in_pos == in_len) {
		console_stdio_flush();
		ssize_t n = read(0, input, sizeof(input));
		if (n <= 0)
			return EOF;
		in_pos = 0;
		in_len = (unsigned)n;
	}
	return (unsigned char)input[in_pos++];
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
