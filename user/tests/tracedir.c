/*
 * tracedir.c - turn on the file server's recording of MAP_LLM runs, and
 * print what it recorded (user/servers/fs/tracerec.c).
 *
 *	tracedir on       make /.traces: every MAP_LLM run from now on is recorded
 *	tracedir NAME     print /.traces/NAME between marker lines
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		printf("usage: tracedir on | tracedir NAME\n");
		return 2;
	}
	if (strcmp(argv[1], "on") == 0) {
		if (mkdir("/.traces", 0755) < 0 && errno != EEXIST) {
			perror("tracedir: mkdir /.traces");
			return 1;
		}
		return 0;
	}
	char path[128];
	snprintf(path, sizeof(path), "/.traces/%s", argv[1]);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	printf("TRACE-BEGIN %s\n", argv[1]);
	char buf[256];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	printf("TRACE-END %s\n", argv[1]);
	close(fd);
	return 0;
}
