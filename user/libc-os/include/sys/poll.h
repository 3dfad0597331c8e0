/* sys/poll.h - where some programs look for poll.h. */
#ifndef BOWER_SYS_POLL_H
#define BOWER_SYS_POLL_H

#include <poll.h>

#endif
