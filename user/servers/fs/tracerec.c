/*
 * tracerec.c - the accesses a MAP_LLM mapping made, recorded as the
 * prefetch simulator's trace, so that the OS and the simulator can be held
 * to the same answer.
 *
 * Recording is on while the directory /.traces exists (make it, and every
 * run from then on is recorded). Each file mapped with MAP_LLM gets
 * /.traces/NAME, in the simulator's text format (tools/prefetch-sim/
 * README.md): a "# pages N" line, then per run the pages in the order the
 * kernel reported them (each fault, and each first use of a prefetched
 * page), one per line, and a blank line at the run's end. For a program
 * that touches each page once while it is resident (test_llm does) that is
 * exactly its access order; replayed with the same predictor, cap and
 * batch the simulator must take the same faults (tests/agree/agree.py).
 * A run is kept in memory and written at its end, so recording costs one
 * write per run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tmpfs.h"
#include "tracerec.h"

struct trace_run {
	char *text;
	size_t len, room;
};

struct trace_run *tracerec_begin(void)
{
	struct tnode *dir;
	if (tmpfs_lookup("/.traces", &dir) < 0 || dir->type != FS_TYPE_DIR)
		return NULL;
	return calloc(1, sizeof(struct trace_run));
}

void tracerec_page(struct trace_run *t, uint32_t page)
{
	if (!t)
		return;
	if (t->room - t->len < 16) {
		size_t room = t->room ? 2 * t->room : 1024;
		char *text = realloc(t->text, room);
		if (!text)
			return; /* out of memory: the run is recorded short */
		t->text = text;
		t->room = room;
	}
	t->len += (size_t)snprintf(t->text + t->len, t->room - t->len, "%u\n", page);
}

void tracerec_drop(struct trace_run *t)
{
	if (t)
		free(t->text);
	free(t);
}

void tracerec_end(struct trace_run *t, const char *name, size_t pages)
{
	if (!t)
		return;
	char path[FS_PATH_MAX];
	struct tnode *n;
	snprintf(path, sizeof(path), "/.traces/%s", name);
	if (tmpfs_lookup(path, &n) < 0 && tmpfs_create(path, FS_TYPE_FILE, &n) == 0) {
		char head[128];
		int len = snprintf(head, sizeof(head),
				   "# recorded by the file server (user/servers/fs/tracerec.c)\n"
				   "# pages %zu\n", pages);
		tmpfs_write(n, 0, head, (size_t)len);
	}
	if (tmpfs_lookup(path, &n) == 0 && n->type == FS_TYPE_FILE) {
		tmpfs_write(n, n->size, t->text ? t->text : "", t->len);
		tmpfs_write(n, n->size, "\n", 1);
	}
	tracerec_drop(t);
}
