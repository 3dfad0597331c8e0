/*
 * ext2_names.c - names made, removed and moved: directory entries, new
 * files and directories, unlink, rmdir, rename (ext2.h).
 *
 * A name is removed before what it named is freed, and a new inode is
 * whole before a name points at it. A directory's links are 2 plus one for
 * each subdirectory's "..". A directory indexed by hash, as the dir_index
 * feature allows, loses its index flag when it changes: its blocks stay a
 * valid linear directory, which is all this writer keeps.
 */
#include <string.h>
#include "ext2_alloc.h"

#define INDEX_FL 0x1000 /* the directory has a hash index */

/* Directories. An entry's own length: 8 bytes and its name, to 4. */
static uint32_t entry_need(size_t name_len)
{
	return (uint32_t)(8 + name_len + 3) & ~3u;
}

/* An entry of dir was added or removed: its times, and its hash index
 * (which this writer does not keep) dropped. */
static int dir_changed(const struct ext2_fs *fs, struct ext2_inode *dir)
{
	dir->flags &= ~INDEX_FL;
	dir->ctime = dir->mtime = now(fs);
	return ext2_inode_put(fs, dir);
}

static int entry_put(const struct ext2_fs *fs, uint64_t off, uint32_t ino, uint16_t rec_len,
		     const char *name, size_t len, uint8_t type)
{
	uint8_t e[8 + EXT2_NAME_MAX];
	memcpy(e, &ino, 4);
	memcpy(e + 4, &rec_len, 2);
	e[6] = (uint8_t)len;
	e[7] = fs->filetype ? type : 0;
	memcpy(e + 8, name, len);
	return wr(fs, off, e, 8 + len);
}

/* Disk offset of directory byte pos (its block must exist). */
static int dir_off(const struct ext2_fs *fs, const struct ext2_inode *dir, uint64_t pos,
		   uint64_t *off)
{
	uint32_t b;
	int err = ext2_bmap(fs, dir, pos / fs->block_size, &b);
	if (err == 0 && !b)
		err = -EIO;
	*off = (uint64_t)b * fs->block_size + pos % fs->block_size;
	return err;
}

/* Link name to ino in dir: in the slack of an entry, or a new block. */
static int entry_add(const struct ext2_fs *fs, struct ext2_inode *dir, const char *name, size_t len,
		     uint32_t ino, uint8_t type)
{
	uint32_t need = entry_need(len), bs = fs->block_size;
	for (uint64_t pos = 0; pos < dir->size;) {
		uint8_t h[8];
		uint64_t off;
		int err = dir_off(fs, dir, pos, &off);
		if (err < 0 || (err = rd(fs, off, h, 8)) < 0)
			return err;
		uint32_t e_ino, rec = 0, used;
		memcpy(&e_ino, h, 4);
		memcpy(&rec, h + 4, 2);
		if (rec < 8 || rec % 4 || pos % bs + rec > bs)
			return -EIO;
		used = e_ino ? entry_need(h[6]) : 0;
		if (rec - used >= need) {
			uint16_t u =
			    (uint16_t)used; /* a live entry keeps its name, gives its slack */
			if (used && (err = wr(fs, off + 4, &u, 2)) < 0)
				return err;
			err =
			    entry_put(fs, off + used, ino, (uint16_t)(rec - used), name, len, type);
			return err < 0 ? err : dir_changed(fs, dir);
		}
		pos += rec;
	}
	uint64_t at = dir->size;
	int err = ext2_alloc_range(fs, dir, at, bs);
	uint64_t off;
	if (err < 0 || (err = dir_off(fs, dir, at, &off)) < 0)
		return err;
	err = entry_put(fs, off, ino, (uint16_t)bs, name, len, type);
	return err < 0 ? err : dir_changed(fs, dir);
}

/* Take name out of dir (merged into the entry before it, or emptied if
 * first in its block): the inode it named in *ino. */
