/*
 * sys_process.c - system calls about processes and threads.
 *
 * Each handler copies and checks its arguments, then calls process.c or
 * sched.c. Arguments to spawn are copied whole into the kernel before any
 * capability is looked up or anything is created (docs/syscalls.md's rule),
 * so a bad or slow pointer costs nothing and cannot outlive a lookup.
 */
#include <syscall.h>
#include <signal.h>
#include <futex.h>
#include <process.h>
#include <printk.h>
#include <sched.h>
#include <slab.h>
#include <arch/cpu.h>

long sys_exit(int status)
{
	process_end(current_process(), BOWER_STATUS_EXITED(status));
	return 0; /* not reached */
}

long sys_exit_signal(int sig)
{
	if (sig <= 0 || sig >= 64)
		return -BOWER_EINVAL;
	struct process *p = current_process();
	printk("bower: %s (pid %d) ended by signal %d\n", p->name, p->pid, sig);
	process_end(p, BOWER_STATUS_KILLED(sig));
	return 0; /* not reached */
}

long sys_getpid(void)
{
	return current_process()->pid;
}

long sys_yield(void)
{
	sched_yield_to_background();
	return 0;
}

struct spawn_args {
	char path[BOWER_PATH_MAX];
	char strings[BOWER_ARG_MAX][BOWER_ARGLEN];
	char *argv[BOWER_ARG_MAX + 1];
};

static long copy_spawn_args(struct spawn_args *a, const char *upath, const char *const *uargv)
{
	long n = strncpy_from_user(a->path, upath, sizeof(a->path));
	if (n < 0)
		return n;
	if (n == 0)
		return -BOWER_ENOENT;
	int argc = 0;
	for (;; argc++) {
		const char *uarg;
		long err = copy_from_user(&uarg, &uargv[argc], sizeof(uarg));
		if (err)
			return err;
		if (!uarg)
			break;
		if (argc == BOWER_ARG_MAX)
			return -BOWER_E2BIG;
		n = strncpy_from_user(a->strings[argc], uarg, BOWER_ARGLEN);
		if (n == -BOWER_ENAMETOOLONG)
			return -BOWER_E2BIG;
		if (n < 0)
			return n;
		a->argv[argc] = a->strings[argc];
	}
	a->argv[argc] = NULL;
	return argc;
}

#define SPAWN_CAPS_MAX 8

/* The capabilities to give a new program: each must be grantable. Called
 * after every user argument is copied, so nothing sleeps between looking
 * the slots up and installing them in the child. */
static long lookup_spawn_caps(struct cap *out, const int *slots, int ncaps)
{
	struct cap_table *t = &current_process()->caps;
	for (int i = 0; i < ncaps; i++) {
		long err = cap_lookup(t, slots[i], KOBJ_NONE, BOWER_RIGHT_GRANT, &out[i].obj);
		if (err < 0)
			return err;
		out[i].rights = cap_rights(t, slots[i]);
	}
	return 0;
}

long sys_spawn(const char *upath, const char *const *uargv, const int *ucaps, int ncaps)
{
	int slots[SPAWN_CAPS_MAX];
	struct cap caps[SPAWN_CAPS_MAX];
	if (ncaps < 0 || ncaps > SPAWN_CAPS_MAX)
		return -BOWER_EINVAL;
	if (ncaps && copy_from_user(slots, ucaps, ncaps * sizeof(int)))
		return -BOWER_EFAULT;
	struct spawn_args *a = kmalloc(sizeof(*a));
	if (!a)
		return -BOWER_ENOMEM;
	long argc = copy_spawn_args(a, upath, uargv);
	long ret = argc < 0 ? argc : lookup_spawn_caps(caps, slots, ncaps);
	if (ret >= 0) {
		if (argc == 0) { /* argv[0] defaults to the path */
			a->argv[0] = a->path;
			argc = 1;
		}
		int perr;
		struct process *p = process_spawn(a->path, (int)argc, a->argv, caps, ncaps,
						  current_process(), &perr);
		ret = p ? p->pid : perr;
	}
	kfree(a);
	return ret;
}

