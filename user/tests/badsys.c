/*
 * badsys.c - system calls with bad arguments must return error codes.
 *
 * Each row makes one bad call and names the error it must get back. The
 * program prints a line per row and exits with the number of rows that
 * got something else; the kernel must survive every one of them.
 */
#include <stdio.h>
#include <stdint.h>
#include <bower/abi.h>
#include <bower/syscall_nr.h>

static long raw_syscall(long nr, long a0, long a1)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
	return x0;
}

#define KERNEL_ADDR ((void *)0xffff000040200000UL)
#define UNMAPPED    ((void *)0x7000000000UL)

int main(void)
{
	static const char *const no_args[] = {NULL};
	static const char *const bad_argv[] = {"hello", (const char *)0x10, NULL};
	static char long_path[BOWER_PATH_MAX + 8];
	static struct bower_ramdisk_entry entry;
	static char page[4096];
	static const int bad_slot[1] = {999};
	for (unsigned i = 0; i < sizeof(long_path) - 1; i++)
		long_path[i] = 'a';

	struct {
		const char *what;
		long got, want;
	} rows[] = {
	    {"unknown call 999", raw_syscall(999, 0, 0), -BOWER_ENOSYS},
	    {"unknown call -1", raw_syscall(-1, 0, 0), -BOWER_ENOSYS},
	    {"write from NULL", bower_console_write(NULL, 10), -BOWER_EFAULT},
	    {"write from kernel memory", bower_console_write(KERNEL_ADDR, 10), -BOWER_EFAULT},
	    {"write from unmapped memory", bower_console_write(UNMAPPED, 10), -BOWER_EFAULT},
	    {"write with wrapping length", bower_console_write("x", (size_t)-1), -BOWER_EFAULT},
	    {"mem_stat to NULL", bower_mem_stat(NULL), -BOWER_EFAULT},
	    {"mem_stat to kernel memory", bower_mem_stat(KERNEL_ADDR), -BOWER_EFAULT},
	    {"mem_stat to read-only memory", bower_mem_stat((void *)no_args), -BOWER_EFAULT},
	    {"ramdisk_entry past the end", bower_ramdisk_entry(1UL << 40, &entry), -BOWER_ENOENT},
	    {"ramdisk_entry to NULL", bower_ramdisk_entry(0, NULL), -BOWER_EFAULT},
	    {"ramdisk_entry to kernel memory", bower_ramdisk_entry(0, KERNEL_ADDR), -BOWER_EFAULT},
	    {"ramdisk_read past the end", bower_ramdisk_read(1UL << 40, 0, page, 1), -BOWER_ENOENT},
	    {"ramdisk_read into kernel memory", bower_ramdisk_read(0, 0, KERNEL_ADDR, 16),
	     -BOWER_EFAULT},
	    {"ramdisk_read into read-only memory", bower_ramdisk_read(0, 0, (void *)no_args, 16),
	     -BOWER_EFAULT},
	    {"ramdisk_read with wrapping length", bower_ramdisk_read(0, 0, page, (size_t)-1),
	     -BOWER_EFAULT},
	    {"ramdisk_read beyond the file", bower_ramdisk_read(0, 1UL << 40, page, 16), 0},
	    {"process_list to NULL", bower_process_list(NULL, 4), -BOWER_EFAULT},
	    {"process_list to kernel memory", bower_process_list(KERNEL_ADDR, 4), -BOWER_EFAULT},
	    {"process_list to read-only memory", bower_process_list((void *)no_args, 4),
	     -BOWER_EFAULT},
	    {"process_list of none counts them", bower_process_list(NULL, 0) >= 3, 1},
	    {"console_foreground of too many", bower_console_foreground(bad_slot, 9), -BOWER_EINVAL},
	    {"console_foreground of -1", bower_console_foreground(bad_slot, -1), -BOWER_EINVAL},
	    {"console_foreground from NULL", bower_console_foreground(NULL, 1), -BOWER_EFAULT},
	    {"console_foreground of an empty slot", bower_console_foreground(bad_slot, 1),
	     -BOWER_EBADF},
	    {"console_foreground of none", bower_console_foreground(NULL, 0), 0},
	    {"spawn with NULL path", bower_spawn(NULL, no_args, NULL, 0), -BOWER_EFAULT},
	    {"spawn with kernel path", bower_spawn(KERNEL_ADDR, no_args, NULL, 0), -BOWER_EFAULT},
	    {"spawn a missing program", bower_spawn("no-such-program", no_args, NULL, 0),
	     -BOWER_ENOENT},
	    {"spawn with a path too long", bower_spawn(long_path, no_args, NULL, 0),
	     -BOWER_ENAMETOOLONG},
	    {"spawn with bad argv", bower_spawn("hello", (void *)UNMAPPED, NULL, 0), -BOWER_EFAULT},
	    {"spawn with a bad argument", bower_spawn("hello", bad_argv, NULL, 0), -BOWER_EFAULT},
	    {"spawn a file that is not ELF", bower_spawn("README", no_args, NULL, 0),
	     -BOWER_ENOEXEC},
	    {"wait with no children", bower_wait(-1, NULL), -BOWER_ECHILD},
	    {"wait for pid 0", bower_wait(0, NULL), -BOWER_EINVAL},
	    {"vm_map with unknown flags", bower_vm_map(0, 4096, BOWER_PROT_READ, 0x4000),
	     -BOWER_EINVAL},
	    {"vm_map of zero bytes", bower_vm_map(0, 0, BOWER_PROT_READ, 0), -BOWER_EINVAL},
	    {"vm_map fixed over the kernel",
	     bower_vm_map(0xffff000000000000UL, 4096, 1, BOWER_MAP_FIXED), -BOWER_EINVAL},
	    {"vm_map fixed unaligned", bower_vm_map(0x10000001, 4096, 1, BOWER_MAP_FIXED),
	     -BOWER_EINVAL},
	    {"exit_signal of signal 0", bower_exit_signal(0), -BOWER_EINVAL},
	    {"exit_signal of signal 64", bower_exit_signal(64), -BOWER_EINVAL},
	    {"exit_signal of a negative signal", bower_exit_signal(-9), -BOWER_EINVAL},
	    {"vm_protect unaligned", bower_vm_protect(0x10000001, 4096, 1), -BOWER_EINVAL},
	    {"vm_protect of nothing mapped", bower_vm_protect(0x10000000, 4096, 1), -BOWER_ENOMEM},
	    {"vm_protect with unknown bits", bower_vm_protect(0x10000000, 4096, 0x100), -BOWER_EINVAL},
	    {"vm_protect of the kernel", bower_vm_protect(0xffff000040000000UL, 4096, 1),
	     -BOWER_EINVAL},
	    {"vm_unmap of nothing (POSIX: no error)", bower_vm_unmap(0x10000000, 4096), 0},
	    {"vm_unmap unaligned", bower_vm_unmap(0x10000001, 4096), -BOWER_EINVAL},
	    {"vm_unmap of no bytes", bower_vm_unmap(0x10000000, 0), -BOWER_EINVAL},
	    {"vm_unmap wrapping", bower_vm_unmap(0xfffffffffffff000UL, 0x2000), -BOWER_EINVAL},
	    {"thread with kernel entry", bower_thread_create(0xffff000040200000UL, 0, 0x1000),
	     -BOWER_EINVAL},
	    {"poweroff from a non-init", bower_poweroff(0), -BOWER_EPERM},
	};
	int failed = 0;
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int ok = rows[i].got == rows[i].want;
		failed += !ok;
		printf("badsys: %s: %s (got %ld, want %ld)\n", ok ? "ok" : "WRONG", rows[i].what,
		       rows[i].got, rows[i].want);
	}
	printf("badsys: %d of %u calls returned the wrong result\n", failed,
	       (unsigned)(sizeof(rows) / sizeof(rows[0])));
	return failed;
}
