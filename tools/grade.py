#!/usr/bin/env python3
"""grade.py - score Bower the way the original lab's grader did.

Boots the image once, runs the file system tests and then test_llm three
times (two warm-up runs, as a freshly booted predictor has nothing learned
yet; the profiled image `make profile` builds scores even on its first run,
but the grader boots the default one), and scores the last test_llm run on the grader's three
lines. Prints each item with its points and a total, and one
"PASS: grade/ITEM" or "FAIL: grade/ITEM" line per item for tools/test.sh.
Exit status: 0 if every item passed.

Options (docs/lab.md):
  --predictor KIND  the file server predicts with KIND (predictor=KIND),
                    started cold (profiles=off): the built-in profile is the
                    default predictor's, and the lab scores yours alone
  --trace FILE      test_llm also prints its accesses (test_llm time
                    trace: seeded by the time, as when it is not traced, so
                    the runs scored are the same); they are written to FILE
                    as a prefetch-sim trace (tools/console_trace.py)
  --kernel ELF      the image to boot (default: build/kernel/bower.elf)
  --name NAME       the console log's name under build/test-logs/qemu/
"""
import argparse
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(TOOLS, '..', 'tests', 'qemu'))
import run  # noqa: E402  (the QEMU test runner: same boot, same time limit)
import console_trace  # noqa: E402

TESTS = 'fstest,mmaptest'
LLM_RUNS = 3

ITEMS = [
    # (name, points, regex that must match, where: 'all' or 'last_llm')
    ('file system (fstest)', 20, r'fstest: 0 checks failed', 'all'),
    ('file mappings (mmaptest)', 20, r'mmaptest: 0 checks failed', 'all'),
    ('llm page fault times <= 16', 20, r'^llm page fault times <= 16$', 'last_llm'),
    ('llm page fault time <= 8', 20, r'^llm page fault time <= 8$', 'last_llm'),
    ('llm page fault time <= 2', 20, r'^llm page fault time <= 2$', 'last_llm'),
]


def command_line(predictor, trace):
    llm = ['test_llm:time:trace' if trace else 'test_llm'] * LLM_RUNS
    line = f'run={TESTS},{",".join(llm)}'
    return f'predictor={predictor} profiles=off {line}' if predictor else line


def main():
    ap = argparse.ArgumentParser(description='score Bower like the original lab')
    ap.add_argument('--predictor')
    ap.add_argument('--trace')
    ap.add_argument('--kernel', default=run.KERNEL)
    ap.add_argument('--name', default='grade')
    a = ap.parse_args()
    run.KERNEL = os.path.abspath(a.kernel)
    test = run.Test(a.name, command_line(a.predictor, a.trace), [r'init: all programs done'],
                    forbid=[r'panic', r'fs: unknown predictor'], timeout=120)
    why = run.run(test)
    with open(os.path.join(run.LOGS, a.name + '.log')) as f:
        text = f.read()
    runs = text.split('test_llm: ')
    last = runs[-1] if len(runs) > 1 else ''
    faults = re.search(r'llm page fault times (\d+)', last)
    print('Bower grade' + (f' (boot problem: {why})' if why else ''))
    total = score = 0
    results = []
    for name, points, pattern, where in ITEMS:
        hay = last if where == 'last_llm' else text
        ok = re.search(pattern, hay, re.M) is not None
        total += points
        score += points if ok else 0
        results.append((name, ok))
        print(f'  [{"PASS" if ok else "FAIL"}] {name:32s} {points if ok else 0:3d}/{points}')
    if a.predictor:
        print(f'  (predictor {a.predictor}, started cold)')
    if faults:
        print(f'  (last test_llm run: {faults.group(1)} page faults)')
    if a.trace:
        pages, traced = console_trace.extract(text)
        with open(a.trace, 'w') as out:
            console_trace.write(pages, traced, out)
        sim = os.path.relpath(os.path.join(os.path.dirname(os.path.dirname(run.KERNEL)),
                                           'host', 'prefetch-sim', 'prefetch-sim'))
        print(f'  (the {len(traced)} test_llm runs\' accesses: {a.trace}; replay them with '
              f'{sim} sim {a.trace} -p {a.predictor or "hybrid"})')
    print(f'Score: {score}/{total}')
    for name, ok in results:
        slug = re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')
        print(f'{"PASS" if ok else "FAIL"}: grade/{slug}')
    return 0 if score == total else 1


if __name__ == '__main__':
    sys.exit(main())
