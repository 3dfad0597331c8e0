/* line.h - reading a command line from the console, with editing. */
#ifndef SHELL_LINE_H
#define SHELL_LINE_H

#include <stddef.h>

#define LINE_SIZE 256 /* the longest line, with its NUL */

/* Show prompt, read one line into buf (at most LINE_SIZE bytes,
 * NUL-terminated, no newline) and remember it in the history: its
 * length, or -1 at end of input (Ctrl-D on an empty line). */
int line_read(const char *prompt, char *buf, size_t size);

#endif
