/* init.h - what the parts of init share. */
#ifndef INIT_H
#define INIT_H

#include <stdbool.h>
#include <stdint.h>

/* A block device the kernel gave init, and its driver. */
struct disk {
	int regs, irq;	    /* init's capabilities to its registers and interrupt */
	unsigned long phys; /* where its registers are */
	unsigned intid;	    /* its interrupt */
	int pid;	    /* its driver (-1: none) */
	int port;	    /* init's capability to the driver's port (-1: none) */
	const char *prog;   /* the driver's program */
	uint64_t started;   /* counter value at its spawn */
};

#define MAX_DISKS 4
extern struct disk disks[MAX_DISKS];
extern int ndisks;

/* devices.c: keep the capabilities of the block devices among those the
 * kernel gave (init's first slots), delete the others: how many disks. */
int devices_sort(void);

/* drivers.c: start prog as the driver of each disk; the port of the first
 * disk's driver for programs (-1: none); end the drivers and reap them. */
void drivers_start(const char *prog);
int drivers_port(void);
void drivers_stop(void);

/* init.c: print how a program ended and how long it ran. */
void report(const char *name, int pid, int status, uint64_t ticks);

#endif
