/*
 * line.c - line editing on a raw serial console.
 *
 * The console delivers each key as typed, without echo, so the shell echoes
 * and edits: Backspace/Delete erases a character, Ctrl-U the whole line,
 * Ctrl-C abandons it, Ctrl-D on an empty line ends input. Up and down walk
 * the lines typed before (history.c), down past the newest coming back to
 * the line being typed; Tab completes the last word (complete.c). The
 * cursor stays at the end of the line: other escape sequences (left and
 * right) are read and ignored rather than inserted as garbage.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "complete.h"
#include "history.h"
#include "line.h"

#define KEY_CTRL_C 0x03
#define KEY_CTRL_D 0x04
#define KEY_BS	   0x08
#define KEY_TAB	   0x09
#define KEY_CTRL_U 0x15
#define KEY_ESC	   0x1b
#define KEY_DEL	   0x7f
#define KEY_UP	   0x100 /* what an escape sequence stands for */
#define KEY_DOWN   0x101
#define KEY_OTHER  0x102

static int getkey(void)
{
	unsigned char c;
	return read(0, &c, 1) == 1 ? c : -1;
}

/* After ESC: "[" or "O" (cursor keys), parameters, then a final letter. */
static int escape_key(void)
{
	int c = getkey();
	if (c != '[' && c != 'O')
		return KEY_OTHER;
	while ((c = getkey()) >= 0 && (c < 0x40 || c > 0x7e))
		;
	return c == 'A' ? KEY_UP : c == 'B' ? KEY_DOWN : KEY_OTHER;
}

static void erase(size_t n)
{
	while (n--)
		fputs("\b \b", stdout);
}

/* Replace the line on the screen and in buf with s. */
static void replace(char *buf, size_t *len, size_t size, const char *s)
{
	erase(*len);
	*len = strnlen(s, size - 1);
	memcpy(buf, s, *len);
	buf[*len] = '\0';
	fwrite(buf, 1, *len, stdout);
}

static void show_matches(char *const *names, size_t n)
{
	fputs("\n", stdout);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? "  " : "", names[i]);
	fputs("\n", stdout);
}

int line_read(const char *prompt, char *buf, size_t size)
{
	size_t len = 0;
	int back = 0;	       /* how far up the history we are; 0: the line being typed */
	char typed[LINE_SIZE]; /* that line, while we are up the history */
	fputs(prompt, stdout);
	fflush(stdout);
	for (;;) {
		int c = getkey();
		if (c == KEY_ESC)
			c = escape_key();
		buf[len] = '\0';
		if (c < 0 || (c == KEY_CTRL_D && len == 0)) {
			fputs("\n", stdout);
			return -1;
		}
		if (c == '\r' || c == '\n') {
			fputs("\n", stdout);
			history_add(buf);
			return (int)len;
		}
		if (c == KEY_BS || c == KEY_DEL) {
			if (len > 0) {
				len--;
				erase(1);
			}
		} else if (c == KEY_CTRL_U) {
			erase(len);
			len = 0;
		} else if (c == KEY_CTRL_C) {
			fputs("^C\n", stdout);
			fputs(prompt, stdout);
			len = 0;
			back = 0;
		} else if (c == KEY_UP && back < history_count()) {
			if (back == 0)
				snprintf(typed, sizeof(typed), "%s", buf);
			replace(buf, &len, size, history_get(++back));
		} else if (c == KEY_DOWN && back > 0) {
			back--;
			replace(buf, &len, size, back ? history_get(back) : typed);
		} else if (c == KEY_TAB) {
			char add[LINE_SIZE];
			if (complete(buf, len, add, size - len, show_matches) > 1 && !add[0])
				printf("%s%s", prompt, buf); /* the matches were listed: again */
			for (const char *a = add; *a && len + 1 < size; a++)
				putchar(buf[len++] = *a);
		} else if (c >= ' ' && c < KEY_DEL && len + 1 < size) {
			buf[len++] = (char)c;
			putchar(c);
		}
		fflush(stdout);
	}
}
