/* sleep.c - wait for a number of seconds (a fraction too: sleep 0.5). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	char *end;
	double s = argc == 2 ? strtod(argv[1], &end) : -1;
	if (argc != 2 || *end || s < 0) {
		printf("usage: sleep SECONDS\n");
		return 1;
	}
	struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	return nanosleep(&t, NULL) == 0 ? 0 : 1;
}
