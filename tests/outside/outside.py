#!/usr/bin/env python3
"""outside.py - programs from outside the tree (make APPS=DIR) build as on
Linux and run.

Builds an image with APPS=tests/outside in a build directory of its own,
where linuxish.c (written with what gcc's default flags allow, and an
OpenMP pragma) must compile, with warnings but no error, and then boots it
and runs the program. Prints PASS/FAIL lines as the other suites do.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import run  # noqa: E402

BUILD = os.path.join(ROOT, 'build', 'outside')
BUILD_TIMEOUT = 600


def check():
    # Built every time, so that its warnings are seen every time.
    binary = os.path.join(BUILD, 'user', 'bin', 'linuxish')
    if os.path.exists(binary):
        os.remove(binary)
    r = subprocess.run(['make', '-s', '--no-print-directory', f'BUILD={BUILD}',
                        f'APPS={os.path.join(ROOT, "tests", "outside")}', 'image'], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=BUILD_TIMEOUT)
    if r.returncode != 0:
        return 'the image with tests/outside did not build:\n' + r.stdout[-2000:]
    if 'warning' not in r.stdout:
        return 'linuxish.c built without the warnings it should give:\n' + r.stdout[-2000:]
    test = run.Test('outside_linuxish', 'run=linuxish',
                    [r'linuxish: 10 squares sum to 385',
                     r'init: linuxish \(pid \d+\) exited with status 0'],
                    kernel=os.path.join(BUILD, 'kernel', 'bower.elf'))
    return run.run(test)


def main():
    return run.report('outside', [('linuxish_builds_with_warnings_and_runs', check)])


if __name__ == '__main__':
    sys.exit(main())
