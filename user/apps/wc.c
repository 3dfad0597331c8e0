/*
 * wc.c - count the lines, words and bytes of files, or of its standard
 * input when given none, as POSIX's wc prints them:
 * "lines words bytes name".
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
	long lines, words, bytes;
};

static int count(int fd, struct counts *c)
{
	char buf[1024];
	int in_word = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			c->lines += buf[i] == '\n';
			if (isspace((unsigned char)buf[i]))
				in_word = 0;
			else if (!in_word)
				in_word = 1, c->words++;
		}
	}
	return n < 0 ? -1 : 0;
}

static void show(const struct counts *c, const char *name)
{
	printf("%ld %ld %ld%s%s\n", c->lines, c->words, c->bytes, name ? " " : "", name ? name : "");
}

int main(int argc, char **argv)
{
	struct counts total = {0, 0, 0};
	int status = 0;
	if (argc < 2) {
		if (count(0, &total) < 0) {
			printf("wc: standard input: %s\n", strerror(errno));
			return 1;
		}
		show(&total, NULL);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct counts c = {0, 0, 0};
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count(fd, &c) < 0) {
			printf("wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			show(&c, argv[i]);
		}
		if (fd >= 0)
			close(fd);
		total.lines += c.lines;
		total.words += c.words;
		total.bytes += c.bytes;
	}
	if (argc > 2)
		show(&total, "total");
	return status;
}
