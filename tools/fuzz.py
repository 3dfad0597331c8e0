#!/usr/bin/env python3
"""fuzz.py - run the system call fuzzer for long: one boot per seed.

Usage: tools/fuzz.py [--seeds A-B] [--calls N] [--mode safe|hostile] [--timeout S]

Each seed boots Bower with run=fuzz:SEED:N:MODE (user/servers/fuzz/), under
a time limit. A seed fails when the kernel panics, the boot does not power
off in time (a hang), a result is not among the call's documented errors,
or the free-page count after the fuzzing process is reaped differs from the
count before it started. Prints one line per seed and a total; the exit
status is non-zero if any seed failed. Console logs: build/fuzz/seed-S.log.
"""
import argparse
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402  (its boot(): the time limit, and the thread dump of a hang)
KERNEL = os.path.join(ROOT, 'build/kernel/bower.elf')
QEMU = os.path.join(ROOT, 'tools/qemu.sh')   # the one QEMU command line
LOGS = os.path.join(ROOT, 'build/fuzz')

SUMMARY = re.compile(r'fuzz: seed (\d+) \((\w+)\): (\d+) calls, (\d+) wrong answers, '
                     r'free pages before (-?\d+) after (-?\d+)')


def run_seed(seed, calls, mode, timeout):
    cmd = [QEMU, KERNEL, f'run=fuzz:{seed}:{calls}:{mode}']
    start = time.monotonic()
    out, status, hung = run.boot(cmd, timeout)
    seconds = time.monotonic() - start
    text = out.decode('utf-8', 'replace').replace('\x00', '')
    with open(os.path.join(LOGS, f'seed-{seed}.log'), 'w') as f:
        f.write(text)
    m = SUMMARY.search(text)
    made = int(m.group(3)) if m else 0
    problems = []
    panic = re.search(r'bower: panic[^\n]*', text)
    if panic:
        problems.append(panic.group(0))
    if hung:
        problems.append(f'no power-off within {timeout}s (a hang; the log ends with the threads)')
    if not m and not panic and not hung:
        problems.append('no summary line')
    if m and int(m.group(4)):
        problems.append(f'{m.group(4)} wrong answers')
    if m and m.group(5) != m.group(6):
        problems.append(f'free pages before {m.group(5)} after {m.group(6)}')
    if not hung and not panic and status != 0 and not problems:
        problems.append(f'QEMU exit status {status}')
    return made, seconds, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', default='1-10', help='a range A-B (default 1-10)')
    ap.add_argument('--calls', type=int, default=100000, help="main's calls per seed")
    ap.add_argument('--mode', default='hostile', choices=['safe', 'hostile'])
    ap.add_argument('--timeout', type=int, default=300, help='seconds per boot')
    args = ap.parse_args()
    first, _, last = args.seeds.partition('-')
    seeds = range(int(first), int(last or first) + 1)
    if not os.path.exists(KERNEL):
        sys.exit(f'fuzz.py: {KERNEL} is missing (run make image)')
    os.makedirs(LOGS, exist_ok=True)
    total_calls, total_seconds, failed = 0, 0.0, 0
    for seed in seeds:
        made, seconds, problems = run_seed(seed, args.calls, args.mode, args.timeout)
        total_calls += made
        total_seconds += seconds
        failed += bool(problems)
        rate = made / seconds if seconds else 0
        verdict = 'ok' if not problems else 'FAILED: ' + '; '.join(problems)
        print(f'fuzz: seed {seed} ({args.mode}): {made} calls in {seconds:.1f}s '
              f'({rate:.0f}/s): {verdict}', flush=True)
    print(f'fuzz: {len(seeds)} seeds, {total_calls} calls in {total_seconds:.1f}s, '
          f'{failed} failed (logs in build/fuzz/)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
