/*
 * console_foreground.c - the programs Ctrl-C on the console stops.
 *
 * A shell names the program it runs in the foreground (console_foreground,
 * with capabilities to the processes: the right to end them, KILL, is what
 * lets it); Ctrl-C typed then sends them SIGINT, whose default ends each
 * with one line on the console, and the shell, waiting for them, carries
 * on; a program that catches it goes on, and stays the foreground for the
 * next Ctrl-C. With no foreground program alive, Ctrl-C is an ordinary key
 * for whoever reads the console (the shell's line editor abandons the
 * line).
 *
 * The foreground is kept as pids, not references: pids are never reused,
 * so a program that has ended is simply not found, and nothing here keeps
 * a process's memory alive.
 */
#include <console.h>
#include <process.h>
#include <signal.h>

static int foreground[BOWER_FOREGROUND_MAX];
static int nforeground;
static bool interrupted;

void console_set_foreground(const int *pids, int n)
{
	for (int i = 0; i < n; i++)
		foreground[i] = pids[i];
	nforeground = n;
}

static void interrupt_if_foreground(struct process *p)
{
	for (int i = 0; i < nforeground; i++)
		if (p->pid == foreground[i] && !p->ended) {
			signal_send_process(p, BOWER_SIGINT, 0);
			interrupted = true;
		}
}

bool console_interrupt(void)
{
	interrupted = false;
	process_for_each(interrupt_if_foreground);
	return interrupted;
}
