#!/usr/bin/env python3
"""bench_storage.py - a sparse LLM's weights on a slow disk, bigger than memory.

A 512 MiB weights file on an ext2 disk (tools/mkdisk.sh), a 128 MiB guest,
the disk throttled as an SD card is (QEMU's throttling.iops-total, a few
thousand requests a second), and llmsparse (user/apps/llmsparse.c)
reading each token's hot rows of 32 layers (1 row in 64 hot, a few
drifting each token) with read(), a plain mapping, MAP_LLM with
prediction off (predictor=none) and on (a cold start, then learned
runs, then the first run of a new boot with the profile the disk kept),
and, as the floor, the same rows from a warm cache in a guest where the
file's touched pages all fit. With -icount shift=0: the guest's clock
counts a nanosecond an instruction while it computes and real time while
it waits for the disk (so the emulator's own costs, such as refilling its
software TLB at every switch of address space, do not count, and the
disk's latency does); one boot per row, the disk's
profiles removed in between (debugfs) unless a row is about them.

Linux runs the same source, built statically, in the Linux guest of
`make bench-os` (tools/bench_os.py builds its initramfs; its init here is
tools/linux_storage_init) on the same machine, disk, memory, throttle and
clocks, in the ways Linux has: read(), a plain mapping, a mapping with
madvise(MADV_RANDOM), and the floor; a fresh boot starts with an empty
page cache, as Bower's does. Its disk is mounted read-only.
Reports into build/bench/storage.txt, the consoles beside it in
build/bench/storage/. A benchmark: it asserts nothing.
"""
import glob
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402
import bench_os  # noqa: E402

OUT = os.path.join(ROOT, 'build', 'bench')
WORK = os.path.join(OUT, 'storage')
FILE_MIB = 512
IOPS = 2000
CACHE = 4096            # pages: 16 MiB, room for the hot rows
SHAPE = '8:32:64'       # tokens, layers, 1 hot row in HOT
WEIGHTS = '/disk/weights.bin'
DEBUGFS = run.DEBUGFS
# What the Linux guest needs for the disk, besides what these need in
# turn: the transport, the driver, the file system (ext4's module mounts
# ext2) and crc32c, which ext4 only names as a soft dependency but will
# not mount without, even a file system with no checksums.
LINUX_MODULES = ('virtio_mmio', 'virtio_blk', 'crc32c_generic', 'ext4')

# The table's rows, each system's where it has the way of reading.
ROWS = [('read', 'read()'),
        ('mmap1', 'plain mmap (run 1)'),
        ('mmap3', 'plain mmap, warm cache (run 3)'),
        ('random1', 'mmap, madvise(MADV_RANDOM) (run 1)'),
        ('random3', 'mmap, madvise(MADV_RANDOM), warm cache (run 3)'),
        ('off1', 'MAP_LLM, prediction off (run 1)'),
        ('off3', 'MAP_LLM, prediction off, warm cache (run 3)'),
        ('on1', 'MAP_LLM, cold start (run 1)'),
        ('on3', 'MAP_LLM, learned, warm cache (run 3)'),
        ('profiled', 'MAP_LLM, profile from the disk (next boot, run 1)'),
        ('floor', 'floor: plain mmap, every row in memory (512M guest, run 2)')]


def make_image():
    img = os.path.join(WORK, 'disk.img')
    tree = os.path.join(WORK, 'tree')
    data = os.path.join(tree, 'weights.bin')
    os.makedirs(tree, exist_ok=True)
    if not os.path.exists(data) or os.path.getsize(data) != FILE_MIB << 20:
        rng = random.Random(1)
        with open(data, 'wb') as f:
            for _ in range(FILE_MIB):
                f.write(rng.randbytes(1 << 20))
    if not os.path.exists(img) or os.path.getmtime(img) < os.path.getmtime(data):
        subprocess.run([os.path.join(ROOT, 'tools', 'mkdisk.sh'), tree, img, '4096'], check=True)
    return img


