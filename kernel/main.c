/*
 * main.c - bringing the kernel up, in order.
 *
 * boot.S arrives here in the upper half with the MMU on, on the boot stack,
 * interrupts masked. Each step needs the ones before it: the console for
 * messages, then the kernel's W^X map (as early as possible: until then
 * everything is writable and executable), the device tree for the size of
 * RAM, pages before objects and before the protection check (which needs
 * a page table of its own), objects before the first process, which gets
 * the devices the device tree lists (object/device.c). The other CPUs
 * start once the scheduler is ready (smp.c). The boot stack then becomes
 * the boot CPU's idle thread's.
 */
#include <console.h>
#include <printk.h>
#include <ramdisk.h>
#include <rtc.h>
#include <pmm.h>
#include <slab.h>
#include <irq.h>
#include <sched.h>
#include <smp.h>
#include <kernel_lock.h>
#include <process.h>
#include <mmio.h>
#include <fdt.h>
#include <llm.h>
#include <device.h>
#include <string.h>
#include <arch/cpu.h>
#include <arch/pagetable.h>
#include <arch/kmap.h>
#include <bower/abi.h>
#include "plat/virt/plat.h"

extern char _kernel_end[];
extern uint64_t boot_entered_from_el2;

static void *slab_page_alloc(unsigned order)
{
	paddr_t pa = page_alloc(order);
	return pa ? KVA(pa) : NULL;
}

static void slab_page_free(void *va, unsigned order)
{
	page_free(KPA(va), order);
}

static void set_llm_cap(const char *s)
{
	unsigned long v = 0;
	for (; *s >= '0' && *s <= '9' && v <= BOWER_LLM_CAP_MAX; s++)
		v = v * 10 + (unsigned long)(*s - '0');
	if (*s == '\0' && v >= 1 && v <= BOWER_LLM_CAP_MAX)
		llm_default_cap = v;
	else
		printk("bower: ignoring llm_cap (1..%d)\n", BOWER_LLM_CAP_MAX);
}

/* Split the kernel command line into words. "init=PATH" chooses the first
 * program (default "init"), "llm_cap=N" the resident cap of MAP_LLM
 * mappings (default 16); every other word is an argument for init. */
static int split_bootargs(char *line, char *argv[], int max)
{
	int argc = 0;
	argv[argc++] = "init";
	for (char *s = line; *s && argc < max;) {
		while (*s == ' ')
			*s++ = '\0';
		if (!*s)
			break;
		char *word = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
		if (strncmp(word, "init=", 5) == 0)
			argv[0] = word + 5;
		else if (strncmp(word, "llm_cap=", 8) == 0)
			set_llm_cap(word + 8);
		else
			argv[argc++] = word;
	}
	return argc;
}

noreturn void kmain(void)
{
	static char cmdline[512];
	char *argv[BOWER_ARG_MAX];
	uint64_t boot_counter = arch_counter();

	/* This CPU's own state first (current, its id), and the kernel lock,
	 * held from here until the first return to user mode or idle wait. */
	smp_boot_cpu_init();
	kernel_lock();
	console_init();
	printk("Bower kernel booting (entered at EL%d, running at EL1)\n",
	       boot_entered_from_el2 ? 2 : 1);
	kmap_init();

	const void *dtb = KVA(PLAT_DTB_BASE);
	uint64_t ram_base, ram_size;
	if (fdt_check(dtb, PLAT_DTB_MAX) < 0 || fdt_memory(dtb, &ram_base, &ram_size) < 0)
		panic("no usable device tree at 0x%lx", PLAT_DTB_BASE);
	const char *args = fdt_bootargs(dtb);
	if (args)
		memcpy(cmdline, args, strnlen(args, sizeof(cmdline) - 1));

	pmm_init(KPA(_kernel_end), ram_base + ram_size);
	slab_init((struct slab_pages){slab_page_alloc, slab_page_free, .zeroed = true});
	arch_mmu_init();
	printk("bower: memory %lu MiB at 0x%lx, %lu pages free\n", (unsigned long)(ram_size >> 20),
	       (unsigned long)ram_base, (unsigned long)pmm_free_pages());
	arch_protect_init();

	irq_controller_init();
	timer_init(BOWER_TICK_HZ);
	rtc_init();
	console_enable_input_irq();
	sched_init();
	smp_start_secondaries(dtb);

	ramdisk_init();
	int argc = split_bootargs(cmdline, argv, BOWER_ARG_MAX);
	int err;
	/* init's first slots: every device's registers and interrupt. */
	static struct cap devices[2 * DEVICES_MAX];
	devices_init(dtb);
	int ndevcaps = devices_caps(devices, ARRAY_SIZE(devices));
	if (!process_spawn(argv[0], argc, argv, devices, ndevcaps, NULL, &err))
		panic("cannot start init (%s): error %d", argv[0], err);
	devices_put(devices, ndevcaps);
	printk("bower: kernel ready after %lu counter ticks (%lu Hz); starting init\n",
	       (unsigned long)(arch_counter() - boot_counter), (unsigned long)arch_counter_freq());
	sched_start();
}
