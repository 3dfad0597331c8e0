/*
 * startinfo.c - the start block: a parent's working directory, passed to
 * the program it spawns through a pipe (startinfo.h says why a pipe).
 */
#include <string.h>
#include <bower/abi.h>
#include <bower/blk_proto.h>
#include <bower/syscall_nr.h>
#include "errno_ret.h"
#include "path.h"
#include "startinfo.h"

/* What cap_identify says of a pipe's read end. */
static const long read_end = (long)BOWER_CAP_PIPE << 16 | BOWER_RIGHT_READ | BOWER_RIGHT_GRANT;

/* Does a child need to be told anything? Not when it starts as init's
 * children do. */
static int needed(void)
{
	return strcmp(libos_cwd, "/") != 0;
}

/* The servers' ports this process passes on, into caps: how many. */
static int ports(int caps[])
{
	_Static_assert(FS_PORT_SLOT == 0 && BLK_PORT_SLOT == 1, "the slots are passed in order");
	if (bower_cap_identify(FS_PORT_SLOT) < 0)
		return 0; /* no file server: no files, nothing to tell */
	caps[FS_PORT_SLOT] = FS_PORT_SLOT;
	if (bower_cap_identify(BLK_PORT_SLOT) >> 16 != BOWER_CAP_PORT)
		return 1;
	caps[BLK_PORT_SLOT] = BLK_PORT_SLOT;
	return 2;
}

int startinfo_caps(int caps[], int max)
{
	int n = ports(caps);
	if (n == 0 || !needed() || n >= max)
		return n;
	struct start_info si = {.magic = START_INFO_MAGIC, .size = sizeof(si)};
	strcpy(si.cwd, libos_cwd);
	int ends[2];
	long err = bower_pipe_create(ends);
	if (err < 0)
		return (int)errno_ret(err);
	/* The pipe is empty and holds more than a block: this never waits. */
	err = bower_pipe_write(ends[1], &si, sizeof(si), BOWER_PIPE_NONBLOCK);
	bower_cap_delete(ends[1]);
	if (err != (long)sizeof(si)) {
		bower_cap_delete(ends[0]);
		return (int)errno_ret(err < 0 ? err : -BOWER_ENOMEM);
	}
	caps[n] = ends[0];
	return n + 1;
}

void startinfo_done(const int caps[], int ncaps)
{
	if (ncaps > 0 && bower_cap_identify(caps[ncaps - 1]) == read_end)
		bower_cap_delete(caps[ncaps - 1]);
}

void startinfo_take(void)
{
	/* After the file server's port, and the block driver's if any. */
	int slot = bower_cap_identify(1) == read_end ? 1 : 2;
	if (bower_cap_identify(slot) != read_end)
		return;
	struct start_info si;
	long n = bower_pipe_read(slot, &si, sizeof(si), BOWER_PIPE_NONBLOCK);
	if (n != (long)sizeof(si) || si.magic != START_INFO_MAGIC || si.size != sizeof(si))
		return; /* not a start block: someone else's pipe */
	if (si.cwd[0] == '/' && memchr(si.cwd, '\0', sizeof(si.cwd)))
		strcpy(libos_cwd, si.cwd);
	bower_cap_delete(slot);
}
