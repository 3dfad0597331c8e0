/*
 * devtest.c - devices as capabilities, attacked.
 *
 *	devtest          a program without devices: every device call on
 *	                 slots it does not hold fails, DMA memory of no or of
 *	                 absurd size is refused, DMA memory comes and goes
 *	                 without losing a page
 *	blk=devtest      (init's option) in the driver's place, holding the
 *	                 disk's registers and interrupt: mapping past them,
 *	                 rights taken away, a child without them, another's
 *	                 binding; then it starts the real driver as its child
 *	                 and kills it while its interrupt is pending, again
 *	                 and again: the calls in flight fail with EPIPE, the
 *	                 kernel drops the dead driver's binding, a new driver
 *	                 takes the interrupt over and works, and no page is
 *	                 lost. Last it tells init it has no port to offer.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <bower/abi.h>
#include <bower/blk.h>
#include <bower/syscall_nr.h>
#include <bower/virtio.h>

#define TEST_NAME "devtest"
#include "expect.h"

#define PARENT	  0 /* as a driver: init's port */
#define REGS	  1
#define IRQ	  2
#define NOWHERE	  900 /* a slot nothing is in */
#define KERNEL_VA 0xffff000040200000UL

static long free_pages(void)
{
	struct bower_memstat st;
	return bower_mem_stat(&st) < 0 ? -1 : (long)st.free_pages;
}

static unsigned irq_flags(void)
{
	struct bower_dev_info info;
	return bower_dev_info(IRQ, &info) == 0 ? info.flags : ~0u;
}

static void without_devices(void)
{
	struct bower_dev_info info;
	long note = bower_notify_create(), plain = bower_pmo_create(2);
	expect("info on an empty slot", bower_dev_info(NOWHERE, &info), -BOWER_EBADF);
	expect("info on a negative slot", bower_dev_info(-1, &info), -BOWER_EBADF);
	expect("info on a notification", bower_dev_info((int)note, &info), -BOWER_EINVAL);
	expect("info on plain memory", bower_dev_info((int)plain, &info), -BOWER_EINVAL);
	expect("bind an empty slot", bower_irq_bind(NOWHERE, (int)note), -BOWER_EBADF);
	expect("bind a notification as an interrupt", bower_irq_bind((int)note, (int)note),
	       -BOWER_EINVAL);
	expect("acknowledge an empty slot", bower_irq_ack(NOWHERE), -BOWER_EBADF);
	expect("acknowledge a notification", bower_irq_ack((int)note), -BOWER_EINVAL);
	expect("acknowledge memory", bower_irq_ack((int)plain), -BOWER_EINVAL);
	expect("DMA memory of no pages", bower_dma_create(0), -BOWER_EINVAL);
	expect("DMA memory one page too big", bower_dma_create(BOWER_DMA_MAX_PAGES + 1),
	       -BOWER_EINVAL);
	expect("DMA memory of 2^40 pages", bower_dma_create(1UL << 40), -BOWER_EINVAL);
	expect("DMA memory of -1 pages", bower_dma_create(~0UL), -BOWER_EINVAL);

	long before = free_pages();
	long big = bower_dma_create(BOWER_DMA_MAX_PAGES);
	expect("the largest DMA memory", big >= 0, 1);
	expect("its info", bower_dev_info((int)big, &info), 0);
	expect("is DMA memory", info.kind, BOWER_DEV_DMA);
	expect("of 4 MiB", (long)info.size, BOWER_DMA_MAX_PAGES * 4096L);
	expect("in RAM, page aligned",
	       info.phys >= 0x40000000 && info.phys % 4096 == 0 && info.size <= 1UL << 32, 1);
	expect("info to a kernel address", bower_dev_info((int)big, (void *)KERNEL_VA),
	       -BOWER_EFAULT);
	char *p = (char *)bower_vm_map_pmo((int)big, 0, info.size,
					   BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0);
	p[0] = 1;
	p[info.size - 1] = 2;
	expect("mapped and written", p[0] + p[info.size - 1], 3);
	bower_vm_unmap((uintptr_t)p, info.size);
	bower_cap_delete((int)big);
	long three = bower_dma_create(3);
	bower_dev_info((int)three, &info);
	expect("three pages are three pages", (long)info.size, 3 * 4096);
	expect("mapped past its end",
	       bower_vm_map_pmo((int)three, 0, 4 * 4096, BOWER_PROT_READ, 0, 0), -BOWER_EINVAL);
	expect("mapped from past its end",
	       bower_vm_map_pmo((int)three, 0, 4096, BOWER_PROT_READ, 0, 3), -BOWER_EINVAL);
	long ro = bower_cap_copy((int)three, BOWER_RIGHT_READ);
	expect("mapped writable without the right",
	       bower_vm_map_pmo((int)ro, 0, 4096, BOWER_PROT_READ | BOWER_PROT_WRITE, 0, 0),
	       -BOWER_EACCES);
	bower_cap_delete((int)ro);
	bower_cap_delete((int)three);
	expect("DMA memory gone, every page back", free_pages(), before);
	bower_cap_delete((int)note);
	bower_cap_delete((int)plain);
}

