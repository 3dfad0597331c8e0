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
struct thread;

long posix_timer_create(int sig, uint64_t value, int clock);
long posix_timer_settime(int id, uint64_t deadline, uint64_t interval,
			 struct bower_timer_state *old);
long posix_timer_gettime(int id, struct bower_timer_state *out);
long posix_timer_getoverrun(int id);
long posix_timer_delete(int id);
/* The timer tick: send what has expired by now. */
void posix_timers_expire(uint64_t now);
/* The tick found t running: its process's CPU-time timers that have
 * expired by now (t's CPU time, or its process's), sent. */
void posix_cpu_timers_tick(struct thread *t);
/* A thread ends: the timers of its CPU time never expire (disarmed). */
void posix_timers_thread_gone(struct thread *t);
/* A process ends: its timers go. */
void posix_timers_gone(struct process *p);

#endif
