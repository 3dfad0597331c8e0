/*
 * drivers.c - a driver for each disk: started, told to nobody but init,
 * stopped at the end.
 *
 * init starts the block driver (`blk`, or the program `blk=PROG` names:
 * the tests put their own in its place) with the disk's registers and
 * interrupt, and a capability to call init's port once: the driver calls
 * with a connect capability to its own port (or with none, if it could not
 * use the device), which init then gives the programs it runs. No other
 * process gets the device's capabilities. init keeps its own copies, so
 * that it could start a driver again; the kernel drops a dead driver's
 * hold on the interrupt (docs/devices.md).
 */
#include <stdio.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include <bower/counter.h>
#include "init.h"

static void start_driver(struct disk *d, const char *prog)
{
	long port = bower_port_create();
	long give = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const char *argv[] = {prog, NULL};
	const int caps[] = {(int)give, d->regs, d->irq};
	d->prog = prog;
	d->started = bower_counter();
	long pid = bower_spawn(prog, argv, caps, 3);
	bower_cap_delete((int)give);
	if (pid < 0) {
		printf("init: cannot start the driver %s: error %ld\n", prog, -pid);
		bower_cap_delete((int)port);
		return;
	}
	d->pid = (int)pid;
	struct bower_ipc_recv info;
	char buf[16];
	do
		bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	while (info.flags & BOWER_IPC_CLOSED);
	d->port = info.cap;
	bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP);
	bower_cap_delete((int)port);
}

void drivers_start(const char *prog)
{
	for (int i = 0; i < ndisks; i++)
		start_driver(&disks[i], prog);
}

int drivers_port(void)
{
	return ndisks ? disks[0].port : -1;
}

/* A driver that ended by itself (a test in its place) is reported as a
 * program is; one still serving is ended, as the file server is. */
void drivers_stop(void)
{
	for (int i = 0; i < ndisks; i++) {
		struct disk *d = &disks[i];
		if (d->pid < 0)
			continue;
		long proc = bower_process_cap(d->pid);
		bool running = proc >= 0 && bower_process_status((int)proc) == -BOWER_EAGAIN;
		if (running)
			bower_process_kill((int)proc);
		if (proc >= 0)
			bower_cap_delete((int)proc);
		if (d->port >= 0)
			bower_cap_delete(d->port);
		int status;
		if (bower_wait(d->pid, &status) == d->pid && !running)
			report(d->prog, d->pid, status, bower_counter() - d->started);
		d->pid = -1;
		d->port = -1;
	}
}
