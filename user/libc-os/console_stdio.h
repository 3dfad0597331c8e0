/* console_stdio.h - picolibc's stdin/stdout/stderr on the Bower console. */
#ifndef CONSOLE_STDIO_H
#define CONSOLE_STDIO_H

/* Write out what stdout has buffered (done at exit). */
void console_stdio_flush(void);

#endif
