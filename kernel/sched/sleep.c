/*
 * sleep.c - threads waiting for a moment of the generic counter.
 *
 * A sleeper waits in `sleepers`, ordered by the counter value it waits
 * for, and the timer tick (sched_tick) wakes every one whose moment has
 * come: a sleep lasts at least what was asked and at most one tick more
 * (BOWER_TICK_HZ, bower/abi.h). Sleeping is sched_block with the thread on
 * this list, so a kill takes it off and ends the sleep like any other.
 */
#include <sched.h>
#include <arch/cpu.h>
#include <bower/abi.h>

static struct list_node sleepers = {&sleepers, &sleepers};

int sched_sleep_until(uint64_t deadline)
{
	if (arch_counter() >= deadline)
		return 0;
	current->wake_at = deadline;
	struct list_node *at = sleepers.next;
	while (at != &sleepers && container_of(at, struct thread, run_node)->wake_at <= deadline)
		at = at->next;
	list_add_tail(at, &current->run_node); /* before the first that wakes later */
	return sched_block();
}

void sched_wake_sleepers(uint64_t now)
{
	while (!list_empty(&sleepers)) {
		struct thread *t = container_of(sleepers.next, struct thread, run_node);
		if (t->wake_at > now)
			return;
		list_remove(&t->run_node);
		sched_make_runnable(t);
	}
}
