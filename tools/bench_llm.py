#!/usr/bin/env python3
"""bench_llm.py - MAP_LLM measured in the guest.

Boots Bower under QEMU with -icount shift=0 (the guest's counter then
advances with instructions executed: one tick of the 62.5 MHz counter is 16
instructions, and the numbers repeat from run to run) and reports, into
build/bench/llm.txt:
  - test_llm's faults per run with prediction off and on (the first run
    after boot is cold, or profiled if `make profile` built a profile in);
  - map system calls per fault;
  - the accesses' run time in counter ticks, prediction off and on;
  - the cost of one fault through the pager next to a null IPC round trip.
A benchmark: it reports numbers, it asserts nothing.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402

RUNS = 6


def boot(name, append):
    run.QEMU.extend(['-icount', 'shift=0'])
    try:
        test = run.Test(name, append, [r'init: all programs done'], forbid=[], timeout=300)
        why = run.run(test)
    finally:
        del run.QEMU[-2:]
    text = open(os.path.join(run.LOGS, name + '.log')).read()
    if why:
        print(f'bench_llm: {name}: {why}')
    return text


def llm_runs(text):
    faults = [int(x) for x in re.findall(r'test_llm: (\d+) page faults', text)]
    calls = [int(x) for x in re.findall(r'test_llm: (\d+) map calls', text)]
    ticks = [int(x) for x in re.findall(r'(\d+) counter ticks for the accesses', text)]
    return faults, calls, ticks


def main():
    runs = ','.join(['test_llm'] * RUNS)
    off = llm_runs(boot('bench_llm_off', f'predictor=none run={runs}'))
    on = llm_runs(boot('bench_llm_on', f'run={runs},roundtrip'))
    rt = re.search(r'page fault through the pager: (\d+) ticks; null IPC call: (\d+) ticks',
                   open(os.path.join(run.LOGS, 'bench_llm_on.log')).read())
    profiled = os.path.exists(os.path.join(ROOT, 'build', 'profile', 'weight.dat.prof'))
    lines = [
        'MAP_LLM in the guest (QEMU -icount shift=0: 1 counter tick = 16 instructions)',
        '',
        f'test_llm faults per run, prediction off:  {off[0]}',
        f'test_llm faults per run, prediction on:   {on[0]}'
        f'  (first run {"profiled (make profile)" if profiled else "cold: no profile built in"})',
        f'map system calls per run, on:              {on[1]}'
        f'  ({sum(on[1]) / max(1, sum(on[0])):.2f} per fault)',
        f'accesses\' run time in ticks, off:          {off[2]}',
        f'accesses\' run time in ticks, on:           {on[2]}',
    ]
    if rt:
        lines.append(f'one fault through the pager: {rt.group(1)} ticks '
                     f'(~{int(rt.group(1)) * 16} instructions); null IPC round trip: '
                     f'{rt.group(2)} ticks (~{int(rt.group(2)) * 16} instructions)')
    os.makedirs(os.path.join(ROOT, 'build', 'bench'), exist_ok=True)
    with open(os.path.join(ROOT, 'build', 'bench', 'llm.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    print('wrote build/bench/llm.txt')
    return 0


if __name__ == '__main__':
    sys.exit(main())
