#!/usr/bin/env python3
"""Write the directory tree the ext2 tests put in their images (with
mke2fs -d): a short file, a file deep in subdirectories, a 5 MiB file
whose blocks need the double-indirect map with 1 KiB and 4 KiB blocks,
a file with a hole, a directory of 200 entries (several blocks), and a
file whose name is 200 bytes long (LONG_NAME).
Each byte of `big` and `sparse` is pattern(i): tests/host/ext2/test_ext2.c
and tests/qemu/run.py compute the same."""
import os
import sys


def pattern(n, start=0):
    return bytes(((i * 7 + i // 4096 + 13) & 0xff) for i in range(start, start + n))


# Longer than the 63 bytes the file server's protocol once carried; a path
# to it in the guest (/disk/sub/...) still fits its 256.
LONG_NAME = 'long-' + 'n' * 190 + '.txt'


def main(root):
    os.makedirs(os.path.join(root, 'sub', 'deep'))
    os.makedirs(os.path.join(root, 'many'))
    with open(os.path.join(root, 'hello.txt'), 'w') as f:
        f.write('hello, disk\n')
    with open(os.path.join(root, 'sub', 'deep', 'note'), 'w') as f:
        f.write('deep\n')
    with open(os.path.join(root, 'sub', LONG_NAME), 'w') as f:
        f.write('a long name\n')
    with open(os.path.join(root, 'big'), 'wb') as f:
        f.write(pattern(5 << 20))
    with open(os.path.join(root, 'sparse'), 'wb') as f:
        f.seek(1 << 20)
        f.write(pattern(4096, 1 << 20))
    for i in range(200):
        with open(os.path.join(root, 'many', f'file{i:03d}'), 'w') as f:
            f.write(f'{i}\n')


if __name__ == '__main__':
    main(sys.argv[1])
