/* ramdisk_image.S - the initial ramdisk, included whole (see ramdisk.c). */
	.section .ramdisk, "a"
	.balign	16
	.global ramdisk_start, ramdisk_end
ramdisk_start:
	.incbin	RAMDISK_PATH
ramdisk_end:
