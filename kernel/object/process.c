/*
 * process.c - process life: spawn, end, kill, wait.
 *
 * Ending is one path for every reason (exit, last thread gone, a fault, a
 * kill): process_end fixes the status, closes the process's ports and
 * pager, and kills its other threads. A killed thread is never freed where
 * it stands (it may be deep in a system call, holding references): it
 * unwinds and exits on its way to user mode, and the last thread out tears
 * the process down (process_teardown), leaving a zombie holding the status.
 * The zombie is freed by the parent's wait, or at once if there is no
 * parent. Children of an ending process lose their parent, so nobody waits
 * on them and they are reaped when they end.
 */
#include <process.h>
#include <vmspace.h>
#include <loader.h>
#include <ramdisk.h>
#include <slab.h>
#include <ipc.h>
#include <pager.h>
#include <signal.h>
#include <irq_object.h>
#include <printk.h>
#include <posix_timer.h>
#include <string.h>
#include <arch/cpu.h>
#include <bower/abi.h>

#define INIT_DIED_EXIT_STATUS 4

static int next_pid = 1;
static size_t live_processes;
static struct list_node all_processes = {&all_processes, &all_processes};

void process_for_each(void (*fn)(struct process *p))
{
	for (struct list_node *n = all_processes.next; n != &all_processes; n = n->next)
		fn(container_of(n, struct process, all_node));
}

size_t process_count(void)
{
	return live_processes;
}

void process_activate(struct process *p)
{
	arch_pt_activate(p->vs ? &p->vs->pt : NULL);
}

static void set_name(struct process *p, const char *path)
{
	const char *base = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			base = s + 1;
	size_t n = strnlen(base, PROCESS_NAME_MAX - 1);
	memcpy(p->name, base, n);
	p->name[n] = '\0';
}

static void process_destroy(struct kobject *obj)
{
	live_processes--;
	list_remove(&container_of(obj, struct process, kobj)->all_node);
	kfree(container_of(obj, struct process, kobj));
}

static const struct kobj_ops process_ops = {.destroy = process_destroy};

/* The process leaves the tree (reaped, or ended with nobody to wait). */
static void process_free(struct process *p)
{
	kobj_put(&p->kobj);
}

struct process *process_spawn(const char *path, int argc, char *const argv[],
			      const struct cap *caps, int ncaps, struct process *parent, int *err)
{
	const void *img;
	size_t size;
	const char *why = NULL;
	uint64_t entry = 0, sp = 0, uargv = 0; /* set by the calls below on success */

	/* An ending process gets no children: its teardown would orphan one
	 * added now, and it would run on with no one left to end it (the
	 * caller may have been killed while a copy of its arguments waited
	 * for a pager). */
	if (parent && parent->ended) {
		*err = -BOWER_EINTR;
		return NULL;
	}
	if ((*err = ramdisk_find(path, &img, &size)) < 0)
		return NULL;
	struct process *p = kzalloc(sizeof(*p));
	if (!p) {
		*err = -BOWER_ENOMEM;
		return NULL;
	}
	live_processes++;
	list_add_tail(&all_processes, &p->all_node);
	kobj_init(&p->kobj, KOBJ_PROCESS, &process_ops);
	set_name(p, path);
	list_init(&p->threads);
	list_init(&p->children);
	list_init(&p->ports);
	waitq_init(&p->child_ended);
	p->caps.limit = MAX(parent ? parent->caps.limit : CAP_LIMIT_DEFAULT, (unsigned)ncaps);
	for (int i = 0; i < ncaps; i++)
		if ((*err = cap_install_at(&p->caps, i, caps[i].obj, caps[i].rights)) < 0)
			goto fail;
	p->vs = vmspace_create();
	if (!p->vs) {
		*err = -BOWER_ENOMEM;
		goto fail;
	}
	for (int i = 0; parent && i < BOWER_VM_LIMITS; i++) /* before the load: the image counts */
		p->vs->limits[i] = parent->vs->limits[i];
	*err = program_load(p->vs, img, size, &entry, &why);
	if (*err == -BOWER_ENOEXEC)
		printk("bower: cannot run %s: %s\n", path, why);
	if (*err < 0)
		goto fail;
	if ((*err = program_setup_stack(p->vs, argc, argv, &sp, &uargv)) < 0)
		goto fail;
	struct thread *t = thread_create_user(p, entry, (uint64_t)argc, sp);
	if (!t) {
		*err = -BOWER_ENOMEM;
		goto fail;
	}
	thread_user_frame(t)->x[1] = uargv;
	list_add_tail(&p->threads, &t->proc_node);
	p->pid = next_pid++;
	p->parent = parent;
	if (parent)
		list_add_tail(&parent->children, &p->sibling);
	return p;
fail:
	cap_table_clear(&p->caps);
	if (p->vs)
		vmspace_destroy(p->vs);
	process_free(p);
	return NULL;
}

