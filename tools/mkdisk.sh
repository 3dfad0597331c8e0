#!/bin/sh
# mkdisk.sh - an ext2 disk image of a host directory, made by Debian's
# e2fsprogs: mkdisk.sh DIR IMAGE [BLOCK_SIZE].
#
# The image holds DIR's files and room to spare: twice what they take, and
# 8 MiB at least (make run DISK=dir, the boot tests). mke2fs picks the
# block size for that size (1 KiB for small images) unless one is given.
set -eu
dir=$1
img=$2
bs=${3:-}
[ -d "$dir" ] || { echo "mkdisk: $dir is not a directory" >&2; exit 1; }
mke2fs=$(command -v mke2fs || echo /sbin/mke2fs)
kib=$(du -sk "$dir" | cut -f1)
kib=$((kib * 2 + 1024))
[ "$kib" -lt 8192 ] && kib=8192
rm -f "$img"
"$mke2fs" -q -F -t ext2 ${bs:+-b "$bs"} -d "$dir" "$img" "${kib}k" >/dev/null
