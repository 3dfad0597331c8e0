#!/usr/bin/env python3
"""outside.py - programs and files from outside the tree (make APPS=DIR
FILES=DIR) build as on Linux, run, and find their data.

Builds an image with APPS=tests/outside and FILES=tests/outside/files in a
build directory of its own, where linuxish.c (written with what gcc's
default flags allow, and an OpenMP pragma) must compile, with warnings but
no error, and then boots it and runs the program; and wc reads the files
FILES= put into the initial file system. Prints PASS/FAIL lines as the
other suites do.
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
                        f'APPS={os.path.join(ROOT, "tests", "outside")}',
                        f'FILES={os.path.join(ROOT, "tests", "outside", "files")}', 'image'],
                       cwd=ROOT,
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


def check_files():
    """Run after check, on its image: the files are there, at their paths."""
    test = run.Test('outside_files', 'run=wc:/hello.txt:/data/deep.txt',
                    [r'fs: 2 files from the ramdisk\'s files/ in the file system',
                     r'2 4 19 /hello.txt\n1 1 5 /data/deep.txt\n3 5 24 total',
                     r'init: wc \(pid \d+\) exited with status 0'],
                    kernel=os.path.join(BUILD, 'kernel', 'bower.elf'))
    return run.run(test)


def check_headers():
    """A header picolibc does not have is missing, not found elsewhere (the
    cross glibc's or the build machine's would fail in confusing ways)."""
    flags = subprocess.run(['make', '-s', '--no-print-directory', f'BUILD={BUILD}', 'user-cflags'],
                           cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True).stdout.split()
    # sys/epoll.h: the cross glibc has one, picolibc and Bower do not.
    src = os.path.join(BUILD, 'wants_epoll.c')
    with open(src, 'w') as f:
        f.write('#include <sys/epoll.h>\nint main(void) { return 0; }\n')
    r = subprocess.run(flags + ['-c', src, '-o', os.devnull], cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode == 0 or 'sys/epoll.h: No such file or directory' not in r.stdout:
        return 'sys/epoll.h did not come out missing:\n' + r.stdout[-1500:]
    return None


def main():
    return run.report('outside', [('linuxish_builds_with_warnings_and_runs', check),
                                  ('files_are_in_the_initial_file_system', check_files),
                                  ('headers_picolibc_lacks_are_missing', check_headers)])


if __name__ == '__main__':
    sys.exit(main())
