/*
 * diskfs_node.h - what diskfs.c (the file system) and diskmap.c (its files
 * as the pager serves them) share: the open or mapped file, and the way to
 * its cached pages. Not for the rest of the server, which uses diskfs.h.
 */
#ifndef DISKFS_NODE_H
#define DISKFS_NODE_H

#include <stdint.h>
#include "diskfs.h"
#include "ext2.h"

struct file_model;

/* An open or mapped file or directory of the disk: its inode, read at
 * open and kept up to date by every change made here, and how many
 * descriptors hold it. */
struct dnode {
	struct ext2_inode in;
	int opens;
	int pmo; /* the memory object clients map it with, or -1 */
	size_t pmo_pages;
	int map_writable; /* the object is mapped shared and writable: its pages are dirty */
	struct file_model *model; /* MAP_LLM prediction (predict.c), or NULL */
	char path[FS_PATH_MAX];	  /* the name it was first opened by */
	uint64_t dir_index, dir_pos; /* readdir: entry dir_index starts at byte dir_pos */
	struct dnode *next;
};

/* The mounted file system. */
extern struct ext2_fs disk_ext2;

/* The dnode of inode ino, if it is open or mapped. */
struct dnode *dnode_of(uint32_t ino);
/* The same by the pager's file id (DISKFS_FILE_ID | the inode), or NULL. */
struct dnode *dnode_of_file(uint64_t file_id);
/* Page index of d's data, from the cache (read in if it is not there). */
const char *dnode_page(struct dnode *d, uint64_t index, int *err);

/* ext2's fill of file blocks asks here first: while a fault's batch is
 * filled (diskfs_fault_pages), a read of [off, off + len) into the cache
 * page dst is kept, to be made with the rest (1), or refused (< 0); 0:
 * no batch is being filled, the caller reads now. */
int diskmap_keep_read(uint64_t off, void *dst, size_t len);

#endif
