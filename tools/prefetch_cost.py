#!/usr/bin/env python3
"""prefetch_cost.py - what the prefetch library costs, in instructions.

Replays every workload of the simulator (prefetch-sim list; 20 runs of
each, seed 1, cap 16, batch 16, FIFO) through the hybrid and through each
of its components alone, under valgrind's callgrind, collecting only
inside the library's entry points (pf_observe_*, pf_predict, pf_note_*,
pf_run_*): the simulator's own work, the trace and the oracle are not
counted. Instruction counts, unlike timings, come out the same on every
replay of the same build, so two builds of the library compare exactly.

It writes one table, instructions per access (every call the pager makes
for one page: its fault or its use, its prediction share, its mapping and
its eviction; the once-a-run calls apart), for each workload and
predictor, and the hybrid's split: observing per access, predicting per
fault, the mapped/evicted notes per access, and a run's begin and end.
These are host (x86-64, -O2) instructions: the guest's aarch64 counts
differ, but move with them. A benchmark: it reports, it asserts nothing.

    tools/prefetch_cost.py SIM OUT.txt      (make bench-prefetch-cost)
"""
import os
import re
import subprocess
import sys
import tempfile

PREDICTORS = ['hybrid', 'sequential', 'stride', 'successor', 'hotset', 'delta', 'modulo']
RUNS = 20
ENTRY = ['pf_observe_fault', 'pf_observe_access', 'pf_predict', 'pf_note_mapped',
         'pf_note_evicted', 'pf_run_begin', 'pf_run_end']


def workloads(sim):
    out = subprocess.run([sim, 'list'], check=True, capture_output=True, text=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.startswith('workload ')]


def measure(sim, trace, predictor, tmp):
    """Instructions inside each entry point, and the replay's totals."""
    cg = os.path.join(tmp, 'callgrind.out')
    cmd = ['valgrind', '--tool=callgrind', '--callgrind-out-file=' + cg]
    cmd += ['--toggle-collect=' + e for e in ENTRY]
    cmd += [sim, 'sim', trace, '-p', predictor, '-c', '16', '-b', '16', '--csv']
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    total = next(line for line in out.splitlines() if line.startswith('total,')).split(',')
    counts = {'accesses': int(total[1]), 'faults': int(total[2])}
    ann = subprocess.run(['callgrind_annotate', '--inclusive=yes', '--threshold=100', cg],
                         check=True, capture_output=True, text=True).stdout
    spent = dict.fromkeys(ENTRY, 0)
    for line in ann.splitlines():
        m = re.match(r'\s*([\d,]+) .*:(pf_\w+) \[', line)
        if m and m.group(2) in spent:
            spent[m.group(2)] = int(m.group(1).replace(',', ''))
    os.unlink(cg)
    return counts, spent


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: prefetch_cost.py SIM OUT.txt')
    sim, path = sys.argv[1], sys.argv[2]
    rows, splits = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for w in workloads(sim):
            trace = os.path.join(tmp, w + '.trace')
            with open(trace, 'w') as f:
                subprocess.run([sim, 'gen', w, '-r', str(RUNS), '-s', '1'], check=True,
                               stdout=f)
            row = [w]
            for p in PREDICTORS:
                n, spent = measure(sim, trace, p, tmp)
                paged = sum(v for k, v in spent.items() if not k.startswith('pf_run_'))
                row.append(paged / n['accesses'])
                if p == 'hybrid':
                    obs = spent['pf_observe_fault'] + spent['pf_observe_access']
                    notes = spent['pf_note_mapped'] + spent['pf_note_evicted']
                    runs = spent['pf_run_begin'] + spent['pf_run_end']
                    splits.append((w, n['accesses'], n['faults'], obs / n['accesses'],
                                   spent['pf_predict'] / max(n['faults'], 1),
                                   notes / n['accesses'], runs / RUNS))
            rows.append(row)
    lines = ['Library instructions per access (x86-64 -O2, callgrind; %d runs a workload, '
             'seed 1, cap 16, batch 16, FIFO)' % RUNS, '']
    lines.append('%-11s' % 'workload' + ''.join(' %10s' % p for p in PREDICTORS))
    for r in rows:
        lines.append('%-11s' % r[0] + ''.join(' %10.0f' % v for v in r[1:]))
    lines += ['', 'The hybrid, split', '',
              '%-11s %8s %7s %12s %13s %11s %11s' % ('workload', 'accesses', 'faults',
                                                    'observe/acc', 'predict/fault',
                                                    'notes/acc', 'begin+end')]
    for s in splits:
        lines.append('%-11s %8d %7d %12.0f %13.0f %11.0f %11.0f' % s)
    text = '\n'.join(lines) + '\n'
    with open(path, 'w') as f:
        f.write(text)
    sys.stdout.write(text)
    print('wrote ' + path)


if __name__ == '__main__':
    main()