def forget_profiles(img):
    subprocess.run([DEBUGFS, '-w', '-R', 'rm /.profiles/weights.bin', img],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kernel_modules(dest):
    """LINUX_MODULES and what they depend on, from the kernel's .deb (which
    has no modules.dep: depmod makes it when the package is installed, so
    each module's own `depends=` is read), into DEST with DEST/order, the
    names in an order that loads each after what it needs. Kept: made
    again only for another .deb."""
    deb = glob.glob(os.path.join(bench_os.GUEST, 'debs', 'linux-image-*.deb'))[0]
    order = os.path.join(dest, 'order')
    if os.path.exists(order) and os.path.getmtime(order) > os.path.getmtime(deb):
        return

    def modules(want):
        """{module name: (file name, contents)} of the .ko files WANT
        names (all of them if None), from one pass over the package."""
        tar = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb], stdout=subprocess.PIPE)
        found = {}
        with tarfile.open(fileobj=tar.stdout, mode='r|') as t:
            for m in t:
                base = os.path.basename(m.name)
                name = base[:-3].replace('-', '_')
                if m.isfile() and base.endswith('.ko') and (want is None or name in want):
                    found[name] = (base, t.extractfile(m).read())
        tar.wait()
        return found

    depends = {}
    for name, (_, data) in modules(None).items():
        info = [f for f in data.split(b'\0') if f.startswith(b'depends=')]
        depends[name] = [d for d in info[0][8:].decode().split(',') if d] if info else []
    loads = []

    def after_needs(name):
        for d in depends[name]:
            after_needs(d)
        if name not in loads:
            loads.append(name)
    for name in LINUX_MODULES:
        after_needs(name)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    files = modules(set(loads))
    for base, data in files.values():
        with open(os.path.join(dest, base), 'wb') as f:
            f.write(data)
    with open(order, 'w') as f:
        f.write(''.join(files[n][0] + '\n' for n in loads))


def linux_initrd():
    """The storage guest's initramfs: busybox, llmsparse, the disk's modules
    and tools/linux_storage_init."""
    stage = bench_os.linux_root(os.path.join(WORK, 'linux-root'), 'linux_storage_init',
                                ('dev', 'disk'))
    bench_os.static_program(os.path.join(ROOT, 'user', 'apps', 'llmsparse.c'),
                            os.path.join(stage, 'llmsparse'))
    kernel_modules(os.path.join(WORK, 'linux-modules'))
    shutil.copytree(os.path.join(WORK, 'linux-modules'), os.path.join(stage, 'modules'))
    return bench_os.pack(stage, os.path.join(WORK, 'linux-initrd.cpio'))


def boot(name, img, kernel, mem, icount, done, qemu=()):
    """One boot of KERNEL ([image, command line], after tools/qemu.sh's own
    options) with the disk; the console goes to WORK/NAME.log. Returns its
    runs in order, each {mode, us, reads, unused, faults, sum}: unused and
    faults None where the system does not count them. DONE is what the
    console says when every run has ended; QEMU, more options for it."""
    cmd = [run.QEMU, '--mem', mem, '--disk', f'{img},throttling.iops-total={IOPS}'] + kernel + \
        ['--'] + (['-icount', 'shift=0'] if icount else []) + list(qemu)
    out, _, timed_out = run.boot(cmd, 1800)
    text = out.decode('utf-8', 'replace').replace('\r\n', '\n')
    with open(os.path.join(WORK, name + '.log'), 'w') as f:
        f.write(text)
    if timed_out or done not in text:
        print(f'bench_storage: {name}: the boot did not finish (see {WORK}/{name}.log)')
    sums = re.findall(r'llmsparse: \w+: \d+ tokens, \d+ rows read, checksum ([0-9a-f]+)'
                      r'(?:, (\d+) faults)?', text)
    took = re.findall(r'llmsparse: (\w+) took (\d+) us, (\d+) pages read from the disk'
                      r'(?:, (\d+) prefetched)?', text)
    return [dict(mode=mode, us=int(us), reads=int(reads),
                 unused=int(unused) if unused else None,
                 faults=int(faults) if faults else None, sum=s)
            for (s, faults), (mode, us, reads, unused) in zip(sums, took)], text


def command_line(n, mode):
    return ','.join([f'llmsparse:{WEIGHTS}:{mode}:{SHAPE}'] * n)


def bower_runs(img, icount):
    """{row: run, or None if it has no result} on Bower."""
    got = {}

    def b(name, append, mem='128M', **rows):
        runs, _ = boot(name + ('' if icount else '-plain'), img, [run.KERNEL, append], mem,
                       icount, 'init: all programs done')
        got.update({row: runs[i] if i < len(runs) else None for row, i in rows.items()})

    forget_profiles(img)
    b('read', f'cache={CACHE} run={command_line(1, "read")}', read=0)
    b('mmap', f'cache={CACHE} run={command_line(3, "mmap")}', mmap1=0, mmap3=2)
    forget_profiles(img)
    b('off', f'cache={CACHE} predictor=none profiles=off run={command_line(3, "llm")}',
      off1=0, off3=2)
    forget_profiles(img)
    b('on', f'cache={CACHE} run={command_line(3, "llm")}', on1=0, on3=2)
    b('profiled', f'cache={CACHE} run={command_line(1, "llm")}', profiled=0)
    forget_profiles(img)
    b('floor', f'cache=65536 run={command_line(2, "mmap")}', mem='512M', floor=1)
    forget_profiles(img)
    return got


