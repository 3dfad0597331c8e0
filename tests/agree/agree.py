#!/usr/bin/env python3
"""agree.py - the OS and the simulator take the same faults.

Boots Bower with the file server recording MAP_LLM runs (tracedir on:
user/servers/fs/tracerec.c writes each run's pages, as the kernel reported
them, in the simulator's trace format), runs test_llm from several starts,
prints the recording, and replays it in tools/prefetch-sim with the same
predictor (the hybrid), cap (16), batch (16), hold (16: the file server
asks a batch past the mapping's room, which the kernel holds) and model
(one that learns later, as the file server's does). The faults of every run
must be the same on both sides, and so must the faults answered with held
pages: any difference is a bug in one of them.
Once on a CPU where the kernel learns of each prefetched page's use by an
access-flag trap, in order (cortex-a72), and once where the CPU sets the
flag itself and the kernel reads it at the next fault (cortex-a76).
Prints PASS/FAIL lines as the other suites do.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402

SIM = os.path.join(ROOT, 'build', 'host', 'prefetch-sim', 'prefetch-sim')
WORK = os.path.join(ROOT, 'build', 'agree')
RUNS = 6


def check(cpu):
    name = f'agree_{cpu}'
    append = ('profiles=off run=tracedir:on,' +
              ','.join(f'test_llm:{s}' for s in range(1, RUNS + 1)) + ',tracedir:weight.dat')
    test = run.Test(name, append, [r'TRACE-END weight.dat'], cpu=cpu, timeout=180)
    why = run.run(test)
    if why:
        return why
    text = open(os.path.join(run.LOGS, name + '.log')).read()
    guest = [int(x) for x in re.findall(r'test_llm: (\d+) page faults', text)]
    guest_held = [int(x) for x in re.findall(r'test_llm: \d+ map calls, (\d+) held', text)]
    body = re.search(r'TRACE-BEGIN weight.dat\n(.*?)TRACE-END weight.dat', text, re.S)
    if len(guest) != RUNS or not body:
        return f'{len(guest)} test_llm runs reported, recording {"found" if body else "missing"}'
    os.makedirs(WORK, exist_ok=True)
    trace = os.path.join(WORK, f'{cpu}.trace')
    with open(trace, 'w') as f:
        f.write(body.group(1))
    out = subprocess.run([SIM, 'sim', trace, '-p', 'hybrid', '-c', '16', '-b', '16', '-h', '16',
                          '--learn-later', '--csv'],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         timeout=60).stdout
    rows = [line.split(',') for line in out.splitlines() if re.match(r'^\d+,', line)]
    sim, sim_held = [int(r[2]) for r in rows], [int(r[9]) for r in rows]
    if sim != guest:
        return f'the guest took {guest} faults, the simulator {sim} on its recording ({trace})'
    if sim_held != guest_held:
        return (f'the kernel answered {guest_held} faults with held pages, the simulator '
                f'{sim_held} ({trace})')
    return None


def main():
    if not os.path.exists(SIM):
        print(f'FAIL: agree/build: {SIM} is missing')
        return 1
    return run.report('agree', [(f'hybrid_faults_on_{cpu}', lambda cpu=cpu: check(cpu))
                                for cpu in ('cortex-a72', 'cortex-a76')])


if __name__ == '__main__':
    sys.exit(main())
