/*
 * sys_cpu.c - the CPUs as programs see them: their load (cpu_info, for the
 * shell's cpus and sysconf), and pinning the calling thread to one
 * (thread_pin).
 *
 * cpu_info needs no capability, like process_list: it says what runs, not
 * how to touch it. thread_pin acts only on the caller, so it needs none
 * either; a thread cannot move another.
 */
#include <syscall.h>
#include <sched.h>
#include <smp.h>
#include <process.h>

long sys_cpu_info(struct bower_cpu_info *uout, unsigned long max)
{
	struct bower_cpu_info info[CPUS_MAX];
	size_t want = MIN((size_t)max, (size_t)cpus_online);
	if (want && !user_range_ok(uout, want * sizeof(*uout)))
		return -BOWER_EFAULT;
	for (size_t i = 0; i < want; i++) {
		struct cpu *c = &cpus[i];
		struct thread *t = c->running;
		info[i] = (struct bower_cpu_info){
		    .busy_ticks = c->busy_ticks,
		    .idle_ticks = c->idle_ticks,
		    .pid = t->proc ? t->proc->pid : 0,
		    .tid = t->tid,
		    .pinned = (int)sched_pinned_count(c),
		};
	}
	long err = want ? copy_to_user(uout, info, want * sizeof(*uout)) : 0;
	return err ? err : (long)cpus_online;
}

long sys_thread_pin(int cpu)
{
	if (cpu < -1 || cpu >= (int)cpus_online)
		return -BOWER_EINVAL;
	sched_pin_current(cpu);
	return 0;
}
