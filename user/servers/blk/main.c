/*
 * main.c - blk, the virtio block driver: a server process of its own.
 *
 * Started by init (or by a test standing in for init) with the device's
 * registers and interrupt (blk.h's slots) and a capability to call its
 * parent once. It sets the device up, makes its port, tells the parent
 * (a connect capability to the port in the call, or none if the device
 * could not be used: the parent never waits for a driver that failed),
 * starts the workers and then takes the device's interrupts for good.
 * Clients speak <bower/blk_proto.h>; docs/devices.md tells the whole
 * story.
 */
#include <stdio.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>
#include "blk.h"

struct blk_dev dev;

/* Tell the parent about the port (or that there is none: give < 0). */
static void tell_parent(long give)
{
	uintptr_t buf;
	long conn = bower_ipc_connect(PARENT_SLOT, &buf);
	if (conn < 0)
		return;
	struct bower_ipc_call msg = {.len = 0, .cap = give >= 0 ? (int)give : BOWER_NO_CAP};
	bower_ipc_call((int)conn, &msg);
	bower_cap_delete((int)conn);
	bower_cap_delete(PARENT_SLOT);
}

int main(void)
{
	const char *why = device_start(&dev);
	long port = why ? -1 : bower_port_create();
	long give =
	    port < 0 ? -1 : bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	if (!why && (port < 0 || give < 0 || serve_start((int)port) < 0))
		why = "no port or no threads to serve it";
	if (why) {
		printf("blk: %s\n", why);
		tell_parent(-1);
		return 1;
	}
	printf("blk: %llu sectors (%llu KiB), %s%s; %u requests in flight at most\n",
	       (unsigned long long)dev.sectors, (unsigned long long)dev.sectors / 2,
	       dev.read_only ? "read-only" : "read-write", dev.can_flush ? ", write cache" : "",
	       dev.workers);
	tell_parent(give);
	bower_cap_delete((int)give);
	device_interrupts(&dev);
}
