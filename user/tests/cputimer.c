/*
 * cputimer.c - timers on CPU time (CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID): they expire when the process or the thread
 * has computed that long, not when that much time has gone by, never
 * early, and are read back armed. On Bower also that a timer on the CPU
 * time of a thread that ended never expires, and timer_create's clocks
 * that do not exist. Builds for Bower and for Linux.
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "posix_check.h"
#ifdef __bower__
#include <bower/syscall_nr.h>
#endif

static volatile sig_atomic_t taken, taken_sig;

static double seconds_of(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile double cpu_at_signal;

static void cpu_timer_fired(int sig)
{
	taken++;
	taken_sig = sig;
	cpu_at_signal = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
}

/* Compute until a signal is taken, or 2 s of CPU time (5 s of any) pass:
 * the CPU time it took. */
static double spin_until_taken(void)
{
	double cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID), wall = seconds_of(CLOCK_MONOTONIC);
	while (!taken && seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu < 2 &&
	       seconds_of(CLOCK_MONOTONIC) - wall < 5)
		;
	return cpu;
}

/* Timers on CPU time: they expire when the process (or the thread) has
 * computed that long, not when that much time has gone by. */
static void cpu_timers(void)
{
	signal(SIGUSR2, cpu_timer_fired);
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2};
	timer_t id;
	expect("timer_create on the process's CPU time",
	       timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &id), 0);
	struct itimerspec in50 = {.it_value = {.tv_nsec = 50000000}}, now;
	taken = 0;
	expect("timer_settime, 50 ms of it", timer_settime(id, 0, &in50, NULL), 0);
	expect("timer_gettime says it is armed, for at most that",
	       timer_gettime(id, &now) == 0 && now.it_value.tv_sec == 0 && now.it_value.tv_nsec > 0 &&
		   now.it_value.tv_nsec <= 50000000,
	       1);
	usleep(200000); /* a sleep computes nothing */
	expect("a sleep four times as long does not expire it", taken, 0);
	double from = spin_until_taken();
	expect("computing does", taken == 1 && taken_sig == SIGUSR2, 1);
	expect("after 50 ms of CPU time, not before", cpu_at_signal - from >= 0.05 - 1e-3, 1);
	expect("timer_delete", timer_delete(id), 0);

	expect("timer_create on the thread's CPU time", timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &id),
	       0);
	struct itimerspec in30 = {.it_value = {.tv_nsec = 30000000}};
	taken = 0;
	timer_settime(id, 0, &in30, NULL);
	spin_until_taken();
	expect("computing in the thread expires it", taken, 1);
	timer_delete(id);
	expect_err("a timer on no clock", timer_create((clockid_t)12345, &ev, &id), EINVAL);
	signal(SIGUSR2, SIG_DFL);
}

#ifdef __bower__
/* A thread arms a timer on its own CPU time, then ends. */
static void *arm_and_end(void *arg)
{
	timer_t *id = arg;
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2};
	struct itimerspec in20 = {.it_value = {.tv_nsec = 20000000}};
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, id) == 0)
		timer_settime(*id, 0, &in20, NULL);
	return NULL;
}

/* A timer on the CPU time of a thread that ended: the kernel forgot the
 * thread, so the timer never expires (and arming it again is no use). */
static void timer_of_an_ended_thread(void)
{
	signal(SIGUSR2, cpu_timer_fired);
	timer_t id = 0;
	pthread_t t;
	taken = 0;
	expect("a thread arms a timer on its CPU time and ends",
	       pthread_create(&t, NULL, arm_and_end, &id) == 0 && pthread_join(t, NULL) == 0 && id, 1);
	struct itimerspec in20 = {.it_value = {.tv_nsec = 20000000}}, now;
	timer_settime(id, 0, &in20, NULL);
	spin_until_taken(); /* 2 s of CPU time */
	expect("the timer never expires", taken, 0);
	expect("and reads as disarmed", timer_gettime(id, &now) == 0 && now.it_value.tv_nsec == 0, 1);
	expect("it can be deleted", timer_delete(id), 0);
	signal(SIGUSR2, SIG_DFL);
}

#endif

int main(void)
{
	check_prog = "cputimer";
	cpu_timers();
#ifdef __bower__
	timer_of_an_ended_thread();
	expect("timer_create on no such clock", bower_timer_create(SIGUSR2, 0, 7), -BOWER_EINVAL);
	expect("nor on the children's CPU time", bower_timer_create(SIGUSR2, 0, BOWER_CPU_CHILDREN),
	       -BOWER_EINVAL);
#endif
	return check_summary();
}