/* The registers and the interrupt, held and misused. */
static void holding_the_device(void)
{
	struct bower_dev_info regs, irq;
	expect("the registers' info", bower_dev_info(REGS, &regs), 0);
	expect("are a device's registers", regs.kind, BOWER_DEV_MMIO);
	expect("a virtio-mmio transport", strcmp(regs.compatible, "virtio,mmio"), 0);
	expect("of 0x200 bytes", (long)regs.size, 0x200);
	expect("where in the page", (long)regs.offset, (long)(regs.phys & 0xfff));
	expect("the interrupt's info", bower_dev_info(IRQ, &irq), 0);
	expect("is an interrupt", irq.kind, BOWER_DEV_IRQ);
	expect("the device's own", irq.irq, regs.irq);
	expect("an SPI of virtio-mmio", irq.irq >= 48 && irq.irq < 80, 1);
	expect("nobody has bound it", irq.flags & BOWER_IRQ_BOUND, 0);

	int rw = BOWER_PROT_READ | BOWER_PROT_WRITE;
	expect("map past the registers' page", bower_vm_map_pmo(REGS, 0, 2 * 4096, rw, 0, 0),
	       -BOWER_EINVAL);
	expect("map from the page after", bower_vm_map_pmo(REGS, 0, 4096, rw, 0, 1), -BOWER_EINVAL);
	expect("map executable", bower_vm_map_pmo(REGS, 0, 4096, rw | BOWER_PROT_EXEC, 0, 0),
	       -BOWER_EINVAL);
	expect("map as MAP_LLM", bower_vm_map_pmo(REGS, 0, 4096, BOWER_PROT_READ, BOWER_MAP_LLM, 0),
	       -BOWER_EINVAL);
	long ro = bower_cap_copy(REGS, BOWER_RIGHT_READ),
	     wo = bower_cap_copy(REGS, BOWER_RIGHT_WRITE);
	expect("map writable without the right", bower_vm_map_pmo((int)ro, 0, 4096, rw, 0, 0),
	       -BOWER_EACCES);
	expect("map without the read right",
	       bower_vm_map_pmo((int)wo, 0, 4096, BOWER_PROT_READ, 0, 0), -BOWER_EACCES);
	long va = bower_vm_map_pmo((int)ro, 0, 4096, BOWER_PROT_READ, 0, 0);
	volatile uint32_t *r = (volatile uint32_t *)(va + (long)regs.offset);
	expect("mapped read-only, the registers say virt",
	       va > 0 && r[0] == VIRTIO_MMIO_MAGIC_VALUE, 1);
	bower_vm_unmap((uintptr_t)va, 4096);
	bower_cap_delete((int)ro);
	bower_cap_delete((int)wo);

	/* The kernel takes no device page for memory. */
	va = bower_vm_map_pmo(REGS, 0, 4096, rw, 0, 0);
	long note = bower_notify_create();
	expect("a pager's ring in device registers",
	       bower_pager_register((int)note, (uintptr_t)va, 4), -BOWER_EINVAL);
	bower_vm_unmap((uintptr_t)va, 4096);

	long nowait = bower_cap_copy(IRQ, BOWER_RIGHT_GRANT);
	long nosignal = bower_cap_copy((int)note, BOWER_RIGHT_WAIT);
	expect("bind without the right", bower_irq_bind((int)nowait, (int)note), -BOWER_EACCES);
	expect("acknowledge without the right", bower_irq_ack((int)nowait), -BOWER_EACCES);
	expect("bind to a notification it cannot signal", bower_irq_bind(IRQ, (int)nosignal),
	       -BOWER_EACCES);
	bower_cap_delete((int)nowait);
	bower_cap_delete((int)nosignal);
	bower_cap_delete((int)note);

	/* A child given nothing can do nothing with the device; one given
	 * the interrupt binds it, and its binding ends with it. */
	const char *nothing[] = {"devtest", "child", NULL};
	long pid = bower_spawn("devtest", nothing, NULL, 0);
	int status = -1;
	bower_wait((int)pid, &status);
	expect("a child without the capabilities is refused all", status, BOWER_STATUS_EXITED(0));
	const char *binder[] = {"devtest", "binder", NULL};
	const int caps[] = {NOWHERE, NOWHERE, IRQ};
	expect("the interrupt passed on with a slot that holds nothing",
	       bower_spawn("devtest", binder, caps, 3), -BOWER_EBADF);
	const int irq_only[] = {IRQ, IRQ, IRQ};
	pid = bower_spawn("devtest", binder, irq_only, 3);
	status = -1;
	bower_wait((int)pid, &status);
	expect("a child with the interrupt binds it", status, BOWER_STATUS_EXITED(0));
	expect("and its binding ended with it", irq_flags() & BOWER_IRQ_BOUND, 0);
}

