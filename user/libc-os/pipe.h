/* pipe.h - descriptors on kernel pipes (pipe.c). */
#ifndef LIBOS_PIPE_H
#define LIBOS_PIPE_H

#include <sys/types.h>

/* read and write on the pipe end in capability slot: as POSIX's. */
ssize_t pipe_fd_read(int slot, void *buf, size_t len);
ssize_t pipe_fd_write(int slot, const void *buf, size_t len);

#endif
