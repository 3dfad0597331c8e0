/* tracerec.h - a MAP_LLM mapping's accesses as a simulator trace (tracerec.c). */
#ifndef FS_TRACEREC_H
#define FS_TRACEREC_H

#include <stddef.h>
#include <stdint.h>

struct trace_run;

/* A run begins: its recording, or NULL if /.traces does not exist. */
struct trace_run *tracerec_begin(void);
/* A page the kernel reported: a fault, or a prefetched page's first use. */
void tracerec_page(struct trace_run *t, uint32_t page);
/* The run ended: append it to /.traces/NAME and free it (NULL: nothing). */
void tracerec_end(struct trace_run *t, const char *name, size_t pages);
/* A run that will not end (its file went): free it, writing nothing. */
void tracerec_drop(struct trace_run *t);

#endif
