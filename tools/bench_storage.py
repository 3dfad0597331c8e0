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
Reports into build/bench/storage.txt. A benchmark: it asserts nothing.
"""
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402

OUT = os.path.join(ROOT, 'build', 'bench')
WORK = os.path.join(OUT, 'storage')
FILE_MIB = 512
IOPS = 2000
CACHE = 4096            # pages: 16 MiB, room for the hot rows
SHAPE = '8:32:64'       # tokens, layers, 1 hot row in HOT
WEIGHTS = '/disk/weights.bin'
DEBUGFS = run.DEBUGFS


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


def boot(name, img, append, mem='128M', icount=True):
    cmd = [run.QEMU, '--mem', mem, '--disk', f'{img},throttling.iops-total={IOPS}',
           run.KERNEL, append] + (['--', '-icount', 'shift=0'] if icount else [])
    out, status, timed_out = run.boot(cmd, 1800)
    text = out.decode('utf-8', 'replace').replace('\r\n', '\n')
    with open(os.path.join(WORK, name + '.log'), 'w') as f:
        f.write(text)
    if timed_out or not re.search(r'init: all programs done', text):
        print(f'bench_storage: {name}: the boot did not finish (see {WORK}/{name}.log)')
    return [dict(mode=m.group(1), us=int(m.group(2)), reads=int(m.group(3)),
                 unused=int(m.group(4)))
            for m in re.finditer(r'llmsparse: (\w+) took (\d+) us, (\d+) pages read from the '
                                 r'disk, (\d+) prefetched', text)], \
        [int(x) for x in re.findall(r'checksum [0-9a-f]+, (\d+) faults', text)], \
        set(re.findall(r'checksum ([0-9a-f]+)', text))


def runs(n, mode):
    return ','.join([f'llmsparse:{WEIGHTS}:{mode}:{SHAPE}'] * n)


def table(img, icount):
    rows, sums = [], set()

    def row(label, result, which=0):
        r, f, s = result
        sums.update(s)
        rows.append((label, r[which] if which < len(r) else None,
                     f[which] if which < len(f) else '-'))

    def b(name, append, mem='128M'):
        return boot(name + ('' if icount else '-plain'), img, append, mem, icount)

    forget_profiles(img)
    row('read()', b('read', f'cache={CACHE} run={runs(1, "read")}'))
    mmap = b('mmap', f'cache={CACHE} run={runs(3, "mmap")}')
    row('plain mmap (run 1)', mmap, 0)
    row('plain mmap, warm cache (run 3)', mmap, 2)
    forget_profiles(img)
    off = b('off', f'cache={CACHE} predictor=none profiles=off run={runs(3, "llm")}')
    row('MAP_LLM, prediction off (run 1)', off, 0)
    row('MAP_LLM, prediction off, warm cache (run 3)', off, 2)
    forget_profiles(img)
    on = b('on', f'cache={CACHE} run={runs(3, "llm")}')
    row('MAP_LLM, cold start (run 1)', on, 0)
    row('MAP_LLM, learned, warm cache (run 3)', on, 2)
    row('MAP_LLM, profile from the disk (next boot, run 1)',
        b('profiled', f'cache={CACHE} run={runs(1, "llm")}'))
    forget_profiles(img)
    row('floor: plain mmap, every row in memory (512M guest, run 2)',
        b('floor', f'cache=65536 run={runs(2, "mmap")}', mem='512M'), 1)
    forget_profiles(img)
    head = ('Guest clock under -icount shift=0 (1 ns an instruction; while waiting for '
            'the disk, QEMU moves the clock on by its own rule, so the throttle shows '
            'only in part)' if icount else
            'Plain TCG, guest clock (real time; each switch of address space also '
            'refills QEMU\'s software TLB, which makes a fault through the file server '
            'cost more than its instructions)')
    lines = [head + ':', '',
             f'{"":62} {"time ms":>9} {"faults":>7} {"disk reads":>10} {"wasted":>7}']
    floor_us = rows[-1][1]['us'] if rows[-1][1] else None
    for label, x, faults in rows:
        if not x:
            lines.append(f'{label:62} {"(no result)":>9}')
            continue
        rel = f'  {x["us"] / floor_us:.1f}x floor' if floor_us else ''
        lines.append(f'{label:62} {x["us"] / 1000:9.1f} {faults!s:>7} {x["reads"]:10} '
                     f'{x["unused"]:7}{rel}')
    lines.append('checksums: ' + ('all equal' if len(sums) == 1 else f'DIFFER: {sorted(sums)}'))
    return lines


def main():
    os.makedirs(WORK, exist_ok=True)
    img = make_image()
    lines = [f'llmsparse over a {FILE_MIB} MiB weights file on an ext2 disk throttled to '
             f'{IOPS} requests/s, 128 MiB guest, page cache of {CACHE} pages (16 MiB); '
             f'tokens:layers:hot = {SHAPE}; "wasted": prefetched pages never used.', '']
    lines += table(img, True) + [''] + table(img, False)
    text = '\n'.join(lines) + '\n'
    with open(os.path.join(OUT, 'storage.txt'), 'w') as f:
        f.write(text)
    print(text, end='')
    print('wrote build/bench/storage.txt')


if __name__ == '__main__':
    main()