static int entry_remove(const struct ext2_fs *fs, struct ext2_inode *dir, const char *name,
			size_t len, uint32_t *ino)
{
	uint32_t bs = fs->block_size;
	uint64_t prev = 0;
	int have_prev = 0;
	for (uint64_t pos = 0; pos < dir->size;) {
		uint8_t h[8 + EXT2_NAME_MAX];
		uint64_t off;
		int err = dir_off(fs, dir, pos, &off);
		if (err < 0 || (err = rd(fs, off, h, 8)) < 0)
			return err;
		uint32_t e_ino;
		uint16_t rec;
		memcpy(&e_ino, h, 4);
		memcpy(&rec, h + 4, 2);
		if (rec < 8 || rec % 4 || pos % bs + rec > bs || h[6] + 8u > rec)
			return -EIO;
		if (pos % bs == 0)
			have_prev = 0; /* entries never join across blocks */
		if (e_ino && h[6] == len && (err = rd(fs, off + 8, h + 8, len)) == 0 &&
		    memcmp(h + 8, name, len) == 0) {
			*ino = e_ino;
			if (have_prev) {
				uint64_t poff;
				uint16_t prec;
				if ((err = dir_off(fs, dir, prev, &poff)) < 0 ||
				    (err = rd(fs, poff + 4, &prec, 2)) < 0)
					return err;
				prec = (uint16_t)(prec + rec);
				err = wr(fs, poff + 4, &prec, 2);
			} else {
				uint32_t zero = 0;
				err = wr(fs, off, &zero, 4);
			}
			return err < 0 ? err : dir_changed(fs, dir);
		}
		if (err < 0)
			return err;
		prev = pos;
		have_prev = 1;
		pos += rec;
	}
	return -ENOENT;
}

static int check_name(const char *name, size_t len)
{
	if (len == 0 || (len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2)))
		return -EEXIST;
	if (len > EXT2_NAME_MAX)
		return -ENAMETOOLONG;
	return memchr(name, '/', len) ? -EINVAL : 0;
}

int ext2_create(const struct ext2_fs *fs, struct ext2_inode *dir, const char *name, size_t len,
		uint16_t mode, struct ext2_inode *out)
{
	uint32_t ino;
	int err = check_name(name, len), is_dir = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	if (err < 0)
		return err;
	if (!fs->writable)
		return -EROFS;
	if ((err = ext2_lookup(fs, dir, name, len, &ino)) != -ENOENT)
		return err < 0 ? err : -EEXIST;
	if ((err = inode_alloc(fs, mode, out)) < 0)
		return err;
	out->links = is_dir ? 2 : 1;
	out->atime = out->ctime = out->mtime = now(fs);
	if (is_dir) { /* "." and "..", in one block */
		if ((err = ext2_alloc_range(fs, out, 0, fs->block_size)) < 0)
			return err;
		uint64_t off = (uint64_t)out->block[0] * fs->block_size;
		if ((err = entry_put(fs, off, out->ino, 12, ".", 1, EXT2_FT_DIR)) < 0 ||
		    (err = entry_put(fs, off + 12, dir->ino, (uint16_t)(fs->block_size - 12), "..",
				     2, EXT2_FT_DIR)) < 0)
			return err;
		dir->links++;
	}
	if ((err = ext2_inode_put(fs, out)) < 0)
		return err;
	return entry_add(fs, dir, name, len, out->ino, is_dir ? EXT2_FT_DIR : EXT2_FT_REG);
}

/* Whether directory d holds anything but "." and "..". */
static int dir_empty(const struct ext2_fs *fs, const struct ext2_inode *d)
{
	struct ext2_dirent e;
	uint64_t pos = 0;
	int r;
	while ((r = ext2_dir_next(fs, d, &pos, &e)) > 0)
		if (strcmp(e.name, ".") != 0 && strcmp(e.name, "..") != 0)
			return 0;
	return r < 0 ? r : 1;
}

