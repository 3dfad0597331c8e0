/*
 * process_info.c - what the kernel can say of each process, for ps.
 *
 * A snapshot of every process not yet freed (zombies too, oldest first):
 * its pid and parent, a state summed up from its threads', their number,
 * and, when all of them wait, the system call the first one waits in.
 * Taking it sleeps nowhere, so it is one consistent moment.
 */
#include <process.h>
#include <syscall.h>
#include <string.h>

static unsigned state_of(struct process *p, const char **waiting_in, unsigned *threads)
{
	*waiting_in = NULL;
	*threads = 0;
	if (p->dead)
		return BOWER_PROC_ZOMBIE;
	if (p->ended)
		return BOWER_PROC_ENDING;
	bool runs = false;
	struct thread *t;
	list_for_each_entry (t, &p->threads, proc_node) {
		(*threads)++;
		if (t->state == THREAD_RUNNING || t->state == THREAD_RUNNABLE)
			runs = true;
		else if (!*waiting_in && t->in_syscall > 0 && t->in_syscall <= SYS_COUNT)
			*waiting_in = syscall_names[t->in_syscall - 1];
	}
	return runs ? BOWER_PROC_RUNNING : BOWER_PROC_WAITING;
}

static struct bower_process_info *fill_at;
static size_t fill_room, fill_count;

static void fill_one(struct process *p)
{
	if (fill_count++ >= fill_room)
		return;
	struct bower_process_info *e = &fill_at[fill_count - 1];
	memset(e, 0, sizeof(*e));
	const char *waiting_in;
	e->pid = p->pid;
	e->parent = p->parent ? p->parent->pid : 0;
	e->state = state_of(p, &waiting_in, &e->threads);
	e->cap_slots = p->caps.size;
	memcpy(e->name, p->name, MIN(sizeof(e->name) - 1, strnlen(p->name, PROCESS_NAME_MAX)));
	if (e->state == BOWER_PROC_WAITING && waiting_in)
		memcpy(e->waiting_in, waiting_in, MIN(sizeof(e->waiting_in) - 1, strlen(waiting_in)));
}

size_t process_info_snapshot(struct bower_process_info *out, size_t max)
{
	fill_at = out;
	fill_room = max;
	fill_count = 0;
	process_for_each(fill_one);
	return fill_count;
}
