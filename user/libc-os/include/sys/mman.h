/* sys/mman.h - memory mappings on Bower: anonymous memory, and files
 * through the file server's user-level pager. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_LLM	      0x04 /* with MAP_SHARED: sparse, predictable access */
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_FAILED    ((void *)-1)

#define MS_ASYNC      1
#define MS_SYNC	      2
#define MS_INVALIDATE 4

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);
/* New permissions for the pages of [addr, addr + len), all mapped. */
int mprotect(void *addr, size_t len, int prot);
int msync(void *addr, size_t len, int flags);
/* Which pages of [addr, addr + len) are resident: one byte a page, bit 0. */
int mincore(void *addr, size_t len, unsigned char *vec);
/* Lock pages in memory (mlock.c): brought in now and kept; in a MAP_LLM
 * mapping they count against its cap (ENOMEM past it). */
#define MCL_CURRENT 1
#define MCL_FUTURE  2
int mlock(const void *addr, size_t len);
int munlock(const void *addr, size_t len);
int mlockall(int flags);
int munlockall(void);
/* Lock a mapping mmap has just made if mlockall(MCL_FUTURE) asks: 0, or
 * -1 EAGAIN with the mapping gone. */
int libos_lock_new_mapping(void *addr, size_t len);
/* Shared memory objects: files of /dev/shm in the file server's tmpfs,
 * named "/NAME" (shm.c). */
int shm_open(const char *name, int oflag, mode_t mode);
int shm_unlink(const char *name);

#endif
