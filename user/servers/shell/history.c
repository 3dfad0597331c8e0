/*
 * history.c - the last HISTORY_MAX lines typed, newest last.
 *
 * A ring of copies: when it is full, a new line takes the oldest one's
 * place. Up and down in the line editor walk it (line.c); `history` lists
 * it (builtins.c).
 */
#include <stdlib.h>
#include <string.h>
#include "history.h"

#define HISTORY_MAX 64

static char *lines[HISTORY_MAX];
static int count, next; /* remembered; the slot the next line goes to */

void history_add(const char *line)
{
	if (!*line || (count && strcmp(line, history_get(1)) == 0))
		return;
	char *copy = strdup(line);
	if (!copy)
		return; /* out of memory: forget it, the line itself still runs */
	free(lines[next]);
	lines[next] = copy;
	next = (next + 1) % HISTORY_MAX;
	if (count < HISTORY_MAX)
		count++;
}

int history_count(void)
{
	return count;
}

const char *history_get(int back)
{
	if (back < 1 || back > count)
		return NULL;
	return lines[(next - back + HISTORY_MAX) % HISTORY_MAX];
}
