/*
 * object.h - kernel objects and the capabilities that name them.
 *
 * Every object a program can name is a struct kobject header (its type and
 * a reference count) embedded in the object, plus an ops table whose
 * destroy runs when the last reference goes. References are held by
 * capability slots and by kernel code that uses an object across a block.
 *
 * A process names objects only through its capability table: a slot holds
 * an object and the rights this process has on it. System calls look a slot
 * up with the type and rights they need (cap_lookup); a wrong type, a
 * missing right or an empty slot is an error code, never a crash. Rights
 * can only shrink when a capability is copied.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <types.h>
#include <bower/abi.h>

enum kobj_type {
	KOBJ_NONE = 0,
	KOBJ_NOTIFICATION = BOWER_CAP_NOTIFICATION,
	KOBJ_PORT = BOWER_CAP_PORT,
	KOBJ_CONNECTION = BOWER_CAP_CONNECTION,
	KOBJ_PMO = BOWER_CAP_PMO,
	KOBJ_PAGER = BOWER_CAP_PAGER,
	KOBJ_PROCESS = BOWER_CAP_PROCESS,
	KOBJ_THREAD = BOWER_CAP_THREAD,
	KOBJ_VMSPACE = BOWER_CAP_VMSPACE,
	KOBJ_IRQ = BOWER_CAP_IRQ,
	KOBJ_PIPE = BOWER_CAP_PIPE,
};

struct kobject;
struct cap_table;

struct kobj_ops {
	/* The last reference went: free the object. */
	void (*destroy)(struct kobject *obj);
	/* A capability to it was installed in table t (delta 1) or deleted
	 * from it (-1), with these rights (optional: a port closes when its
	 * owner's table holds no capability with the receive right). */
	void (*cap_counted)(struct kobject *obj, struct cap_table *t, uint32_t rights, int delta);
};

struct kobject {
	enum kobj_type type;
	unsigned refcount;
	const struct kobj_ops *ops;
};

void kobj_init(struct kobject *obj, enum kobj_type type, const struct kobj_ops *ops);
/* Inline: every call takes and drops references on its way. */
static inline void kobj_get(struct kobject *obj)
{
	obj->refcount++;
}
/* The last reference went: destroy it (or panic on a count gone wrong). */
void kobj_release(struct kobject *obj);
static inline void kobj_put(struct kobject *obj)
{
	if (obj->refcount <= 1)
		kobj_release(obj);
	else
		obj->refcount--;
}

/* A table starts small and doubles on demand, up to its limit: the
 * default a process starts with (inherited at spawn, changed with
 * cap_set_limit), and at most CAP_LIMIT_MAX. Memory bounds it too: a table
 * that cannot grow says -ENOMEM; one at its limit says -EMFILE. */
#define CAP_LIMIT_DEFAULT 1024
#define CAP_LIMIT_MAX	  65536

struct cap {
	struct kobject *obj; /* NULL: empty slot */
	uint32_t rights;
	bool reserved; /* empty, but held for a system call that will fill it */
};

struct cap_table {
	struct cap *slot; /* size entries (NULL while size is 0) */
	unsigned size;
	unsigned limit;	    /* slots it may grow to */
	unsigned free_hint; /* no slot below it is free: the search for one starts there */
};

/* Put obj in the lowest free slot (taking a reference): the slot, or
 * -EMFILE if the table is full. */
int cap_install(struct cap_table *t, struct kobject *obj, uint32_t rights);
/* Put obj in slot `at` (which must be free). 0 or -EINVAL/-EBUSY/-ENOMEM. */
int cap_install_at(struct cap_table *t, int at, struct kobject *obj, uint32_t rights);
/* The object in slot if it has the type and all the rights asked for:
 * 0 and *out (no reference taken: take one with kobj_get to keep it across
 * a block), -EBADF for an empty or out-of-range slot, -EINVAL for another
 * type, -EACCES for missing rights. type KOBJ_NONE accepts any type. */
int cap_lookup(struct cap_table *t, int slot, enum kobj_type type, uint32_t rights,
	       struct kobject **out);
/* Hold the lowest free slot for an object a system call will install
 * after it has done what may sleep (copying results to user memory): the
 * slot, or -EMFILE. A reserved slot looks empty to lookup and delete, but
 * nothing else is installed there; it ends with cap_fill or cap_unreserve. */
int cap_reserve(struct cap_table *t);
/* Put obj (taking a reference) in a slot reserved by cap_reserve. */
void cap_fill(struct cap_table *t, int slot, struct kobject *obj, uint32_t rights);
void cap_unreserve(struct cap_table *t, int slot);
/* The rights of a slot cap_lookup has just found. */
uint32_t cap_rights(const struct cap_table *t, int slot);
/* Change how many slots the table may grow to: 0, or -EINVAL if n is
 * above CAP_LIMIT_MAX or below the highest slot in use. */
int cap_set_limit(struct cap_table *t, unsigned long n);
/* Empty a slot, dropping its reference: 0 or -EBADF. */
int cap_delete(struct cap_table *t, int slot);
/* Empty every slot and free the table (a process ending). */
void cap_table_clear(struct cap_table *t);

#endif