/* Children: with no capabilities (slots 1 and 2 are empty for it), or
 * with the interrupt in slot 2. The exit status counts what went wrong. */
static int child(const char *role)
{
	long note = bower_notify_create();
	int bad = 0;
	if (strcmp(role, "binder") == 0) {
		bad += bower_irq_bind(IRQ, (int)note) != 0;
		bad += !(irq_flags() & BOWER_IRQ_BOUND);
		bad += bower_irq_bind(IRQ, (int)note) != 0; /* again: the same process */
		bad += bower_irq_ack(IRQ) != 0;		    /* nothing pending: nothing to do */
		return bad;
	}
	bad += bower_vm_map_pmo(REGS, 0, 4096, BOWER_PROT_READ, 0, 0) != -BOWER_EBADF;
	bad += bower_irq_bind(IRQ, (int)note) != -BOWER_EBADF;
	bad += bower_irq_ack(IRQ) != -BOWER_EBADF;
	return bad;
}

/* A driver of its own, as init starts one: its port, or -1. */
static long start_blk(long *pid)
{
	long port = bower_port_create();
	long give = bower_cap_copy((int)port, BOWER_RIGHT_CONNECT | BOWER_RIGHT_GRANT);
	const char *argv[] = {"blk", NULL};
	const int caps[] = {(int)give, REGS, IRQ};
	*pid = bower_spawn("blk", argv, caps, 3);
	bower_cap_delete((int)give);
	struct bower_ipc_recv info = {.cap = BOWER_NO_CAP};
	char buf[16];
	if (*pid >= 0)
		bower_ipc_recv((int)port, buf, sizeof(buf), &info);
	bower_ipc_reply(0, NULL, 0, BOWER_NO_CAP);
	bower_cap_delete((int)port);
	return info.cap;
}

static void stop_blk(long pid)
{
	long proc = bower_process_cap((int)pid);
	bower_process_kill((int)proc);
	bower_cap_delete((int)proc);
	bower_wait((int)pid, NULL);
}