/* The last thread has left the kernel: nothing can use the process's
 * memory or capabilities any more, so they go now. What is left is the
 * zombie (pid, status) for the parent's wait. */
static void process_teardown(struct process *p)
{
	cap_table_clear(&p->caps);
	signal_process_gone(p);
	if (current->proc == p)
		arch_pt_activate(NULL);
	vmspace_destroy(p->vs);
	p->vs = NULL;
	while (!list_empty(&p->children)) {
		struct process *c =
		    container_of(list_pop_head(&p->children), struct process, sibling);
		c->parent = NULL;
		if (c->dead)
			process_free(c);
	}
	p->dead = true;
	if (p->parent) {
		waitq_wake_all(&p->parent->child_ended);
		signal_child_ended(p->parent, p);
	} else
		process_free(p);
}

/* Fix p's status and tell every thread of it but the current one to end. */
static void mark_ended(struct process *p, int status)
{
	if (!p->ended) {
		if (p->pid == 1) { /* nothing can go on without init */
			printk("bower: init ended (wait status 0x%x); powering off\n", status);
			arch_poweroff(status == 0 ? 0 : INIT_DIED_EXIT_STATUS);
		}
		p->ended = true;
		p->status = status;
		ipc_process_ending(p);
		pager_process_ending(p);
		irq_process_ending(p);
		struct thread *t;
		list_for_each_entry (t, &p->threads, proc_node)
			if (t != current)
				thread_kill(t);
	}
}

void process_end(struct process *p, int status)
{
	bool self = current->proc == p;
	mark_ended(p, status);
	if (self)
		thread_exit_current();
}

void process_end_soon(struct process *p, int status)
{
	mark_ended(p, status);
	if (current->proc == p)
		thread_kill(current); /* it exits on its way back to user mode */
}

void process_thread_gone(struct thread *t)
{
	struct process *p = t->proc;
	list_remove(&t->proc_node);
	p->cpu_ticks += t->cpu_ticks;
	posix_timers_thread_gone(t);
	if (!list_empty(&p->threads))
		return;
	if (!p->ended) /* the last thread called thread_exit */
		process_end(p, BOWER_STATUS_EXITED(0));
	process_teardown(p);
}

noreturn void process_kill_current(int sig, const char *cause, uint64_t addr, uint64_t pc)
{
	struct process *p = current->proc;
	printk("bower: killed %s (pid %d): %s at address 0x%lx, pc 0x%lx\n", p->name, p->pid, cause,
	       (unsigned long)addr, (unsigned long)pc);
	process_end(p, BOWER_STATUS_KILLED(sig));
	panic("killed process came back");
}

void process_kill(struct process *p)
{
	printk("bower: killed %s (pid %d): ended by %s (pid %d)\n", p->name, p->pid,
	       current_process()->name, current_process()->pid);
	/* Its children end with it: only a parent can end a process
	 * (process_cap), so once it is gone nothing could end them. */
	struct process *c;
	list_for_each_entry (c, &p->children, sibling)
		if (!c->ended)
			process_kill(c);
	process_end(p, BOWER_STATUS_KILLED(BOWER_SIGKILL));
}

long process_cap_for_child(struct process *parent, int pid)
{
	struct process *c;
	list_for_each_entry (c, &parent->children, sibling)
		if (c->pid == pid)
			return cap_install(&parent->caps, &c->kobj,
					   BOWER_RIGHT_WAIT | BOWER_RIGHT_KILL | BOWER_RIGHT_MAP |
					       BOWER_RIGHT_GRANT);
	return -BOWER_ESRCH;
}

int process_wait(struct process *p, int pid, int *status)
{
	/* A wait a signal ended looks once more: the child whose end sent
	 * the signal (SIGCHLD) is reaped, not missed. */
	int interrupted = 0;
	for (;;) {
		bool have_child = false;
		struct process *c;
		list_for_each_entry (c, &p->children, sibling) {
			if (pid != -1 && c->pid != pid)
				continue;
			have_child = true;
			if (c->dead) {
				int found = c->pid;
				*status = c->status;
				p->child_cpu_ticks += c->cpu_ticks + c->child_cpu_ticks;
				list_remove(&c->sibling);
				process_free(c);
				return found;
			}
		}
		if (!have_child)
			return -BOWER_ECHILD;
		if (interrupted)
			return interrupted;
		interrupted = waitq_sleep(&p->child_ended);
	}
}

uint64_t process_cpu_ticks(const struct process *p)
{
	uint64_t ticks = p->cpu_ticks;
	const struct thread *t;
	list_for_each_entry (t, &p->threads, proc_node)
		ticks += t->cpu_ticks;
	return ticks;
}
