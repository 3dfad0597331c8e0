/*
 * model.c - what the fuzzer knows of main's capability table: which slot
 * holds which of the objects it made, of what type, with what rights.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"


static struct obj_info objs[MAX_OBJS];

int new_obj(void)
{
	int id = ++F.next_obj;
	objs[id % MAX_OBJS] = (struct obj_info){.id = id, .helper = -1};
	return id;
}

struct obj_info *obj_info(int id)
{
	struct obj_info *o = &objs[id % MAX_OBJS];
	return id > 0 && o->id == id ? o : NULL;
}

void model_set(int slot, int type, unsigned rights, enum role role, int obj)
{
	if (slot < 0 || slot >= NSLOTS)
		return;
	F.slots[slot] = (struct slot){type, rights, role, obj};
}

static int holders(int obj)
{
	int n = 0;
	for (int i = 0; i < NSLOTS; i++)
		n += F.slots[i].type && F.slots[i].obj == obj;
	return n;
}

void model_clear(int slot)
{
	struct slot s = F.slots[slot];
	F.slots[slot] = (struct slot){0};
	/* The last capability to a connection to an unserved port: the
	 * kernel queues a closed notice on the port (docs/ipc.md). */
	struct obj_info *c = obj_info(s.obj), *port = c ? obj_info(c->conn_port) : NULL;
	if (s.role == ROLE_DEADCONN && port && !c->given && holders(s.obj) == 0)
		port->closed_pending++;
}

/* Read every slot back; what the model does not know becomes ROLE_NONE. */
void rescan(void)
{
	for (int i = 0; i < NSLOTS; i++) {
		long id = CALL(cap_identify, i);
		struct slot *s = &F.slots[i];
		if (id < 0) {
			if (s->type)
				F.slots[i] = (struct slot){0};
			continue;
		}
		int type = (int)(id >> 16);
		unsigned rights = (unsigned)id & 0xffff;
		if (s->type != type || s->rights != rights) {
			if (s->role == ROLE_VITAL)
				fuzz_print("fuzz: slot %d of the fuzzer's own changed under it\n",
					   i);
			model_set(i, type, rights, ROLE_NONE, new_obj());
		}
	}
}

