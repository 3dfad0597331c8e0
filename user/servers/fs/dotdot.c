/*
 * dotdot.c - a request's ".." components, resolved across both file
 * systems.
 *
 * Each file system walks its own names, but a ".." can leave one: "/disk"
 * is ext2's root, whose own ".." names itself, while "/disk/.." is the
 * root of everything, in tmpfs. So the server takes the ".." out of a path
 * before it routes it, as POSIX resolves it: what comes before each ".."
 * must be a directory that exists ("/nosuch/.." is ENOENT, "/file/.."
 * ENOTDIR), and then it and the ".." go: the C library's normalising
 * (path_normalise_checked) with that look. A path with no ".." is left as
 * it is ("." and repeated '/' are the file systems' own business), so the
 * usual request costs one scan of its path.
 */
#include <errno.h>
#include <string.h>
#include <bower/path.h>
#include "diskfs.h"
#include "dotdot.h"
#include "tmpfs.h"

/* FS_TYPE_DIR or FS_TYPE_FILE for an absolute path with no "." or ".."
 * component, or -errno. */
static int type_of(const char *path)
{
	const char *rest;
	if (diskfs_path(path, &rest)) {
		struct fs_stat st;
		int err = diskfs_stat_path(rest, &st);
		return err < 0 ? err : (int)st.type;
	}
	struct tnode *n;
	int err = tmpfs_lookup(path, &n);
	return err < 0 ? err : (int)n->type;
}

static int has_dotdot(const char *path)
{
	for (const char *s = strstr(path, ".."); s; s = strstr(s + 1, ".."))
		if ((s == path || s[-1] == '/') && (s[2] == '/' || s[2] == '\0'))
			return 1;
	return 0;
}

/* path_normalise_checked's look: the path so far must be a directory. */
static int a_directory(const char *dir)
{
	int type = type_of(dir);
	return type < 0 ? type : type != FS_TYPE_DIR ? -ENOTDIR : 0;
}

int dotdot_resolve(char *path)
{
	if (path[0] != '/' || !has_dotdot(path))
		return 0;
	return path_normalise_checked(path, a_directory);
}
