#!/usr/bin/env python3
"""bench_os.py - Bower against Linux on the same emulated machine.

`make bench-os`. One program, user/tests/osbench.c, measures OS primitives
(system call, round trips, spawn, files, reads and writes, mappings and
their faults) with the generic counter. It is built for Bower (it is in the
image) and statically for Linux with glibc, and both run in the machine
tools/qemu.sh describes, under -icount shift=0, where one tick of the
62.5 MHz counter is 16 instructions and the numbers repeat from run to run.
Both guests get one CPU: under -icount QEMU runs the CPUs in turn and
counts every CPU's instructions as time passing, so work on a second CPU
(Bower's file server learning in the background, Linux's kernel threads)
would be charged to the operation being timed on the first.

The Linux guest is Debian's arm64 kernel with a busybox initramfs
(tools/linux_guest.sh fetches both into build/linux-guest/, once; its
init is tools/linux_init). Writes under build/bench/os/: table.txt (each
row's figure from the last round on both systems and the ratio), and the
raw consoles bower.log and linux.log (every round). A benchmark: it
reports numbers, it asserts nothing.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'build', 'bench', 'os')
GUEST = os.path.join(ROOT, 'build', 'linux-guest')
KERNEL = os.path.join(ROOT, 'build', 'kernel', 'bower.elf')
QEMU = os.path.join(ROOT, 'tools', 'qemu.sh')
SOURCE = os.path.join(ROOT, 'user', 'tests', 'osbench.c')
CROSS = os.environ.get('CROSS', 'aarch64-linux-gnu-')
ROUNDS = 3
CPUS = ['--smp', '1']  # see above
TIMEOUT = 900   # seconds a boot may take


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def default_cpu():
    """The core both guests boot on: tools/qemu.sh's default."""
    with open(os.path.join(ROOT, 'tools', 'qemu.sh')) as f:
        m = re.search(r'^cpu=(\S+)$', f.read(), re.M)
    return m.group(1) if m else '?'


def linux_root(stage, init, dirs=()):
    """A fresh directory STAGE for a Linux guest's initramfs: busybox (the
    guest is fetched first, once), INIT (a script in tools/) as /init, and
    the mount points init uses, /proc, /sys, /tmp and DIRS."""
    sh([os.path.join(ROOT, 'tools', 'linux_guest.sh'), GUEST])
    shutil.rmtree(stage, ignore_errors=True)
    for d in ('bin', 'proc', 'sys', 'tmp') + tuple(dirs):
        os.makedirs(os.path.join(stage, d))
    shutil.copy(os.path.join(GUEST, 'busybox'), os.path.join(stage, 'bin', 'busybox'))
    shutil.copy(os.path.join(ROOT, 'tools', init), os.path.join(stage, 'init'))
    return stage


def static_program(source, out):
    """SOURCE built for Linux statically with glibc and the same options as
    Bower's programs (-O2, cortex-a72), stripped as Bower's ramdisk holds
    its programs."""
    sh([CROSS + 'gcc', '-static', '-O2', '-std=gnu11', '-mcpu=cortex-a72', '-pthread',
        '-Wall', '-Wextra', '-Werror', source, '-o', out])
    sh([CROSS + 'strip', out])


def pack(stage, initrd):
    """The directory STAGE as an initramfs (a newc cpio archive) INITRD."""
    names = subprocess.run(['find', '.'], cwd=stage, check=True, capture_output=True).stdout
    with open(initrd, 'wb') as f:
        sh(['cpio', '--quiet', '-o', '-H', 'newc'], cwd=stage, input=names, stdout=f)
    return initrd


def linux_initrd():
    """The Linux guest's initramfs: busybox, osbench and tools/linux_init."""
    stage = linux_root(os.path.join(OUT, 'linux-root'), 'linux_init')
    static_program(SOURCE, os.path.join(stage, 'osbench'))
    return pack(stage, os.path.join(OUT, 'linux-initrd.cpio'))


