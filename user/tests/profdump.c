/*
 * profdump.c - print a learned prefetch profile as hex, for `make profile`.
 *
 *	profdump NAME    prints /.profiles/NAME between marker lines
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("usage: profdump NAME\n");
		return 2;
	}
	char path[128];
	snprintf(path, sizeof(path), "/.profiles/%s", argv[1]);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	printf("PROFILE-BEGIN %s\n", argv[1]);
	unsigned char buf[32];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			printf("%02x", buf[i]);
		printf("\n");
	}
	printf("PROFILE-END\n");
	close(fd);
	return 0;
}
