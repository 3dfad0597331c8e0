/* initfiles.h - the ramdisk's files/ (make run FILES=dir) copied into tmpfs. */
#ifndef FS_INITFILES_H
#define FS_INITFILES_H

/* Copy every ramdisk file named files/PATH to /PATH. */
void initfiles_load(void);

#endif
