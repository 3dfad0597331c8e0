/*
 * pagernomem.c - a pager answers a fault while the kernel has no free page.
 *
 * The faulting page lies where the client has no page table yet, so
 * mapping it needs a table page. With every free page taken (this program
 * maps eager memory until the kernel says ENOMEM), pager_map must say
 * ENOMEM and change nothing: the fault stays pending, and once memory is
 * given back the same answer maps the page and the client reads it. (A map
 * call that counted the page and then failed to enter it would tell the
 * client "resolved" and send it round the same fault again.)
 *
 * Exit status: the number of wrong results.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

#define TEST_NAME "pagernomem"
#include "expect.h"

#define PAGE	 4096
#define SLOTS	 4
#define HOARD	 4096 /* mappings this program can keep while eating memory */
#define FAR_AWAY 0x0000400000000000UL /* a 512 GiB slot no table covers yet */


static struct {
	struct bower_pager_ring ring;
	struct bower_pager_msg entries[SLOTS];
} ring;
static _Alignas(PAGE) char content[PAGE];
static _Alignas(16) char stack[8192];
static volatile char *mapping;
static volatile int read_back = -1;

static void reader(uintptr_t unused)
{
	(void)unused;
	read_back = mapping[5];
	bower_thread_exit();
}

static struct {
	uintptr_t addr;
	size_t len;
} hoard[HOARD];
static int hoarded;

/* Take every free page: big eager mappings first, then smaller ones. */
static void eat_memory(void)
{
	for (size_t len = 16UL << 20; len >= PAGE; len /= 16)
		while (hoarded < HOARD) {
			long a = bower_vm_map(0, len, BOWER_PROT_READ, BOWER_MAP_EAGER);
			if (a < 0)
				break;
			hoard[hoarded].addr = (uintptr_t)a;
			hoard[hoarded++].len = len;
		}
}

static void give_back(void)
{
	while (hoarded > 0) {
		hoarded--;
		bower_vm_unmap(hoard[hoarded].addr, hoard[hoarded].len);
	}
}

static unsigned long free_pages(void)
{
	struct bower_memstat st;
	bower_mem_stat(&st);
	return st.free_pages;
}

int main(void)
{
	long notify = bower_notify_create();
	ring.ring.slots = SLOTS;
	long pager = bower_pager_register((int)notify, (uintptr_t)&ring, SLOTS);
	long file = bower_pmo_create_file((int)pager, 4, 9);
	mapping = (volatile char *)bower_vm_map_pmo((int)file, FAR_AWAY, 4 * PAGE,
						    BOWER_PROT_READ, 0, 0);
	expect("map the file far away", (long)(uintptr_t)mapping, (long)FAR_AWAY);
	memset(content, 'N', sizeof(content));
	unsigned long before = free_pages();

	bower_thread_create((uintptr_t)reader, 0, (uintptr_t)stack + sizeof(stack));
	while (ring.ring.head == 0)
		bower_notify_wait((int)notify, 1);
	struct bower_pager_msg f = ring.entries[0];
	ring.ring.tail = 1;
	expect("the reader faults", (long)f.page, 0);

	eat_memory();
	printf("pagernomem: %d mappings hold the memory; %lu pages free\n", hoarded, free_pages());
	struct bower_pager_entry e = {f.va, (uintptr_t)content};
	expect("no page for a table: the answer fails",
	       bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ), -BOWER_ENOMEM);
	expect("and nothing was posted again", (long)ring.ring.head, 1);
	give_back();
	expect("with memory back, the same answer maps the page",
	       bower_pager_map((int)pager, f.token, &e, 1, BOWER_PROT_READ), 1);
	for (int i = 0; i < 100 && read_back < 0; i++)
		bower_yield();
	expect("the reader read the page", read_back, 'N');
	expect("after one fault", (long)ring.ring.head, 1);
	bower_vm_unmap((uintptr_t)mapping, 4 * PAGE);
	expect("every page came back", (long)free_pages(), (long)before);
	printf("pagernomem: %d wrong\n", failed);
	return failed;
}
