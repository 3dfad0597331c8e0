/* pages.h - the file server's pool of file-data pages. */
#ifndef FS_PAGES_H
#define FS_PAGES_H

/* A zeroed, page-aligned page, or NULL when the pool is exhausted. */
void *pages_get(void);
/* Give a page back (it is cleared for its next user). */
void pages_put(void *page);

#endif
