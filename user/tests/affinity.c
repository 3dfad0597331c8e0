/*
 * affinity.c - which CPUs a thread runs on (Linux's CPU sets): pinned to
 * one and back to all, by sched_setaffinity and pthread_setaffinity_np,
 * read back by both getters; a thread made while pinned is pinned the
 * same; an empty set and a set too small for the CPUs are EINVAL. Builds
 * for Bower and for Linux.
 */
#define _GNU_SOURCE /* Linux's CPU sets (sched.h, pthread.h) */
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include "posix_check.h"

struct pinned {
	int cpu, same;
};

static void *pinned_like_me(void *arg)
{
	struct pinned *p = arg;
	cpu_set_t now;
	p->same = pthread_getaffinity_np(pthread_self(), sizeof(now), &now) == 0 &&
		  CPU_COUNT(&now) == 1 && CPU_ISSET(p->cpu, &now);
	return NULL;
}

/* Which CPUs a thread runs on: pinned to one and back to all, for the
 * process and for a thread by name. */
static void affinity(void)
{
	cpu_set_t was, set, now;
	expect("sched_getaffinity", sched_getaffinity(0, sizeof(was), &was), 0);
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	expect("a CPU or more, no more than are online",
	       CPU_COUNT(&was) >= 1 && CPU_COUNT(&was) <= online, 1);
	int first = 0;
	while (!CPU_ISSET(first, &was))
		first++;
	CPU_ZERO(&set);
	CPU_SET(first, &set);
	expect("pinned to one", sched_setaffinity(0, sizeof(set), &set), 0);
	sched_getaffinity(0, sizeof(now), &now);
	expect("says so", CPU_COUNT(&now) == 1 && CPU_ISSET(first, &now), 1);
	expect("and so does pthread_getaffinity_np",
	       pthread_getaffinity_np(pthread_self(), sizeof(now), &now) == 0 && CPU_COUNT(&now) == 1 &&
		   CPU_ISSET(first, &now),
	       1);
	expect("back as it was", sched_setaffinity(0, sizeof(was), &was), 0);
	sched_getaffinity(0, sizeof(now), &now);
	expect("says so", CPU_COUNT(&now), CPU_COUNT(&was));
	expect("by pthread_setaffinity_np too", pthread_setaffinity_np(pthread_self(), sizeof(set), &set),
	       0);
	pthread_setaffinity_np(pthread_self(), sizeof(was), &was);
	struct pinned p = {first, 0};
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	pthread_t t;
	pthread_create(&t, NULL, pinned_like_me, &p);
	pthread_join(t, NULL);
	expect("a thread made while pinned is pinned the same", p.same, 1);
	pthread_setaffinity_np(pthread_self(), sizeof(was), &was);
	CPU_ZERO(&set);
	expect_err("an empty set", sched_setaffinity(0, sizeof(set), &set), EINVAL);
	expect_err("a set too small for the CPUs", sched_getaffinity(0, 1, &now), EINVAL);
}

int main(void)
{
	check_prog = "affinity";
	affinity();
	return check_summary();
}
