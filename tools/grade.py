#!/usr/bin/env python3
"""grade.py - score Bower the way the original lab's grader did.

Boots the image once, runs the file system tests and then test_llm three
times (two warm-up runs, as a freshly booted predictor has nothing learned
yet; the profiled image `make profile` builds scores even on its first run,
but the grader boots the default one), and scores the last test_llm run on the grader's three
lines. Prints each item with its points and a total, and one
"PASS: grade/ITEM" or "FAIL: grade/ITEM" line per item for tools/test.sh.
Exit status: 0 if every item passed.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'qemu'))
import run  # noqa: E402  (the QEMU test runner: same boot, same time limit)

APPEND = 'run=fstest,mmaptest,test_llm,test_llm,test_llm'

ITEMS = [
    # (name, points, regex that must match, where: 'all' or 'last_llm')
    ('file system (fstest)', 20, r'fstest: 0 checks failed', 'all'),
    ('file mappings (mmaptest)', 20, r'mmaptest: 0 checks failed', 'all'),
    ('llm page fault times <= 16', 20, r'^llm page fault times <= 16$', 'last_llm'),
    ('llm page fault time <= 8', 20, r'^llm page fault time <= 8$', 'last_llm'),
    ('llm page fault time <= 2', 20, r'^llm page fault time <= 2$', 'last_llm'),
]


def main():
    test = run.Test('grade', APPEND, [r'init: all programs done'], timeout=120)
    why = run.run(test)
    with open(os.path.join(run.LOGS, 'grade.log')) as f:
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
    if faults:
        print(f'  (last test_llm run: {faults.group(1)} page faults)')
    print(f'Score: {score}/{total}')
    for name, ok in results:
        slug = re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')
        print(f'{"PASS" if ok else "FAIL"}: grade/{slug}')
    return 0 if score == total else 1


if __name__ == '__main__':
    sys.exit(main())
