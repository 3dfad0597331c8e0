/*
 * cap.c - capability tables and object reference counts.
 *
 * The table is an array: a slot number is an index, so lookup is one
 * bounds check and one load, and a stale slot (deleted, or never filled) is
 * simply empty. It doubles when a new capability finds no free slot, up to
 * the table's limit; slots never move to another number, so growing is
 * invisible to programs. Checking the type and rights happens here, at
 * lookup, so no system call can forget it.
 */
#include <object.h>
#include <printk.h>
#include <slab.h>
#include <string.h>

void kobj_init(struct kobject *obj, enum kobj_type type, const struct kobj_ops *ops)
{
	obj->type = type;
	obj->refcount = 1;
	obj->ops = ops;
}

void kobj_release(struct kobject *obj)
{
	assert(obj->refcount == 1);
	obj->refcount = 0;
	obj->ops->destroy(obj);
}

static bool slot_free(const struct cap *c)
{
	return !c->obj && !c->reserved;
}

#define CAP_FIRST_SIZE 16

/* Make slot `need` exist: 0, -EMFILE past the limit, -ENOMEM. */
static int grow_to(struct cap_table *t, unsigned need)
{
	if (need >= t->limit)
		return -BOWER_EMFILE;
	if (need < t->size)
		return 0;
	unsigned size = t->size ? t->size : CAP_FIRST_SIZE;
	while (size <= need)
		size *= 2;
	if (size > t->limit)
		size = t->limit;
	struct cap *slot = kzalloc(size * sizeof(*slot));
	if (!slot)
		return -BOWER_ENOMEM;
	if (t->size)
		memcpy(slot, t->slot, t->size * sizeof(*slot));
	kfree(t->slot);
	t->slot = slot;
	t->size = size;
	return 0;
}

int cap_install_at(struct cap_table *t, int at, struct kobject *obj, uint32_t rights)
{
	if (at < 0)
		return -BOWER_EINVAL;
	int err = grow_to(t, (unsigned)at);
	if (err)
		return err == -BOWER_EMFILE ? -BOWER_EINVAL : err;
	if (!slot_free(&t->slot[at]))
		return -BOWER_EBUSY;
	kobj_get(obj);
	t->slot[at].obj = obj;
	t->slot[at].rights = rights;
	if (obj->ops->cap_counted)
		obj->ops->cap_counted(obj, t, rights, 1);
	return 0;
}

/* The lowest free slot, growing the table if every slot is taken. The
 * search starts at the hint, so a process making many capabilities pays
 * for each once, not for every slot below it each time. */
static int lowest_free(struct cap_table *t)
{
	unsigned usable = MIN(t->size, t->limit); /* the limit may have come down */
	for (unsigned i = t->free_hint; i < usable; i++)
		if (slot_free(&t->slot[i]))
			return (int)(t->free_hint = i);
	t->free_hint = MAX(t->free_hint, usable);
	int err = grow_to(t, usable);
	return err ? err : (int)usable;
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

/* Slot has just become free. */
static void slot_freed(struct cap_table *t, int slot)
{
	if ((unsigned)slot < t->free_hint)
		t->free_hint = (unsigned)slot;
}

void cap_unreserve(struct cap_table *t, int slot)
{
	assert(t->slot[slot].reserved);
	t->slot[slot].reserved = false;
	slot_freed(t, slot);
}

static struct cap *slot_in_use(struct cap_table *t, int slot)
{
	if (slot < 0 || (unsigned)slot >= t->size || !t->slot[slot].obj)
		return NULL;
	return &t->slot[slot];
}

int cap_lookup(struct cap_table *t, int slot, enum kobj_type type, uint32_t rights,
	       struct kobject **out)
{
	struct cap *c = slot_in_use(t, slot);
	if (!c)
		return -BOWER_EBADF;
	if (type != KOBJ_NONE && c->obj->type != type)
		return -BOWER_EINVAL;
	if ((c->rights & rights) != rights)
		return -BOWER_EACCES;
	*out = c->obj;
	return 0;
}

uint32_t cap_rights(const struct cap_table *t, int slot)
{
	return t->slot[slot].rights;
}

int cap_set_limit(struct cap_table *t, unsigned long n)
{
	if (n > CAP_LIMIT_MAX)
		return -BOWER_EINVAL;
	for (unsigned i = n; i < t->size; i++)
		if (!slot_free(&t->slot[i]))
			return -BOWER_EINVAL;
	t->limit = (unsigned)n;
	return 0;
}

int cap_delete(struct cap_table *t, int slot)
{
	struct cap *c = slot_in_use(t, slot);
	if (!c)
		return -BOWER_EBADF;
	struct kobject *obj = c->obj;
	uint32_t rights = c->rights;
	c->obj = NULL;
	c->rights = 0;
	slot_freed(t, slot);
	if (obj->ops->cap_counted)
		obj->ops->cap_counted(obj, t, rights, -1);
	kobj_put(obj);
	return 0;
}

void cap_table_clear(struct cap_table *t)
{
	for (unsigned i = 0; i < t->size; i++)
		if (t->slot[i].obj)
			cap_delete(t, (int)i);
	kfree(t->slot);
	t->slot = NULL;
	t->size = 0;
	t->free_hint = 0;
}