long sys_wait(int pid, int *ustatus)
{
	int status;
	if (pid < -1 || pid == 0)
		return -BOWER_EINVAL;
	signal_wait_begin(true); /* a signal ends the wait; SA_RESTART waits again */
	int found = process_wait(current_process(), pid, &status);
	signal_wait_end(found);
	if (found < 0)
		return found;
	if (ustatus && copy_to_user(ustatus, &status, sizeof(status)))
		return -BOWER_EFAULT;
	return found;
}

long sys_thread_create(uintptr_t entry, uintptr_t arg, uintptr_t stack_top)
{
	struct process *p = current_process();
	if (entry >= BOWER_USER_TOP || stack_top > BOWER_USER_TOP || !IS_ALIGNED(stack_top, 16))
		return -BOWER_EINVAL;
	/* The caller names the new thread by capability (to join it): the
	 * slot is reserved first, so a thread is never made without one. */
	int slot = cap_reserve(&p->caps);
	if (slot < 0)
		return slot;
	struct thread *t = thread_create_user(p, entry, arg, stack_top);
	if (!t) {
		cap_unreserve(&p->caps, slot);
		return -BOWER_ENOMEM;
	}
	/* It starts with its creator's thread pointer, as a thread Linux's
	 * clone makes without CLONE_SETTLS does: so its thread-local data is
	 * its creator's until it sets its own (the C library's threads do). */
	t->ctx.tpidr_el0 = arch_user_thread_pointer();
	list_add_tail(&p->threads, &t->proc_node);
	if (signal_thread_new(t)) {
		thread_kill(t); /* it ends as it first runs, before any of its code */
		cap_unreserve(&p->caps, slot);
		return -BOWER_ENOMEM;
	}
	cap_fill(&p->caps, slot, &t->kobj, BOWER_RIGHT_WAIT | BOWER_RIGHT_GRANT);
	return slot;
}

long sys_thread_join(int slot)
{
	struct kobject *obj;
	long err = cap_lookup(&current_process()->caps, slot, KOBJ_THREAD, BOWER_RIGHT_WAIT, &obj);
	return err ? err : thread_join(container_of(obj, struct thread, kobj));
}

long sys_thread_exit(void)
{
	thread_exit_current(); /* the last thread out ends the process */
}

long sys_poweroff(int status)
{
	if (current_process()->pid != 1)
		return -BOWER_EPERM;
	arch_poweroff(status);
}

/* A signal ends these waits (-EINTR); none starts again by itself: a
 * sleep's caller sees how long is left, and the C library's locks wait
 * again when they must. */
long sys_sleep_until(unsigned long counter)
{
	signal_wait_begin(false);
	long ret = sched_sleep_until(counter);
	signal_wait_end(ret);
	return ret;
}

long sys_futex_wait(uintptr_t addr, unsigned value, unsigned long deadline)
{
	signal_wait_begin(false);
	long ret = futex_wait(addr, value, deadline);
	signal_wait_end(ret);
	return ret;
}

long sys_futex_wake(uintptr_t addr, unsigned long count)
{
	return futex_wake(addr, count);
}

long sys_process_cap(int pid)
{
	return process_cap_for_child(current_process(), pid);
}

static long lookup_process(int slot, uint32_t rights, struct process **p)
{
	struct kobject *obj;
	long err = cap_lookup(&current_process()->caps, slot, KOBJ_PROCESS, rights, &obj);
	*p = err ? NULL : container_of(obj, struct process, kobj);
	return err;
}

long sys_process_kill(int slot)
{
	struct process *p;
	long err = lookup_process(slot, BOWER_RIGHT_KILL, &p);
	if (err)
		return err;
	if (p->pid == 1 || p == current_process())
		return -BOWER_EPERM; /* not init, and exit is how to end oneself */
	if (p->ended)
		return -BOWER_ESRCH;
	process_kill(p);
	return 0;
}

long sys_process_status(int slot)
{
	struct process *p;
	long err = lookup_process(slot, BOWER_RIGHT_WAIT, &p);
	if (err)
		return err;
	return p->dead ? p->status : -BOWER_EAGAIN;
}

long sys_cpu_ticks(int whose)
{
	struct process *p = current_process();
	switch (whose) {
	case BOWER_CPU_THREAD:
		return (long)current->cpu_ticks;
	case BOWER_CPU_PROCESS:
		return (long)process_cpu_ticks(p);
	case BOWER_CPU_CHILDREN:
		return (long)p->child_cpu_ticks;
	default:
		return -BOWER_EINVAL;
	}
}
