/* pages.h - the file server's pool of file-data pages. */
#ifndef FS_PAGES_H
#define FS_PAGES_H

#include <stddef.h>

/* A zeroed, page-aligned page, or NULL when memory is exhausted. */
void *pages_get(void);
/* Give a page back (it is cleared for its next user). */
void pages_put(void *page);
/* Pages the pool holds from the kernel now (handed out or free in it). */
size_t pages_in_pool(void);

#endif
