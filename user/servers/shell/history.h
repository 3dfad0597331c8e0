/* history.h - the lines typed before, for the arrow keys (history.c). */
#ifndef SHELL_HISTORY_H
#define SHELL_HISTORY_H

/* Remember a line typed (not an empty one, nor one the same as the last). */
void history_add(const char *line);
/* How many lines are remembered. */
int history_count(void);
/* The line typed `back` lines ago (1: the last one), or NULL past the oldest. */
const char *history_get(int back);

#endif
