/*
 * posix_timer.h - timers that send a signal when they expire: POSIX's
 * timer_create family, and each process's interval timer (alarm), on the
 * generic counter (docs/signals.md).
 */
#ifndef POSIX_TIMER_H
#define POSIX_TIMER_H

#include <types.h>
#include <bower/abi.h>

struct process;

long posix_timer_create(int sig, uint64_t value);
long posix_timer_settime(int id, uint64_t deadline, uint64_t interval,
			 struct bower_timer_state *old);
long posix_timer_gettime(int id, struct bower_timer_state *out);
long posix_timer_getoverrun(int id);
long posix_timer_delete(int id);
/* The timer tick: send what has expired by now. */
void posix_timers_expire(uint64_t now);
/* A process ends: its timers go. */
void posix_timers_gone(struct process *p);

#endif
