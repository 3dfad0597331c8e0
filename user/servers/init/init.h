/* init.h - what the parts of init share. */
#ifndef INIT_H
#define INIT_H

/* A block device the kernel gave init. */
struct disk {
	int regs, irq;	    /* init's capabilities to its registers and interrupt */
	unsigned long phys; /* where its registers are */
	unsigned intid;	    /* its interrupt */
};

#define MAX_DISKS 4
extern struct disk disks[MAX_DISKS];
extern int ndisks;

/* devices.c: keep the capabilities of the block devices among those the
 * kernel gave (init's first slots), delete the others: how many disks. */
int devices_sort(void);

#endif