/* A client thread reading until the driver is gone. */
static volatile long reader_port, reader_last;
static int dma;
static _Alignas(16) char stack[16384];

static void reader(uintptr_t unused)
{
	(void)unused;
	struct blk_client c;
	long err = blk_connect(&c, (int)reader_port);
	long id = err < 0 ? err : blk_attach(&c, dma);
	err = id < 0 ? id : 0;
	while (err >= 0)
		err = blk_read(&c, (unsigned)id, 0, 0, 64);
	reader_last = err;
	blk_disconnect(&c);
	bower_thread_exit();
}

#define ROUNDS 20

static void killed_with_interrupt_pending(void)
{
	dma = (int)bower_dma_create(8);
	long note = bower_notify_create();
	long before = 0; /* counted after the first round: its stack, its tables stay */
	int pending_kills = 0, epipes = 0, rounds = 0;
	for (; rounds < ROUNDS && (pending_kills < 3 || rounds < 2); rounds++) {
		if (rounds == 1)
			before = free_pages();
		long pid, port = start_blk(&pid);
		if (port < 0)
			break;
		if (rounds == 0)
			expect("another process's binding stands", bower_irq_bind(IRQ, (int)note),
			       -BOWER_EBUSY);
		reader_port = port;
		reader_last = 0;
		long t =
		    bower_thread_create((uintptr_t)reader, 0, (uintptr_t)stack + sizeof(stack));
		/* Poll, letting the others run, until the interrupt has come
		 * and the driver has not yet acknowledged it; then kill. */
		for (int spins = 0; spins < 200000 && !(irq_flags() & BOWER_IRQ_PENDING); spins++)
			if (spins % 4 == 0)
				bower_yield();
		long proc = bower_process_cap((int)pid);
		bower_process_kill((int)proc);
		pending_kills += (irq_flags() & BOWER_IRQ_PENDING) != 0;
		bower_thread_join((int)t);
		bower_cap_delete((int)t);
		epipes += reader_last == -EPIPE;
		bower_cap_delete((int)proc);
		bower_wait((int)pid, NULL);
		expect("the dead driver's binding is gone", irq_flags() & BOWER_IRQ_BOUND, 0);
		bower_cap_delete((int)port);
	}
	expect("killed drivers with their interrupt pending", pending_kills > 0, 1);
	expect("every reader's call failed with EPIPE", epipes, rounds);

	long pid, port = start_blk(&pid);
	struct blk_client c;
	long id = port < 0 ? port : blk_connect(&c, (int)port);
	if (id == 0)
		id = blk_attach(&c, dma);
	expect("a new driver takes the interrupt over and reads",
	       id < 0 ? id : blk_read(&c, (unsigned)id, 0, 0, 8), 8);
	if (port >= 0) {
		blk_disconnect(&c);
		bower_cap_delete((int)port);
	}
	if (pid >= 0)
		stop_blk(pid);
	expect("drivers killed, no page lost", free_pages(), before);
	bower_cap_delete(dma);
	bower_cap_delete((int)note);
	printf("devtest: %d rounds, %d kills with the interrupt pending\n", rounds, pending_kills);
}

/* Standing in for the driver: tell init there is no port, as blk does
 * when it cannot use the device. */
static void tell_init(void)
{
	uintptr_t buf;
	long conn = bower_ipc_connect(PARENT, &buf);
	struct bower_ipc_call msg = {.len = 0, .cap = BOWER_NO_CAP};
	bower_ipc_call((int)conn, &msg);
	bower_cap_delete((int)conn);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return child(argv[1]);
	struct bower_dev_info info;
	bool driver = bower_dev_info(REGS, &info) == 0 && info.kind == BOWER_DEV_MMIO;
	without_devices();
	if (driver) {
		holding_the_device();
		killed_with_interrupt_pending();
	}
	printf("devtest: %d checks failed\n", failed);
	if (driver)
		tell_init();
	return failed;
}
