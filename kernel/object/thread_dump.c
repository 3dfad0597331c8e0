/*
 * thread_dump.c - what every thread is doing, on the console.
 *
 * Ctrl-T typed on the console (the status key, as on BSD) prints each
 * process and each of its threads: its state, the system call it is in,
 * the user pc it entered the kernel from, and whether it waits for a pager
 * to answer a fault. A hang becomes a list of who waits on what; the test
 * harnesses type Ctrl-T when a boot runs out of time, so the dump is in the
 * log of every hang.
 */
#include <process.h>
#include <ipc.h>
#include <sched.h>
#include <syscall.h>
#include <printk.h>

static const char *state_name(const struct thread *t)
{
	switch (t->state) {
	case THREAD_RUNNABLE:
		return "runnable";
	case THREAD_RUNNING:
		return "running";
	case THREAD_BLOCKED:
		return "blocked";
	case THREAD_DEAD:
		return "dead";
	}
	return "?";
}

static void dump_thread(const struct thread *t)
{
	printk("  thread %d: %s%s", t->tid, state_name(t), t->killed ? ", killed" : "");
	if (t->state == THREAD_RUNNING)
		printk(" on CPU %u", t->cpu);
	if (t->background)
		printk(", in the background");
	int nr = t->in_syscall - 1;
	if (nr >= 0 && nr < SYS_COUNT && syscall_names[nr])
		printk(", in %s", syscall_names[nr]);
	const struct ipc_call_state *ipc = &t->ipc;
	const struct process *server = ipc->conn ? ipc->conn->port->owner : NULL;
	if (ipc->conn && !server)
		printk(", calling a closed port");
	else if (ipc->conn) /* whose port, and served yet or still queued */
		printk(", calling pid %d's port %p, %s", server->pid, (void *)ipc->conn->port,
		       ipc->server ? "being served" : "queued");
	if (ipc->caller)
		printk(", serving thread %d", ipc->caller->tid);
	const struct pager_wait *w = &t->pager_wait;
	if (w->node.next && w->node.next != &w->node) /* on its pager's pending list */
		printk(", waiting for its pager (va %lx)", (unsigned long)w->va);
	if (t != current)
		printk(", user pc %lx", (unsigned long)thread_user_frame((struct thread *)t)->elr);
	printk("\n");
}

static size_t list_length(const struct list_node *head)
{
	size_t n = 0;
	for (const struct list_node *i = head->next; i != head; i = i->next)
		n++;
	return n;
}

/* The ports p owns: the slots naming them in p's own table (a port no slot
 * names can still have callers), and what waits on each. */
static void dump_ports(struct process *p)
{
	for (struct list_node *n = p->ports.next; n != &p->ports; n = n->next) {
		struct port *port = container_of(n, struct port, owner_node);
		printk("  port %p:", (void *)port);
		for (unsigned i = 0; i < p->caps.size; i++)
			if (p->caps.slot[i].obj == &port->kobj)
				printk(" slot %u", i);
		printk(", %lu calls queued, %lu receivers waiting, %lu closed notices\n",
		       (unsigned long)list_length(&port->callers),
		       (unsigned long)list_length(&port->receivers),
		       (unsigned long)list_length(&port->closed));
	}
}

static void dump_process(struct process *p)
{
	printk("pid %d %s%s%s, parent %d, %u capability slots\n", p->pid, p->name,
	       p->dead ? " (zombie)" : "", p->ended && !p->dead ? " (ending)" : "",
	       p->parent ? p->parent->pid : 0, p->caps.size);
	for (struct list_node *n = p->threads.next; n != &p->threads; n = n->next)
		dump_thread(container_of(n, struct thread, proc_node));
	dump_ports(p);
}

void thread_dump(void)
{
	printk("bower: threads (Ctrl-T)\n");
	for (unsigned i = 0; i < cpus_online; i++)
		printk("CPU %u: %s, %lu ticks busy, %lu idle\n", i,
		       cpus[i].running == cpus[i].idle ? "idle" : "running a thread",
		       (unsigned long)cpus[i].busy_ticks, (unsigned long)cpus[i].idle_ticks);
	process_for_each(dump_process);
}
