/*
 * complete.c - Tab completion of commands and paths.
 *
 * The word being completed is the last one on the line. In a command's
 * place (the first word, or the first after `|` or `time`) it is a
 * command's name: a built-in or a program of /bin. Anywhere else, or when
 * it holds a '/', it is a path: the directory part is listed (relative to
 * the working directory, like any path) and its entries that start with
 * the rest are the matches, a directory's with "/" after it.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "builtins.h"
#include "complete.h"

struct matches {
	char **names;
	size_t n, room;
	int failed; /* out of memory: complete nothing rather than the wrong thing */
};

static void add_match(struct matches *m, const char *name, const char *suffix)
{
	for (size_t i = 0; i < m->n; i++)
		if (strncmp(m->names[i], name, strlen(name)) == 0 &&
		    strcmp(m->names[i] + strlen(name), suffix) == 0)
			return; /* a built-in and a program of one name */
	if (m->n == m->room) {
		size_t room = m->room ? 2 * m->room : 32;
		char **more = realloc(m->names, room * sizeof(*more));
		if (!more) {
			m->failed = 1;
			return;
		}
		m->names = more;
		m->room = room;
	}
	char *copy = malloc(strlen(name) + strlen(suffix) + 1);
	if (!copy) {
		m->failed = 1;
		return;
	}
	strcpy(copy, name);
	strcat(copy, suffix);
	m->names[m->n++] = copy;
}

/* The entries of dir starting with prefix; "/" after a directory's name
 * when mark_dirs. */
static void match_dir(struct matches *m, const char *dir, const char *prefix, int mark_dirs)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	size_t plen = strlen(prefix);
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, plen) == 0)
			add_match(m, e->d_name, mark_dirs && e->d_type == DT_DIR ? "/" : "");
	closedir(d);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int is_operator(char c)
{
	return c == '|' || c == '<' || c == '>' || c == '&';
}

/* Where the last word starts, and whether a command goes there. */
static size_t last_word(const char *line, size_t len, int *command)
{
	size_t start = len;
	while (start > 0 && !is_space(line[start - 1]) && !is_operator(line[start - 1]))
		start--;
	size_t before = start; /* back over the spaces to what precedes the word */
	while (before > 0 && is_space(line[before - 1]))
		before--;
	*command = before == 0 || line[before - 1] == '|' ||
		   (before >= 4 && strncmp(line + before - 4, "time", 4) == 0 &&
		    (before == 4 || is_space(line[before - 5])));
	return start;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t complete(const char *line, size_t len, char *add, size_t size,
		void (*list)(char *const *names, size_t n))
{
	int command;
	size_t start = last_word(line, len, &command);
	char word[256];
	size_t wlen = len - start;
	add[0] = '\0';
	if (wlen >= sizeof(word) || memchr(line + start, '"', wlen))
		return 0;
	memcpy(word, line + start, wlen);
	word[wlen] = '\0';

	struct matches m = {0};
	const char *slash = strrchr(word, '/');
	const char *prefix = slash ? slash + 1 : word;
	if (command && !slash) {
		for (unsigned i = 0; builtin_name(i); i++)
			if (strncmp(builtin_name(i), word, wlen) == 0)
				add_match(&m, builtin_name(i), "");
		match_dir(&m, "/bin", word, 0);
	} else {
		char dir[256];
		size_t dlen = slash ? (size_t)(slash - word) + 1 : 0;
		memcpy(dir, word, dlen);
		strcpy(dir + dlen, dlen ? "" : ".");
		match_dir(&m, dir, prefix, 1);
	}
	size_t n = m.failed ? 0 : m.n;
	if (n > 0) {
		qsort(m.names, n, sizeof(*m.names), by_name);
		/* What every match has beyond the prefix typed. */
		size_t plen = strlen(prefix), common = strlen(m.names[0]);
		for (size_t i = 1; i < n; i++) {
			size_t k = plen;
			while (k < common && m.names[i][k] == m.names[0][k])
				k++;
			common = k;
		}
		size_t extra = common - plen;
		if (extra + 2 <= size) {
			memcpy(add, m.names[0] + plen, extra);
			add[extra] = '\0';
			if (n == 1 && m.names[0][common - 1] != '/')
				strcat(add, " ");
		}
		if (n > 1 && extra == 0)
			list(m.names, n);
	}
	for (size_t i = 0; i < m.n; i++)
		free(m.names[i]);
	free(m.names);
	return n;
}
