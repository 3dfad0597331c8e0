/* filepager.h - the file server as the pager of its files. */
#ifndef FS_FILEPAGER_H
#define FS_FILEPAGER_H

#include "tmpfs.h"

/* Register with the kernel and start the pager thread, pinned to CPU cpu
 * if cpu >= 0 (the boot's pager_cpu=N): 0 or -1. */
int filepager_start(int cpu);
/* FS_MMAP: a capability slot for a memory object of n's pages, with the
 * rights prot allows, for a mapping of len bytes; or -errno. With llm, a
 * MAP_LLM mapping: its faults get predicted pages too (predict.c). */
long filepager_object_for(struct tnode *n, size_t len, int writable, int llm);
/* The same for any file: *pmo (-1 at first; made, or made again larger, so
 * that it covers len bytes; *pmo_pages its size) named file_id to the
 * pager, and a capability to it for the client. */
long filepager_share(int *pmo, size_t *pmo_pages, size_t len, uint64_t file_id, int writable);
/* Take pages [first, first + count) of the object back from every mapping
 * (count SIZE_MAX: to the end). */
void filepager_take_back(int pmo, size_t first, size_t count);

/* Serve what the kernel has posted to the pager's ring so far (under
 * fs_lock): the pager thread's work, which the IPC thread also does before
 * each request, so that a request sees what the kernel said before it (a
 * removed file whose last mapping went is freed by then). */
void filepager_drain(void);

/* The server's two threads (IPC and pager) share the file system. */
void fs_lock(void);
void fs_unlock(void);

#endif
