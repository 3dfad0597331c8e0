/*
 * identity.c - which file a mapping is, and the profile learned for it.
 *
 * A model belongs to what a user means, as in Bower's file server
 * (user/servers/fs/predict.c): the file's path, its size, and a
 * fingerprint of its contents (FNV-1a over the first 64 bytes of four pages
 * spread over the mapping: its first, a third in, two thirds in, its last;
 * past the end counts as zeros). Here the mapping's offset in the file is
 * part of it too, since a profile numbers the mapping's pages.
 *
 * Under the profile directory each mapping has two files, named by the
 * path (every '/' and '%' written as %2F and %25) and offset:
 *
 *   NAME.prof   what the model learned, in lib/prefetch/PROFILE.md's format
 *               (the simulator and Bower load it as it is);
 *   NAME.id     the identity it was learned on, one "key value" a line:
 *               "path", "offset", "bytes", "fingerprint" (16 hex digits).
 *
 * A profile is loaded only if its .id names the same path, offset, size and
 * fingerprint: a file replaced by another of the same name starts cold,
 * and its runs then replace the old profile. A mapping that writes its
 * file saves the identity of the file as it left it (its writes are not
 * another file). Both are written to a
 * temporary name and renamed, so a reader never sees half of one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pager.h"

static uint64_t fingerprint(int fd, off_t offset, uint32_t pages)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const uint32_t at[] = {0, pages / 3, 2 * pages / 3, pages - 1};
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		unsigned char head[64];
		off_t where = offset + (off_t)at[k] * BP_PAGE;
		ssize_t got = pread(fd, head, sizeof(head), where);
		for (ssize_t i = 0; i < (ssize_t)sizeof(head); i++) {
			h ^= i < got ? head[i] : 0;
			h *= 0x100000001b3ULL;
		}
		posix_fadvise(fd, where, sizeof(head), POSIX_FADV_DONTNEED);
	}
	return h;
}

void bp_identity_make(struct bp_region *r)
{
	char link[64];
	struct stat st;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", r->fd);
	ssize_t n = readlink(link, r->id.path, sizeof(r->id.path) - 1);
	r->id.path[n > 0 ? n : 0] = '\0';
	r->id.offset = r->offset;
	r->id.bytes = fstat(r->fd, &st) == 0 ? st.st_size : 0;
	r->id.fingerprint = fingerprint(r->fd, r->offset, r->pages);
	snprintf(r->id.verdict, sizeof(r->id.verdict), "no profile");
}

/* DIR/NAME.ext for r, or -1 if there is no directory or it is too long. */
static int profile_path(const struct bp_region *r, const char *ext, char *out, size_t size)
{
	if (!bp.set.profiles[0] || r->id.path[0] != '/')
		return -1;
	size_t len = (size_t)snprintf(out, size, "%s/", bp.set.profiles);
	for (const char *c = r->id.path; *c && len + 4 < size; c++)
		len += (size_t)(*c == '/'   ? snprintf(out + len, size - len, "%%2F")
				: *c == '%' ? snprintf(out + len, size - len, "%%25")
					    : snprintf(out + len, size - len, "%c", *c));
	int w = snprintf(out + len, size - len, "@%lld.%s", (long long)r->offset, ext);
	return w < 0 || (size_t)w >= size - len ? -1 : 0;
}

static void *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size > (off_t)PF_PROFILE_MAX) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	ssize_t got = buf ? read(fd, buf, (size_t)st.st_size) : -1;
	close(fd);
	if (got != st.st_size) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = (size_t)got;
	return buf;
}

static void id_text(const struct bp_region *r, char *out, size_t size)
{
	snprintf(out, size, "path %s\noffset %lld\nbytes %lld\nfingerprint %016llx\n", r->id.path,
		 (long long)r->id.offset, (long long)r->id.bytes,
		 (unsigned long long)r->id.fingerprint);
}

void bp_profile_load(struct bp_region *r)
{
	char idp[8192], pp[8192], want[4608];
	size_t len;
	if (profile_path(r, "id", idp, sizeof(idp)) < 0 ||
	    profile_path(r, "prof", pp, sizeof(pp)) < 0)
		return;
	char *have = read_all(idp, &len);
	if (!have)
		return;
	id_text(r, want, sizeof(want));
	bool same = strcmp(have, want) == 0;
	free(have);
	if (!same) {
		snprintf(r->id.verdict, sizeof(r->id.verdict),
			 "profile not trusted: learned on another file of this name");
		return;
	}
	void *prof = read_all(pp, &len);
	int err = prof ? pf_profile_load(r->model, prof, len) : PF_ETRUNC;
	free(prof);
	if (err == PF_OK)
		snprintf(r->id.verdict, sizeof(r->id.verdict), "profile loaded (%zu bytes)", len);
	else
		snprintf(r->id.verdict, sizeof(r->id.verdict), "profile refused: %s",
			 pf_strerror(err));
}

static int mkdirs(const char *dir)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s", dir);
	for (char *c = p + 1; *c; c++)
		if (*c == '/') {
			*c = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST)
				return -1;
			*c = '/';
		}
	return mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

static int write_atomic(const char *path, const void *buf, size_t len)
{
	char tmp[8300];
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, buf, len);
	if (close(fd) < 0 || w != (ssize_t)len || rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

void bp_profile_save(struct bp_region *r)
{
	char idp[8192], pp[8192], text[4608];
	size_t len = 0;
	if (profile_path(r, "id", idp, sizeof(idp)) < 0 ||
	    profile_path(r, "prof", pp, sizeof(pp)) < 0)
		return;
	unsigned char probe[64];
	pf_profile_save(r->model, probe, sizeof(probe), &len); /* the size it needs */
	void *buf = malloc(len);
	if (!buf || pf_profile_save(r->model, buf, len, &len) != PF_OK ||
	    mkdirs(bp.set.profiles) < 0) {
		free(buf);
		return;
	}
	if (r->shared_write) { /* the run's own writes changed the file: the
				* profile is for the file as the run left it */
		struct stat st;
		if (fstat(r->fd, &st) == 0)
			r->id.bytes = st.st_size;
		r->id.fingerprint = fingerprint(r->fd, r->offset, r->pages);
	}
	id_text(r, text, sizeof(text));
	/* The profile first: an .id never names contents it does not hold. */
	unlink(idp);
	if (write_atomic(pp, buf, len) == 0)
		write_atomic(idp, text, strlen(text));
	free(buf);
}