/* Checks before name in dir (inode *in) may go: rmdir or not. */
static int may_remove(const struct ext2_fs *fs, const struct ext2_inode *in, int rmdir)
{
	int is_dir = (in->mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	if (rmdir && !is_dir)
		return -ENOTDIR;
	if (!rmdir && is_dir)
		return -EISDIR;
	if (in->file_acl)
		return -ENOTSUP; /* an extended attribute block: not kept by this writer */
	if (is_dir) {
		int e = dir_empty(fs, in);
		return e < 0 ? e : e ? 0 : -ENOTEMPTY;
	}
	return 0;
}

/* in lost a name in dir: gone with its last one. */
static int drop_link(const struct ext2_fs *fs, struct ext2_inode *dir, struct ext2_inode *in)
{
	int err;
	if ((in->mode & EXT2_S_IFMT) == EXT2_S_IFDIR) {
		dir->links--;
		if ((err = ext2_inode_put(fs, dir)) < 0)
			return err;
		in->links = 0;
	} else {
		in->links--;
	}
	in->ctime = now(fs);
	if (in->links > 0)
		return ext2_inode_put(fs, in);
	if ((err = ext2_truncate(fs, in, 0)) < 0)
		return err;
	return inode_free(fs, in);
}

int ext2_unlink(const struct ext2_fs *fs, struct ext2_inode *dir, const char *name, size_t len,
		int rmdir)
{
	struct ext2_inode in;
	uint32_t ino;
	int err = check_name(name, len);
	if (err < 0)
		return err == -EEXIST ? (rmdir ? -EINVAL : -EISDIR) : err;
	if (!fs->writable)
		return -EROFS;
	if ((err = ext2_lookup(fs, dir, name, len, &ino)) < 0 ||
	    (err = ext2_inode_get(fs, ino, &in)) < 0 || (err = may_remove(fs, &in, rmdir)) < 0)
		return err;
	if ((err = entry_remove(fs, dir, name, len, &ino)) < 0)
		return err;
	return drop_link(fs, dir, &in);
}

/* Is directory ino inside (or the same as) directory d? Walks up from d
 * by "..": moving a directory under itself would cut it off. */
static int is_under(const struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *d)
{
	struct ext2_inode at = *d;
	for (int depth = 0; depth < 4096; depth++) {
		if (at.ino == ino)
			return 1;
		if (at.ino == EXT2_ROOT_INO)
			return 0;
		uint32_t up;
		int err = ext2_lookup(fs, &at, "..", 2, &up);
		if (err < 0 || (err = ext2_inode_get(fs, up, &at)) < 0)
			return err;
	}
	return -EIO; /* a loop of ".." entries */
}

int ext2_rename(const struct ext2_fs *fs, struct ext2_inode *odir, const char *oname, size_t olen,
		struct ext2_inode *ndir, const char *nname, size_t nlen)
{
	struct ext2_inode in, old;
	uint32_t ino, target;
	int err = check_name(oname, olen);
	if (err < 0 || (err = check_name(nname, nlen)) < 0)
		return err == -EEXIST ? -EINVAL : err;
	if (!fs->writable)
		return -EROFS;
	if ((err = ext2_lookup(fs, odir, oname, olen, &ino)) < 0 ||
	    (err = ext2_inode_get(fs, ino, &in)) < 0)
		return err;
	int is_dir = (in.mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
	if (is_dir && (err = is_under(fs, ino, ndir)) != 0)
		return err < 0 ? err : -EINVAL;
	err = ext2_lookup(fs, ndir, nname, nlen, &target);
	if (err == 0 && target == ino)
		return 0; /* the same file: nothing to do */
	if (err == 0) {	  /* replace what is there, if POSIX lets it */
		if ((err = ext2_inode_get(fs, target, &old)) < 0 ||
		    (err = may_remove(fs, &old, is_dir)) < 0)
			return err;
		if ((err = entry_remove(fs, ndir, nname, nlen, &target)) < 0 ||
		    (err = drop_link(fs, ndir, &old)) < 0)
			return err;
		if (odir->ino == ndir->ino)
			*odir = *ndir;
	} else if (err != -ENOENT) {
		return err;
	}
	if ((err = entry_add(fs, ndir, nname, nlen, ino, is_dir ? EXT2_FT_DIR : EXT2_FT_REG)) < 0)
		return err;
	if (odir->ino == ndir->ino)
		*odir = *ndir;
	if ((err = entry_remove(fs, odir, oname, olen, &ino)) < 0)
		return err;
	if (odir->ino == ndir->ino)
		*ndir = *odir;
	if ((err = ext2_touch(fs, &in, 0)) < 0) /* a new name: a change of status, as on Linux */
		return err;
	if (!is_dir || odir->ino == ndir->ino)
		return 0;
	/* A directory moved: its ".." names the new parent, whose links
	 * count it, and the old parent's no longer do. */
	uint64_t off = (uint64_t)in.block[0] * fs->block_size; /* ".." follows "." */
	uint16_t dot_len;
	if (!in.block[0] || (err = rd(fs, off + 4, &dot_len, 2)) < 0 || dot_len < 12 ||
	    dot_len + 8u > fs->block_size || (err = wr(fs, off + dot_len, &ndir->ino, 4)) < 0)
		return err ? err : -EIO;
	odir->links--;
	ndir->links++;
	if ((err = ext2_inode_put(fs, odir)) < 0)
		return err;
	return ext2_inode_put(fs, ndir);
}
