/*
 * sys_pager.c - system calls of the user-level pager protocol and of file
 * memory objects. Each looks up its capabilities with the rights it needs
 * and hands over to ipc/pager.c.
 */
#include <syscall.h>
#include <process.h>
#include <pager.h>
#include <notification.h>
#include <pmo.h>
#include <vmspace.h>
#include <llm.h>

static struct cap_table *caps(void)
{
	return &current_process()->caps;
}

static long lookup_pager(int slot, struct pager **pg)
{
	struct kobject *obj;
	long err = cap_lookup(caps(), slot, KOBJ_PAGER, BOWER_RIGHT_PAGER, &obj);
	*pg = err ? NULL : (struct pager *)obj; /* struct pager starts with its kobject */
	return err;
}

long sys_pager_register(int notify_slot, uintptr_t ring, unsigned long slots)
{
	struct kobject *n;
	long err = cap_lookup(caps(), notify_slot, KOBJ_NOTIFICATION, BOWER_RIGHT_SIGNAL, &n);
	return err ? err : pager_register(current_process(), n, ring, slots);
}

long sys_pmo_create_file(int pager_slot, unsigned long npages, unsigned long file_id)
{
	struct pager *pg;
	long err = lookup_pager(pager_slot, &pg);
	return err ? err : pager_create_file(pg, npages, file_id);
}

long sys_vm_map_pmo(int pmo_slot, uintptr_t addr, size_t len, int prot, int flags,
		    unsigned long first_page)
{
	struct kobject *obj;
	/* A private mapping writes its own copies: reading the object is all
	 * it needs. */
	bool private = flags & BOWER_MAP_PRIVATE;
	uint32_t need =
	    BOWER_RIGHT_READ | (prot & BOWER_PROT_WRITE && !private ? BOWER_RIGHT_WRITE : 0);
	long err = cap_lookup(caps(), pmo_slot, KOBJ_PMO, need, &obj);
	if (err)
		return err;
	if (len == 0 || len > BOWER_USER_TOP || (prot & ~(BOWER_PROT_READ | BOWER_PROT_WRITE)) ||
	    (flags & ~(BOWER_MAP_LLM | BOWER_MAP_FIXED | BOWER_MAP_PRIVATE)))
		return -BOWER_EINVAL;
	struct pmo *pmo = container_of(obj, struct pmo, kobj);
	if ((flags & (BOWER_MAP_LLM | BOWER_MAP_PRIVATE)) && pmo->kind != PMO_FILE)
		return -BOWER_EINVAL;
	if ((flags & BOWER_MAP_LLM) && private && (prot & BOWER_PROT_WRITE))
		return -BOWER_ENOTSUP; /* a capped mapping's pages are its pager's */
	struct vmspace *vs = current_process()->vs;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (flags & BOWER_MAP_FIXED)
		err = vmspace_unmap_for_fixed(vs, addr, len);
	else if (!(addr = vmspace_find_free(vs, addr ? addr : 0x0000000300000000UL, len)))
		err = -BOWER_ENOMEM;
	if (err)
		return err;
	unsigned perm = VM_READ | (prot & BOWER_PROT_WRITE ? VM_WRITE : 0);
	err = vmspace_map(vs, addr, len, perm, pmo, first_page);
	if (err == 0 && private && !(flags & BOWER_MAP_LLM) &&
	    (err = vmregion_make_private(vmspace_find_region(vs, addr))))
		vmspace_unmap(vs, addr, len);
	if (err == 0 && (flags & BOWER_MAP_LLM) &&
	    (err = llm_attach(vmspace_find_region(vs, addr))))
		vmspace_unmap(vs, addr, len);
	return err < 0 ? err : (long)addr;
}

/* The MAP_LLM mapping that starts at addr. */
static struct vmregion *llm_region_at(uintptr_t addr)
{
	struct vmregion *r = vmspace_find_region(current_process()->vs, addr);
	return r && r->start == addr && r->llm ? r : NULL;
}

long sys_vm_llm_stats(uintptr_t addr, struct bower_llm_stats *uout)
{
	struct vmregion *r = llm_region_at(addr);
	struct bower_llm_stats st;
	if (!r)
		return -BOWER_EINVAL;
	llm_stats(r, &st);
	return copy_to_user(uout, &st, sizeof(st));
}

long sys_vm_llm_set_cap(uintptr_t addr, unsigned long cap)
{
	struct vmregion *r = llm_region_at(addr);
	return r ? llm_set_cap(r, cap) : -BOWER_EINVAL;
}