def linux_runs(img, icount, initrd):
    """{row: run, or None} on Linux, and what its guest said it is."""
    got, about = {}, ''

    def lx(mode, n, mem='128M', name=None, **rows):
        nonlocal about
        append = (f'console=ttyAMA0 quiet panic=-1 llmsparse={WEIGHTS}:{mode}:{SHAPE} '
                  f'llmsparse_runs={n}')
        runs, text = boot('linux-' + (name or mode) + ('' if icount else '-plain'), img,
                          ['--initrd', initrd, os.path.join(bench_os.GUEST, 'vmlinuz'), append],
                          mem, icount, 'linux_storage_init: all runs done',
                          # a panic reboots (panic=-1): end there, not boot again
                          ['-no-reboot'])
        m = re.search(r'linux_storage_init: (Linux \S+); vda (read-ahead \d+ KiB)', text)
        about = about or (f'{m.group(1)}, {m.group(2)}' if m else '')
        got.update({row: runs[i] if i < len(runs) else None for row, i in rows.items()})

    lx('read', 1, read=0)
    lx('mmap', 3, mmap1=0, mmap3=2)
    lx('random', 3, random1=0, random3=2)
    lx('mmap', 2, mem='512M', name='floor', floor=1)
    return got, about


def cells(got, row, floor, wasted):
    """A system's cells of ROW: time, its ratio to the floor, faults, disk
    reads and, if WASTED, prefetched pages never used."""
    widths = (9, 6, 7, 10, 7)[:5 if wasted else 4]
    x = got.get(row)
    if not x:
        # n/a: the system has no such way of reading; or its boot failed
        c = ['n/a' if row not in got else 'no result']
    else:
        c = [f'{x["us"] / 1000:.1f}', f'{x["us"] / floor["us"]:.1f}x' if floor else '',
             '-' if x['faults'] is None else x['faults'], x['reads'], x['unused']]
    c += [''] * (len(widths) - len(c))
    return [f'{v!s:>{w}}' for v, w in zip(c, widths)]


def table(img, icount, initrd):
    bower = bower_runs(img, icount)
    linux, about = linux_runs(img, icount, initrd)
    head = ('Guest clock under -icount shift=0 (1 ns an instruction; while waiting for '
            'the disk, QEMU moves the clock on by its own rule, so the throttle shows '
            'only in part)' if icount else
            'Plain TCG, guest clock (real time; each switch of address space also '
            'refills QEMU\'s software TLB, which makes a fault through the file server '
            'cost more than its instructions)')
    lines = [head + ':', f'Linux: {about or "?"}.', '',
             f'{"":58} {"Bower":-^43} {"Linux":-^35}',
             f'{"":58} {"time ms":>9} {"floor":>6} {"faults":>7} {"disk reads":>10} '
             f'{"wasted":>7} {"time ms":>9} {"floor":>6} {"faults":>7} {"disk reads":>10} '
             f'{"B/L":>5}']
    for row, label in ROWS:
        b, lx = bower.get(row), linux.get(row)
        r = b['us'] / lx['us'] if b and lx else None
        ratio = '' if r is None else f'{r:5.2f}' if r >= 0.1 else f'{r:5.3f}'
        lines.append(' '.join([f'{label:58}'] + cells(bower, row, bower.get('floor'), True) +
                              cells(linux, row, linux.get('floor'), False) + [ratio]).rstrip())
    sums = {name: {x['sum'] for x in got.values() if x}
            for name, got in (('Bower', bower), ('Linux', linux))}
    every = sums['Bower'] | sums['Linux']
    lines.append('checksums: ' + (f'all equal, on both systems ({every.pop()})' if len(every) == 1
                                  else f'DIFFER: Bower {sorted(sums["Bower"])}, '
                                  f'Linux {sorted(sums["Linux"])}'))
    return lines


def main():
    os.makedirs(WORK, exist_ok=True)
    img = make_image()
    initrd = linux_initrd()
    lines = [f'llmsparse over a {FILE_MIB} MiB weights file on an ext2 disk throttled to '
             f'{IOPS} requests/s, 128 MiB guest; Bower\'s page cache {CACHE} pages (16 MiB); '
             f'tokens:layers:hot = {SHAPE}; "floor": time over the same system\'s floor row; '
             '"wasted": prefetched pages never used; B/L: Bower\'s time over Linux\'s. '
             'Faults: of the MAP_LLM mapping on Bower (its other mappings\' are not counted, -), '
             'of the process (getrusage, minor and major) on Linux.', '']
    lines += table(img, True, initrd) + [''] + table(img, False, initrd)
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(OUT, 'storage.txt'), 'w') as f:
        f.write(text)
    print(text, end='')
    print('wrote build/bench/storage.txt')


if __name__ == '__main__':
    main()
