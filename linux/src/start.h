/*
 * start.h - starting the pager once per process, and ending it.
 */
#ifndef BP_START_H
#define BP_START_H

#include <stdbool.h>

/* Start the pager if it is not started: true if mappings can be served.
 * The first failure says why once on stderr; later calls return false. */
bool bp_start(void);

#endif
