/* complete.h - what the Tab key adds to a line (complete.c). */
#ifndef SHELL_COMPLETE_H
#define SHELL_COMPLETE_H

#include <stddef.h>

/* Complete the last word of line[0..len) (the cursor is at its end): a
 * command's name (a built-in or a program of /bin) where a command goes,
 * else a path. The characters to add go into add (NUL-terminated, at most
 * size - 1): the rest of the only match, with " " after it ("/" after a
 * directory), or what all matches share beyond the word. Returns how many
 * matched; when several do and they share nothing more, list() is given
 * them, sorted, to show. */
size_t complete(const char *line, size_t len, char *add, size_t size,
		void (*list)(char *const *names, size_t n));

#endif
