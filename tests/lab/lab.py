#!/usr/bin/env python3
"""lab.py - the lab's exercise (docs/lab.md), checked end to end.

1. The student slot as shipped (lib/prefetch/src/student.c, a stub that
   predicts nothing), graded with `make grade PREDICTOR=student`: every
   test_llm run takes 32 faults and the `<= 16` line is missing.
2. A tiny sequential predictor, written by this test into a file of its
   own and built into the slot with STUDENT_SRC= in a build directory of
   its own (student.c is never touched): the grader scores what the
   library's sequential predictor scores. The runs are traced, and each
   run's faults must equal what the simulator's sequential predictor takes
   on that same run's accesses; the grader's lines must say what that
   count means. This holds whatever page the runs start on (test_llm is
   seeded by the time).

Prints "PASS: lab/NAME" or "FAIL: lab/NAME: why" per check. Each boot has
the grader's time limit; the build has one too.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402  (its report(): the PASS/FAIL lines)

GRADE = os.path.join(ROOT, 'tools', 'grade.py')
SIM = os.path.join(ROOT, 'build', 'host', 'prefetch-sim', 'prefetch-sim')
WORK = os.path.join(ROOT, 'build', 'lab')
BUILD_TIMEOUT = 900

# Readahead in the slot: the pages after the fault, as many as the batch
# holds (pf_emit skips resident ones and says when the batch is full).
SEQUENTIAL = r'''/* Written by tests/lab/lab.py: readahead in the student slot. */
#include "model.h"

struct readahead {
	char unused;
};

static size_t readahead_size(const struct pf_params *p)
{
	(void)p;
	return sizeof(struct readahead);
}

static void readahead_predict(void *s, struct pf_emit *e)
{
	(void)s;
	for (uint64_t p = (uint64_t)e->fault + 1; p < e->pages && pf_emit(e, (pf_page)p); p++)
		;
}

const struct pf_predictor_ops pf_student_ops = {
    .state_size = readahead_size,
    .predict = readahead_predict,
};
'''


def grade(kernel, name, trace):
    """Grade the student slot of `kernel`: (grader's output, faults per run)."""
    cmd = [GRADE, '--kernel', kernel, '--predictor', 'student', '--trace', trace, '--name', name]
    out = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=300).stdout
    log = open(os.path.join(ROOT, 'build', 'test-logs', 'qemu', name + '.log')).read()
    return out, [int(n) for n in re.findall(r'^llm page fault times (\d+)$', log, re.M)]


def sim_faults(trace, predictor):
    out = subprocess.run([SIM, 'sim', trace, '-p', predictor, '--csv'], stdout=subprocess.PIPE,
                         text=True, check=True, timeout=60).stdout
    return [int(line.split(',')[2]) for line in out.splitlines()[1:] if not line.startswith('total')]


def lines_agree(out, faults):
    """Does the grader's PASS/FAIL for each threshold match the count?"""
    for slug, limit in (('llm_page_fault_times_16', 16), ('llm_page_fault_time_8', 8),
                        ('llm_page_fault_time_2', 2)):
        want = 'PASS' if faults <= limit else 'FAIL'
        if f'{want}: grade/{slug}' not in out:
            return f'{faults} faults, but grade/{slug} is not {want}'
    return None


def check_stub():
    out, faults = grade(os.path.join(ROOT, 'build', 'kernel', 'bower.elf'), 'lab_stub',
                        os.path.join(WORK, 'stub.trace'))
    if faults != [32, 32, 32]:
        return (f'faults per run {faults}, want [32, 32, 32] (is lib/prefetch/src/student.c '
                f'still the stub? see build/test-logs/qemu/lab_stub.log)')
    if 'FAIL: grade/llm_page_fault_times_16' not in out or 'Score: 40/100' not in out:
        return 'the <= 16 line is there, or the score is not 40/100:\n' + out
    return None


def check_sequential():
    build = os.path.join(WORK, 'sequential')
    os.makedirs(build, exist_ok=True)
    src = os.path.join(build, 'student-readahead.c')
    with open(src, 'w') as f:
        f.write(SEQUENTIAL)
    r = subprocess.run(['make', '-s', '--no-print-directory', f'BUILD={build}',
                        f'STUDENT_SRC={src}', 'image'], cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=BUILD_TIMEOUT)
    if r.returncode != 0:
        return 'the image with the readahead slot did not build:\n' + r.stdout[-2000:]
    trace = os.path.join(build, 'guest.trace')
    out, faults = grade(os.path.join(build, 'kernel', 'bower.elf'), 'lab_sequential', trace)
    want = sim_faults(trace, 'sequential')
    if len(faults) != 3 or faults != want:
        return (f'faults per run {faults}; the simulator\'s sequential predictor takes {want} '
                f'on the same accesses ({trace})')
    return lines_agree(out, faults[-1])


def main():
    os.makedirs(WORK, exist_ok=True)
    return run.report('lab', [('stub_takes_32_faults', check_stub),
                              ('readahead_in_the_slot_scores_as_sequential', check_sequential)])


if __name__ == '__main__':
    sys.exit(main())
