/*
 * console_input.c - bytes typed on the console, waiting for a reader.
 *
 * A ring filled by the UART interrupt and drained by console_read. When it
 * is full, new bytes are dropped (a person cannot type that fast; a paste
 * that big loses its tail rather than blocking the interrupt). Two keys
 * are the kernel's own: Ctrl-T prints every thread, and Ctrl-C ends the
 * foreground programs (console_foreground.c), if any, emptying the ring.
 */
#include <console.h>
#include <sched.h>
#include <poll.h>

#define INPUT_SIZE 1024

static char ring[INPUT_SIZE];
static size_t head, tail; /* next to read, next to write; equal when empty */
static struct waitq readers = {{&readers.waiters, &readers.waiters}};

#define CTRL_C 0x03 /* ends the foreground programs (console_foreground.c) */
#define CTRL_T 0x14 /* the status key, as on BSD: what every thread is doing */

void console_input_push(char c)
{
	if (c == CTRL_T) {
		thread_dump();
		return;
	}
	if (c == CTRL_C && console_interrupt()) {
		head = tail; /* what was typed for it goes with it, as POSIX's ISIG says */
		return;
	}
	size_t next = (tail + 1) % INPUT_SIZE;
	if (next == head)
		return;
	ring[tail] = c;
	tail = next;
	waitq_wake_all(&readers);
	poll_wake();
}

size_t console_input_read(char *buf, size_t n)
{
	while (head == tail)
		if (waitq_sleep(&readers))
			return 0; /* killed: it will not read */
	size_t got = 0;
	while (got < n && head != tail) {
		buf[got++] = ring[head];
		head = (head + 1) % INPUT_SIZE;
	}
	return got;
}

bool console_input_ready(void)
{
	return head != tail;
}
