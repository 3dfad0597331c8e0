/* console_stdio.h - picolibc's stdin, stdout and stderr on descriptors 0-2. */
#ifndef CONSOLE_STDIO_H
#define CONSOLE_STDIO_H

#include <sys/types.h>

/* Write out what stdout has buffered (done at exit, and before anything
 * else is written to the console or to descriptor 1). */
void console_stdio_flush(void);
/* write() without flushing stdout first (file.c). */
ssize_t libos_write(int fd, const void *buf, size_t len);

#endif
