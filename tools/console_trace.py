#!/usr/bin/env python3
"""console_trace.py - the accesses a guest printed, as a trace for prefetch-sim.

`test_llm SEED trace` (SEED a number, or `time`) prints, before its accesses, `trace pages N` (the
mapping's size), then one line per access, `trace I PAGE FAULTED` (FAULTED
is 1 if that access took a page fault, read off the mapping's counters).
This reads those lines out of a console log (a boot's output, e.g.
build/test-logs/qemu/grade.log) and writes them in the simulator's trace
format (tools/prefetch-sim/README.md): one page per line, a blank line
between runs (each `trace 0` starts one), `# pages N`, and before each run a
comment with the faults the guest took in it, to set beside the
simulator's count for the same predictor and the oracle's.

Usage: tools/console_trace.py LOG [-o TRACE]     (TRACE: standard output)
"""
import argparse
import re
import sys

ACCESS = re.compile(r'^trace (\d+) (\d+) ([01])$', re.M)
PAGES = re.compile(r'^trace pages (\d+)$', re.M)


def extract(text):
    """(pages, runs): the mapping's size (None if not printed) and, per run,
    a list of (page, faulted) in program order."""
    m = PAGES.search(text)
    runs = []
    for a in ACCESS.finditer(text):
        if int(a.group(1)) == 0 or not runs:
            runs.append([])
        runs[-1].append((int(a.group(2)), a.group(3) == '1'))
    return (int(m.group(1)) if m else None), runs


def write(pages, runs, out):
    out.write('# accesses the guest recorded (test_llm SEED trace)\n')
    if pages is not None:
        out.write(f'# pages {pages}\n')
    for i, run in enumerate(runs):
        if i:
            out.write('\n')
        out.write(f'# run {i + 1}: {sum(f for _, f in run)} faults in the guest\n')
        for page, _ in run:
            out.write(f'{page}\n')


def main():
    ap = argparse.ArgumentParser(description='console log -> prefetch-sim trace')
    ap.add_argument('log')
    ap.add_argument('-o', '--output')
    a = ap.parse_args()
    with open(a.log, errors='replace') as f:
        pages, runs = extract(f.read().replace('\r\n', '\n'))
    if not runs:
        sys.exit(f'console_trace.py: no "trace I PAGE FAULTED" lines in {a.log} '
                 f'(run test_llm SEED trace)')
    if a.output:
        with open(a.output, 'w') as out:
            write(pages, runs, out)
    else:
        write(pages, runs, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