def boot(name, args, qemu_args=()):
    """Boot with tools/qemu.sh under -icount shift=0 (and qemu_args); the
    console goes to build/bench/os/NAME.log. Returns its text."""
    log = os.path.join(OUT, name + '.log')
    cmd = [QEMU] + CPUS + args + ['--', '-icount', 'shift=0'] + list(qemu_args)
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT)
        text, why = proc.stdout, f'QEMU exit status {proc.returncode}' if proc.returncode else None
    except subprocess.TimeoutExpired as e:
        text, why = e.stdout or b'', f'no power-off within {TIMEOUT}s'
    text = text.decode('utf-8', 'replace').replace('\r\n', '\n')
    with open(log, 'w') as f:
        f.write(text)
    if why or 'osbench: done' not in text:
        print(f'bench_os: {name}: {why or "osbench did not finish"} (console in {log})')
    return text


def results(text):
    """{row: figure or None for n/a} of the last round, and the rows'
    descriptions in the program's order."""
    rows = dict(re.findall(r'^osbench: row (\S+): (.*)$', text, re.M))
    last = {}
    for rnd, row, val in re.findall(r'^osbench: round (\d+): (\S+) (\S+)$', text, re.M):
        if int(rnd) == ROUNDS:
            last[row] = None if val == 'n/a' else float(val)
    return rows, last


def cell(v):
    if v is None:
        return 'n/a'
    return f'{v:,.2f}' if v < 100 else f'{v:,.0f}'


def header(linux):
    """What was compared, as the guests and the host report it."""
    kernel = re.search(r'linux_init: (Linux [^\s;]+)', linux)
    thp = re.search(r'transparent huge pages: (.*); running', linux)
    qemu = subprocess.run(['qemu-system-aarch64', '--version'], capture_output=True,
                          text=True).stdout.splitlines()[0]
    with open(os.path.join(GUEST, 'packages')) as f:
        packages = ', '.join(f.read().split('\n')[:-1])
    return [f'OS primitives, Bower against {kernel.group(1) if kernel else "Linux"} (Debian, '
            'busybox initramfs, glibc static), the same osbench.c on each;',
            f'{qemu}, virt, {default_cpu()}, 1 CPU, 256 MiB, -icount shift=0;',
            f'counter ticks (62.5 MHz, 16 instructions a tick) per operation, '
            f'round {ROUNDS} of {ROUNDS}. Ratio is Bower / Linux: above 1, Bower is slower.',
            f'Linux files on tmpfs; its transparent huge pages: {thp.group(1) if thp else "?"}.',
            f'Debian packages: {packages}.', '']


def table(bower, linux):
    """One line a row: what, Linux, Bower, the ratio; and Bower's IPC next
    to Linux's pipe, the nearest thing each has to the other's."""
    what, b = results(bower)
    _, lx = results(linux)
    width = max([len(w) for w in what.values()] + [10])
    lines = [f'{"what":<{width}}  {"Linux":>10}  {"Bower":>10}  {"ratio":>6}',
             f'{"-" * width}  {"-" * 10}  {"-" * 10}  {"-" * 6}']
    for row, desc in what.items():
        lv, bv = lx.get(row), b.get(row)
        ratio = f'{bv / lv:.2f}' if lv and bv is not None else ''
        lines.append(f'{desc:<{width}}  {cell(lv):>10}  {cell(bv):>10}  {ratio:>6}')
    if b.get('ipc') is not None and lx.get('pipe'):
        lines.append(f'{"message round trip: Bower IPC / Linux pipe":<{width}}  '
                     f'{cell(lx["pipe"]):>10}  {cell(b["ipc"]):>10}  {b["ipc"] / lx["pipe"]:>6.2f}')
    return lines


def main():
    os.makedirs(OUT, exist_ok=True)
    initrd = linux_initrd()
    bower = boot('bower', [KERNEL, f'run=osbench:{ROUNDS}'])
    # A panic reboots (panic=-1): end there, not boot again until the timeout.
    linux = boot('linux', ['--initrd', initrd, os.path.join(GUEST, 'vmlinuz'),
                           f'console=ttyAMA0 quiet panic=-1 osbench_rounds={ROUNDS}'],
                 ['-no-reboot'])
    lines = header(linux) + table(bower, linux)
    lines += ['', f'raw consoles (every round): {OUT}/bower.log, {OUT}/linux.log']
    with open(os.path.join(OUT, 'table.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    print('wrote build/bench/os/table.txt')
    return 0


if __name__ == '__main__':
    sys.exit(main())
