/*
 * line.c - line editing on a raw serial console.
 *
 * The console delivers each key as typed, without echo, so the shell echoes
 * and edits: Backspace/Delete erases a character, Ctrl-U the whole line,
 * Ctrl-C abandons it, Ctrl-D on an empty line ends input. Escape sequences
 * (arrow keys) are read and ignored rather than inserted as garbage.
 */
#include <stdio.h>
#include <unistd.h>
#include "line.h"

#define KEY_CTRL_C 0x03
#define KEY_CTRL_D 0x04
#define KEY_BS	   0x08
#define KEY_CTRL_U 0x15
#define KEY_ESC	   0x1b
#define KEY_DEL	   0x7f

static int getkey(void)
{
	unsigned char c;
	return read(0, &c, 1) == 1 ? c : -1;
}

static void erase(size_t n)
{
	while (n--)
		fputs("\b \b", stdout);
}

int line_read(const char *prompt, char *buf, size_t size)
{
	size_t len = 0;
	fputs(prompt, stdout);
	fflush(stdout);
	for (;;) {
		int c = getkey();
		if (c < 0 || (c == KEY_CTRL_D && len == 0)) {
			fputs("\n", stdout);
			return -1;
		}
		if (c == '\r' || c == '\n') {
			fputs("\n", stdout);
			buf[len] = '\0';
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
		} else if (c == KEY_ESC) {
			if (getkey() == '[') /* CSI: parameters, then a final letter */
				while ((c = getkey()) >= 0 && (c < 0x40 || c > 0x7e))
					;
		} else if (c >= ' ' && len + 1 < size) {
			buf[len++] = (char)c;
			putchar(c);
		}
		fflush(stdout);
	}
}
