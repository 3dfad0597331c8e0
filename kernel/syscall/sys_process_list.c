/*
 * sys_process_list.c - process_list: every process, as ps shows them.
 *
 * Like mem_stat, it needs no capability: it says what runs, not how to
 * touch it (that takes a process capability). The snapshot is taken into
 * kernel memory first and copied out last, so nothing is used after the
 * copy, which may sleep.
 */
#include <syscall.h>
#include <process.h>
#include <slab.h>

long sys_process_list(struct bower_process_info *uout, unsigned long max)
{
	size_t n = process_count();
	size_t want = MIN((size_t)max, n);
	if (want && !user_range_ok(uout, want * sizeof(*uout)))
		return -BOWER_EFAULT;
	struct bower_process_info *snap = want ? kmalloc(want * sizeof(*snap)) : NULL;
	if (want && !snap)
		return -BOWER_ENOMEM;
	n = process_info_snapshot(snap, want);
	long err = want ? copy_to_user(uout, snap, MIN(want, n) * sizeof(*snap)) : 0;
	kfree(snap);
	return err ? err : (long)n;
}