long sys_pager_map(int pager_slot, unsigned long token, const struct bower_pager_entry *entries,
		   unsigned long n, int prot)
{
	struct pager *pg;
	long err = lookup_pager(pager_slot, &pg);
	return err ? err : pager_map(pg, token, entries, n, prot);
}

/* pager_map, then notify_wait(notify, how), in one kernel entry: a pager
 * answers its last fault and waits for the next message at once. If the
 * wait sleeps, the thread just answered runs without a trip through the
 * run queue. Nothing is waited for when the map fails (waited: 1). */
long sys_pager_map_wait(int pager_slot, unsigned long token,
			const struct bower_pager_entry *entries, unsigned long n, int prot,
			int notify_slot, int how)
{
	struct pager *pg;
	struct kobject *notify;
	syscall_result(1, 1); /* not waited, until it is */
	if (how != BOWER_WAIT_POLL && how != BOWER_WAIT_BLOCK && how != BOWER_WAIT_OR_IDLE)
		return -BOWER_EINVAL;
	long err = lookup_pager(pager_slot, &pg);
	if (!err)
		err = cap_lookup(caps(), notify_slot, KOBJ_NOTIFICATION, BOWER_RIGHT_WAIT, &notify);
	if (err)
		return err;
	kobj_get(notify); /* the map's copy may sleep, and the capability go */
	struct thread *answered;
	long mapped = pager_map_settle(pg, token, entries, n, prot, &answered);
	if (mapped < 0) { /* a failed map answered no one */
		kobj_put(notify);
		return mapped;
	}
	syscall_result(0, (uint64_t)mapped); /* the wait may end the call */
	syscall_result(1, (uint64_t)notification_wait(notify, how, answered, 1));
	return mapped;
}

long sys_pager_map_ahead(int pager_slot, int pmo_slot, unsigned long client,
			 const struct bower_pager_entry *entries, unsigned long n, int prot)
{
	struct pager *pg;
	struct kobject *pmo;
	long err = lookup_pager(pager_slot, &pg);
	if (!err)
		err = cap_lookup(caps(), pmo_slot, KOBJ_PMO, 0, &pmo);
	return err ? err
		   : pager_map_ahead(pg, container_of(pmo, struct pmo, kobj), client, entries, n,
				     prot);
}

long sys_pager_fail(int pager_slot, unsigned long token, int reason)
{
	struct pager *pg;
	long err = lookup_pager(pager_slot, &pg);
	return err ? err : pager_fail(pg, token, reason);
}

long sys_pager_invalidate(int pager_slot, int pmo_slot, unsigned long first_page,
			  unsigned long count)
{
	struct pager *pg;
	struct kobject *pmo;
	long err = lookup_pager(pager_slot, &pg);
	if (!err)
		err = cap_lookup(caps(), pmo_slot, KOBJ_PMO, 0, &pmo);
	return err ? err : pager_invalidate(pg, container_of(pmo, struct pmo, kobj), first_page,
					   count);
}

long sys_pmo_create(unsigned long npages)
{
	if (npages == 0 || npages > (1UL << 20))
		return -BOWER_EINVAL;
	return pmo_install_new(caps(), pmo_create_anon(npages, false));
}

long sys_process_vmspace(int proc_slot)
{
	struct kobject *obj;
	long err = cap_lookup(caps(), proc_slot, KOBJ_PROCESS, BOWER_RIGHT_MAP, &obj);
	if (err)
		return err;
	struct process *p = container_of(obj, struct process, kobj);
	if (!p->vs)
		return -BOWER_ESRCH;
	return cap_install(caps(), &p->vs->kobj, BOWER_RIGHT_MAP | BOWER_RIGHT_GRANT);
}

long sys_vm_map_pmo_into(int vs_slot, int pmo_slot, uintptr_t addr, size_t len, int prot)
{
	struct kobject *vso, *obj;
	uint32_t need = BOWER_RIGHT_READ | (prot & BOWER_PROT_WRITE ? BOWER_RIGHT_WRITE : 0);
	long err = cap_lookup(caps(), vs_slot, KOBJ_VMSPACE, BOWER_RIGHT_MAP, &vso);
	if (!err)
		err = cap_lookup(caps(), pmo_slot, KOBJ_PMO, need, &obj);
	if (err)
		return err;
	if (prot & ~(BOWER_PROT_READ | BOWER_PROT_WRITE))
		return -BOWER_EINVAL;
	unsigned perm = VM_READ | (prot & BOWER_PROT_WRITE ? VM_WRITE : 0);
	return vmspace_map(container_of(vso, struct vmspace, kobj), addr, ALIGN_UP(len, PAGE_SIZE),
			   perm, container_of(obj, struct pmo, kobj), 0);
}
