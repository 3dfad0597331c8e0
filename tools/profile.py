#!/usr/bin/env python3
"""profile.py - learn a prefetch profile offline and build the profiled image.

PowerInfer's offline step, for Bower: boot the default image, run a program
many times so the file server's predictor learns its pattern, take the
profile the server saved (/.profiles/NAME, printed by profdump), write it
to build/profile/NAME.prof and build the profiled image
(build/profiled/kernel/bower.elf, mk/profiled.mk), whose file server starts
from it. Its first run after boot then behaves like a learned one. The
default image is left as it was: its first run stays cold.

Usage: tools/profile.py [--runs N] [--check]
  --check  afterwards, boot the profiled image once and check that its
           first test_llm takes at most 2 faults, and the default image
           once and check that its first test_llm is still cold (more than
           2 faults); prints PASS:/FAIL: lines
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402

PROGRAM, FILE = 'test_llm', 'weight.dat'
SEED_SPACING = 1000003  # a prime far above the seeds' small range


def learn(runs):
    # Each run with its own seed, so the runs start from
    # different pages. On cortex-a72, where each first use of a prefetched
    # page traps and is reported in the order the program made it: where
    # the CPU sets the access flag itself, the kernel learns the uses only
    # at the next fault, in the order they were prefetched, and an offline
    # profile is worth the precise record (the profiled image then runs on
    # whatever core it is booted on).
    # The seeds are spread out: picolibc's rand() is a linear congruential
    # generator whose first value changes little between consecutive small
    # seeds (seeds 0 to 99 never start test_llm at page 4 or 7), so seeds
    # 0, 1, 2... would show the predictor only a few of the starts a
    # time-seeded run can take.
    append = 'run=' + ','.join(f'{PROGRAM}:{seed * SEED_SPACING}' for seed in range(runs))
    append += f',profdump:{FILE}'
    test = run.Test('profile', append, [r'PROFILE-END'], timeout=300, cpu='cortex-a72')
    why = run.run(test)
    text = open(os.path.join(run.LOGS, 'profile.log')).read()
    m = re.search(r'PROFILE-BEGIN \S+\n(.*?)PROFILE-END', text, re.S)
    if why or not m:
        sys.exit(f'profile.py: no profile came out ({why or "no PROFILE block"}); '
                 f'see build/test-logs/qemu/profile.log')
    data = bytes.fromhex(''.join(m.group(1).split()))
    faults = [int(x) for x in re.findall(r'llm page fault times (\d+)', text)]
    os.makedirs(os.path.join(ROOT, 'build', 'profile'), exist_ok=True)
    path = os.path.join(ROOT, 'build', 'profile', FILE + '.prof')
    open(path, 'wb').write(data)
    print(f'profile.py: {runs} runs of {PROGRAM}, faults per run {faults}')
    print(f'profile.py: wrote {path} ({len(data)} bytes); building the profiled image')
    subprocess.run(['make', '-s', '--no-print-directory', 'image-profiled'], cwd=ROOT, check=True)


def check_one(name, test):
    why = run.run(test)
    print(f'FAIL: profile/{name}: {why}' if why else f'PASS: profile/{name}', flush=True)
    return 1 if why else 0


def check():
    # The profiled image's first run is a learned one...
    failed = check_one('first_run_after_boot', run.Test(
        'profiled_first_run', f'run={PROGRAM}',
        [r'test_llm: [0-2] page faults', r'llm page fault time <= 2'],
        timeout=60, kernel=run.PROFILED_KERNEL))
    # ...and learning it did not reach the default image, which make run
    # boots: its first run starts cold, with more than 2 faults.
    failed += check_one('default_image_starts_cold', run.Test(
        'default_first_run', f'run={PROGRAM}',
        [r'test_llm: ([3-9]|[1-9]\d+) page faults', r'init: test_llm \(pid \d+\) exited with status 0'],
        timeout=60))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--runs', type=int, default=12)
    ap.add_argument('--check', action='store_true')
    a = ap.parse_args()
    learn(a.runs)
    return check() if a.check else 0


if __name__ == '__main__':
    sys.exit(main())
