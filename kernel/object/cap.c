/*
 * cap.c - capability tables and object reference counts.
 *
 * The table is a fixed array: a slot number is an index, so lookup is one
 * bounds check and one load, and a stale slot (deleted, or never filled) is
 * simply empty. Checking the type and rights happens here, at lookup, so no
 * system call can forget it.
 */
#include <object.h>
#include <printk.h>

void kobj_init(struct kobject *obj, enum kobj_type type, const struct kobj_ops *ops)
{
	obj->type = type;
	obj->refcount = 1;
	obj->ops = ops;
}

void kobj_get(struct kobject *obj)
{
	obj->refcount++;
}

void kobj_put(struct kobject *obj)
{
	assert(obj->refcount > 0);
	if (--obj->refcount == 0)
		obj->ops->destroy(obj);
}

static bool slot_free(const struct cap *c)
{
	return !c->obj && !c->reserved;
}

int cap_install_at(struct cap_table *t, int at, struct kobject *obj, uint32_t rights)
{
	if (at < 0 || at >= CAP_SLOTS)
		return -BOWER_EINVAL;
	if (!slot_free(&t->slot[at]))
		return -BOWER_EBUSY;
	kobj_get(obj);
	t->slot[at].obj = obj;
	t->slot[at].rights = rights;
	return 0;
}

static int lowest_free(const struct cap_table *t)
{
	for (int i = 0; i < CAP_SLOTS; i++)
		if (slot_free(&t->slot[i]))
			return i;
	return -BOWER_EMFILE;
}

int cap_install(struct cap_table *t, struct kobject *obj, uint32_t rights)
{
	int i = lowest_free(t);
	if (i >= 0)
		cap_install_at(t, i, obj, rights);
	return i;
}

int cap_reserve(struct cap_table *t)
{
	int i = lowest_free(t);
	if (i >= 0)
		t->slot[i].reserved = true;
	return i;
}

void cap_fill(struct cap_table *t, int slot, struct kobject *obj, uint32_t rights)
{
	assert(t->slot[slot].reserved);
	t->slot[slot].reserved = false;
	cap_install_at(t, slot, obj, rights);
}

void cap_unreserve(struct cap_table *t, int slot)
{
	assert(t->slot[slot].reserved);
	t->slot[slot].reserved = false;
}

bool cap_table_full(const struct cap_table *t)
{
	return lowest_free(t) < 0;
}

int cap_lookup(struct cap_table *t, int slot, enum kobj_type type, uint32_t rights,
	       struct kobject **out)
{
	if (slot < 0 || slot >= CAP_SLOTS || !t->slot[slot].obj)
		return -BOWER_EBADF;
	struct cap *c = &t->slot[slot];
	if (type != KOBJ_NONE && c->obj->type != type)
		return -BOWER_EINVAL;
	if ((c->rights & rights) != rights)
		return -BOWER_EACCES;
	*out = c->obj;
	return 0;
}

int cap_delete(struct cap_table *t, int slot)
{
	if (slot < 0 || slot >= CAP_SLOTS || !t->slot[slot].obj)
		return -BOWER_EBADF;
	struct kobject *obj = t->slot[slot].obj;
	uint32_t rights = t->slot[slot].rights;
	t->slot[slot].obj = NULL;
	t->slot[slot].rights = 0;
	if (obj->ops->cap_deleted)
		obj->ops->cap_deleted(obj, rights);
	kobj_put(obj);
	return 0;
}

void cap_table_clear(struct cap_table *t)
{
	for (int i = 0; i < CAP_SLOTS; i++)
		if (t->slot[i].obj)
			cap_delete(t, i);
}
