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
  - the accesses' and the whole run's cost in instructions, and the same
    in wall time on plain TCG (several boots, median);
  - the floor of the accesses with prediction, and the costs it is made
    of: one fault through the pager, a null IPC round trip, a null call;
  - densebench (user/tests/densebench.c): a dense LLM-like program's cost
    per token with a plain mapping, MAP_LLM at cap 16 and at a cap that
    holds the whole checkpoint.
A benchmark: it reports numbers, it asserts nothing.
"""
import os
import re
import statistics
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


WALL_BOOTS = 3   # plain TCG boots per row, for the wall-time medians


def boot(name, append, kernel=run.KERNEL, icount=True, smp=None, timeout=300):
    """One boot (SMP CPUs: None, the suite's default); its console."""
    test = run.Test(name, append, [r'init: all programs done'], forbid=[], timeout=timeout,
                    qemu_args=['-icount', 'shift=0'] if icount else [], kernel=kernel, smp=smp)
    why = run.run(test)
    text = open(os.path.join(run.LOGS, name + '.log')).read()
    if why:
        print(f'bench_llm: {name}: {why}')
    return text


def llm_runs(text):
    """Per test_llm run: faults, map calls, the accesses' ticks, the whole
    run's ticks (init's, spawn to end)."""
    faults = [int(x) for x in re.findall(r'test_llm: (\d+) page faults', text)]
    calls = [int(x) for x in re.findall(r'test_llm: (\d+) map calls', text)]
    ticks = [int(x) for x in re.findall(r'(\d+) counter ticks for the accesses', text)]
    whole = [int(x) for x in re.findall(r'init: test_llm \(pid \d+\) exited with status 0 '
                                        r'after (\d+) ticks', text)]
    return faults, calls, ticks, whole


def later(values):
    """The runs after the first two (a cold model learns in those): their
    median, the figure a user meets from then on."""
    rest = values[2:] or values
    return statistics.median(rest) if rest else 0


def wall(name, append, kernel=run.KERNEL):
    """Plain TCG (no -icount: the counter is real time, 62.5 MHz): the
    median over WALL_BOOTS boots of later() accesses and whole runs, in us."""
    acc, whole = [], []
    for k in range(WALL_BOOTS):
        r = llm_runs(boot(f'{name}_wall{k}', append, kernel, icount=False))
        acc.append(later(r[2]))
        whole.append(later(r[3]))
    return statistics.median(acc) / 62.5, statistics.median(whole) / 62.5


def main():
    runs = ','.join(['test_llm'] * RUNS)
    profiled = os.path.exists(run.PROFILED_KERNEL)
    columns = [('off', f'predictor=none run={runs}', run.KERNEL),
               ('on, cold start', f'run={runs}', run.KERNEL)]
    if profiled:
        columns.append(('on, profiled', f'run={runs}', run.PROFILED_KERNEL))
    rows = {}
    for label, append, kernel in columns:
        tag = label.split(',')[-1].strip().replace(' ', '_')
        rows[label] = (llm_runs(boot(f'bench_llm_{tag}', append, kernel)),
                       wall(f'bench_llm_{tag}', append, kernel))
    costs = boot('bench_llm_costs', 'run=roundtrip,nullsys:100000')
    rt = re.search(r'page fault through the pager: (\d+) ticks; first touch of a hole: (\d+) '
                   r'ticks; null IPC call: (\d+) ticks', costs)
    ns = re.search(r'(\d+)\.(\d+) ticks per call', costs)
    fault_i = int(rt.group(1)) * 16 if rt else 0
    hole_i = int(rt.group(2)) * 16 if rt else 0
    ipc_i = int(rt.group(3)) * 16 if rt else 0
    sys_i = round(float(f'{ns.group(1)}.{ns.group(2)}') * 16) if ns else 0
    traced = boot('bench_llm_trace', 'run=test_llm:0:trace,test_llm:0:trace')
    dense = {m: re.search(r'densebench: ' + m + r', (\d+) MiB, \d+ tokens: first token \d+ ticks, '
                          r'then (\d+) ticks a token; (\d+) faults', dense_text)
             for dense_text in [boot('bench_llm_dense',
                                     'run=densebench:plain:4,densebench:llm:4,densebench:llmall:4')]
             for m in ('plain', 'llm', 'llmall')}

    def row(name, cell):
        return f'{name:<44}' + ''.join(f'{cell(r):>18}' for r in rows.values())
    head = f'{"test_llm, " + str(RUNS) + " runs a boot":<44}' + ''.join(f'{c:>18}' for c in rows)
    floor_i = 2 * fault_i + 32
    lines = [
        'MAP_LLM in the guest. Instructions: QEMU -icount shift=0 (1 counter tick = 16',
        'instructions), figures of the runs after the first two (median). Wall time:',
        f'plain TCG on this machine, median of {WALL_BOOTS} boots.',
        '',
        head,
        row('faults per run', lambda r: ','.join(map(str, r[0][0]))),
        row('map calls per fault', lambda r: f'{sum(r[0][1]) / max(1, sum(r[0][0])):.2f}'),
        row('the 32 accesses, instructions', lambda r: f'{later(r[0][2]) * 16:,.0f}'),
        row('whole run (spawn to end), instructions', lambda r: f'{later(r[0][3]) * 16:,.0f}'),
        row('the 32 accesses, wall us', lambda r: f'{r[1][0]:,.0f}'),
        row('whole run, wall us', lambda r: f'{r[1][1]:,.0f}'),
        '',
        f'floor of the accesses with prediction (2 fault round trips + 32 stores): '
        f'{floor_i:,} instructions',
        f'one fault through the pager: {fault_i:,} instructions (a first touch of a hole, '
        f'which also makes the file a zeroed page: {hole_i:,}); null IPC round trip: '
        f'{ipc_i:,}; null system call: {sys_i:,}',
        '',
    ]
    plain = dense['plain']
    for mode, what in (('plain', 'plain mmap'), ('llm', 'MAP_LLM, cap 16'),
                       ('llmall', 'MAP_LLM, cap = the file')):
        m = dense[mode]
        if m and plain:
            lines.append(f'densebench ({m.group(1)} MiB checkpoint, every weight read per token), '
                         f'{what}: {int(m.group(2)) * 16:,} instructions a token, '
                         f'{int(m.group(2)) / int(plain.group(2)):.2f}x plain, {m.group(3)} faults')
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
