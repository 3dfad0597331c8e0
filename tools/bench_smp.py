#!/usr/bin/env python3
"""bench_smp.py - what several CPUs give and cost (docs/smp.md).

Part of `make bench`; writes build/bench/smp.txt:
  - the null IPC round trip with one CPU, and with four: client and server
    on one CPU, then on two (user/tests/smpbench.c, under -icount
    shift=0: 16 instructions a tick, but every CPU's instructions count,
    so a round trip across CPUs counts both CPUs' work);
  - a parallel workload (4 threads of arithmetic on their own data) in
    wall time on plain TCG, with 1, 2 and 4 CPUs, the median of WALL_BOOTS
    boots each, and the host's core count beside it: QEMU runs each guest
    CPU in a host thread, so the speed-up is bounded by the host's cores;
  - test_llm with the file server's pager thread on a CPU of its own
    (pager_cpu=3) and unpinned (the default), its accesses in instructions
    and in wall time.
A benchmark: it reports numbers, it asserts nothing.
"""
import os
import re
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import bench_llm  # noqa: E402  (its boot)

OUT = os.path.join(ROOT, 'build', 'bench', 'smp.txt')
WALL_BOOTS = 3
IPC_CALLS = 2000
COMPUTE = (4, 40)  # threads, millions of rounds each


def boot(name, append, smp, icount):
    return bench_llm.boot(name, append, icount=icount, smp=smp, timeout=600)


def ipc_rows():
    rows = []
    for smp, runs in ((1, ['same']), (4, ['same', 'cross'])):
        text = boot(f'smp_ipc_{smp}',
                    'run=' + ','.join(f'smpbench:ipc:{IPC_CALLS}:{w}' for w in runs), smp, True)
        for w in runs:
            m = re.search(rf'smpbench: ipc {w}: \d+ round trips, \d+ ticks, ([\d.]+) ticks each',
                          text)
            where = {'same': 'client and server on one CPU',
                     'cross': 'server on another CPU'}[w]
            rows.append((f'null IPC round trip, {smp} CPU{"s" if smp > 1 else ""}, {where}',
                         float(m.group(1)) if m else None))
    return rows


def compute_ms(smp):
    times = []
    for k in range(WALL_BOOTS):
        text = boot(f'smp_compute_{smp}_{k}', f'run=smpbench:compute:{COMPUTE[0]}:{COMPUTE[1]}',
                    smp, False)
        m = re.search(r'smpbench: compute .*: \d+ ticks \((\d+) ms\)', text)
        if m:
            times.append(int(m.group(1)))
    return statistics.median(times) if times else None


def llm_accesses(text):
    """The median accesses' ticks of test_llm's runs after the first two."""
    ticks = [int(x) for x in re.findall(r'(\d+) counter ticks for the accesses', text)]
    rest = ticks[2:] or ticks
    return statistics.median(rest) if rest else None


def pager_rows():
    rows = []
    tests = 'run=' + ','.join(['test_llm'] * 6)
    for label, extra in (('unpinned (the default)', ''), ('on CPU 3 (pager_cpu=3)', 'pager_cpu=3 ')):
        icount = llm_accesses(boot(f'smp_llm_{len(extra)}', extra + tests, 4, True))
        walls = [llm_accesses(boot(f'smp_llm_{len(extra)}_wall{k}', extra + tests, 4, False))
                 for k in range(WALL_BOOTS)]
        walls = [w for w in walls if w is not None]
        rows.append((label, icount, statistics.median(walls) if walls else None))
    return rows


def main():
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    lines = ['Several CPUs (docs/smp.md). Instructions: QEMU -icount shift=0, which runs',
             'the guest CPUs one after another and counts every CPU\'s instructions',
             '(1 counter tick = 16 instructions). Wall time: plain TCG on this machine',
             f'({os.cpu_count()} host cores), median of {WALL_BOOTS} boots.', '']
    for what, ticks in ipc_rows():
        lines.append(f'{what:<58} ' + (f'{ticks:8.2f} ticks, {ticks * 16:6.0f} instructions'
                                       if ticks is not None else 'no figure'))
    lines.append('')
    base = None
    for smp in (1, 2, 4):
        ms = compute_ms(smp)
        if smp == 1:
            base = ms
        speed = f'{base / ms:.2f}x' if base and ms else '?'
        lines.append(f'{COMPUTE[0]} threads x {COMPUTE[1]} M rounds of arithmetic, {smp} CPU'
                     f'{"s" if smp > 1 else " "}: '
                     + (f'{ms:6.0f} ms wall, {speed} of 1 CPU' if ms else 'no figure'))
    lines.append('')
    lines.append('test_llm on 4 CPUs, the accesses of the runs after the first two (median):')
    for label, icount, wall in pager_rows():
        lines.append(f'  pager thread {label:<26} '
                     + (f'{icount * 16:7.0f} instructions' if icount else 'no figure')
                     + (f', {wall / 62.5:7.0f} us wall' if wall else ''))  # 62.5 MHz counter
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    print(f'wrote {os.path.relpath(OUT, ROOT)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
