/*
 * printenv.c - print the environment, or the values of the names given
 * (one a line), as POSIX systems' printenv does: exit status 1 if a name
 * is not set.
 */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 2) {
		for (char **e = environ; e && *e; e++)
			printf("%s\n", *e);
		return 0;
	}
	int missing = 0;
	for (int i = 1; i < argc; i++) {
		const char *v = getenv(argv[i]);
		if (v)
			printf("%s\n", v);
		else
			missing = 1;
	}
	return missing;
}
