/* identity.h - what identity.c keeps for the rest of the C library. */
#ifndef LIBOS_IDENTITY_H
#define LIBOS_IDENTITY_H

#include <sys/types.h>

/* The process's umask: open and mkdir take it off the modes they ask. */
mode_t libos_umask(void);

#endif
