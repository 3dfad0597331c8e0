/*
 * ticks.h - times as ticks of the generic counter, which every wait of
 * the kernel's is given in (ticks.c).
 */
#ifndef LIBOS_TICKS_H
#define LIBOS_TICKS_H

#include <stdint.h>
#include <time.h>

/* Not a time: a part below zero, or nanoseconds of a second or more. */
int libos_bad_timespec(const struct timespec *ts);
/* A time as ticks, rounded up (a wait never ends early), and back. */
uint64_t libos_ticks_of(const struct timespec *ts);
struct timespec libos_timespec_of(uint64_t ticks);
/* The counter value at which ts comes: ts from now, or, absolute, the
 * moment ts of clock (now, if it has passed). */
uint64_t libos_deadline_of(clockid_t clock, int absolute, const struct timespec *ts);

#endif
