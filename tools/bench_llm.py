#!/usr/bin/env python3
"""bench_llm.py - MAP_LLM measured in the guest.

Boots Bower under QEMU with -icount shift=0 (the guest's counter then
advances with instructions executed: one tick of the 62.5 MHz counter is 16
instructions, and the numbers repeat from run to run) and reports, into
build/bench/llm.txt:
  - test_llm's faults per run with prediction off and on: on the default
    image, whose first run after boot is cold, and on the profiled image
    (build/profiled/, made by `make profile`) if there is one;
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


def picture(text, path):
    """Draw the traced test_llm runs: page against access order, faults
    marked, one panel per run (the first cold, the second learned)."""
    runs, cur = [], None
    for m in re.finditer(r'^trace (\d+) (\d+) (\d)$', text, re.M):
        i, page, fault = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if i == 0:
            cur = []
            runs.append(cur)
        cur.append((i, page, fault))
    if not runs:
        return False
    data = path + '.dat'
    with open(data, 'w') as f:
        for r in runs:
            for kind in (0, 1):
                f.write('-10 -10\n')  # no block is empty
                for i, page, fault in r:
                    if fault == kind:
                        f.write(f'{i} {page}\n')
                f.write('\n\n')
    plots = []
    for k, r in enumerate(runs):
        faults = sum(x[2] for x in r)
        plots.append(
            f"set title 'test_llm run {k + 1} after boot ({'cold' if k == 0 else 'learned'}): "
            f"{faults} page faults'\n"
            f"plot '{data}' index {2 * k} using 1:2 with points pt 7 ps 1.0 lc rgb '#4060c0' "
            f"title 'access (page was mapped)', '{data}' index {2 * k + 1} using 1:2 with points "
            f"pt 2 ps 2 lw 2 lc rgb '#d02020' title 'page fault'\n")
    script = (f"set terminal pngcairo noenhanced size 1000,{360 * len(runs)} font 'Sans,10'\n"
              f"set output '{path}'\nset multiplot layout {len(runs)},1\n"
              "set xlabel 'access order'\nset ylabel 'page'\nset grid\n"
              "set xrange [-1:32]\nset yrange [0:512]\nset key outside right\n"
              + ''.join(plots) + "unset multiplot\n")
    with open(path + '.gp', 'w') as f:
        f.write(script)
    return os.system(f"gnuplot '{path}.gp' 2>/dev/null") == 0


def boot(name, append, kernel=run.KERNEL):
    test = run.Test(name, append, [r'init: all programs done'], forbid=[], timeout=300,
                    qemu_args=['-icount', 'shift=0'], kernel=kernel)
    why = run.run(test)
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
    profiled = os.path.exists(run.PROFILED_KERNEL)
    off = llm_runs(boot('bench_llm_off', f'predictor=none run={runs}'))
    cold = llm_runs(boot('bench_llm_cold', f'run={runs}'))
    on = llm_runs(boot('bench_llm_on', f'run={runs},roundtrip',
                       run.PROFILED_KERNEL if profiled else run.KERNEL))
    traced = boot('bench_llm_trace', 'run=test_llm:0:trace,test_llm:0:trace')
    rt = re.search(r'page fault through the pager: (\d+) ticks; null IPC call: (\d+) ticks',
                   open(os.path.join(run.LOGS, 'bench_llm_on.log')).read())
    lines = [
        'MAP_LLM in the guest (QEMU -icount shift=0: 1 counter tick = 16 instructions)',
        '',
        f'test_llm faults per run, prediction off:  {off[0]}',
        f'test_llm faults per run, on, cold start:  {cold[0]}',
        f'test_llm faults per run, on, profiled:    {on[0]}'
        + ('' if profiled else '  (no profiled image: run make profile)'),
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
    pic = os.path.join(ROOT, 'build', 'bench', 'test_llm.png')
    lines.append(f'picture of a cold and a learned run: {pic if picture(traced, pic) else "(gnuplot failed)"}')
    with open(os.path.join(ROOT, 'build', 'bench', 'llm.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('\n'.join(lines))
    print('wrote build/bench/llm.txt')
    return 0


if __name__ == '__main__':
    sys.exit(main())
