#!/usr/bin/env python3
"""posix_suite.py - the Open POSIX Test Suite, on Bower and on this host.

Usage: tools/posix-suite.sh LTP_DIR [INTERFACE...]

LTP_DIR is a checkout of the Linux Test Project (its
testcases/open_posix_testsuite/ is what is used; nothing of it is copied
into this tree). INTERFACE names directories of
conformance/interfaces/ (default: mmap munmap). Each test, built
unchanged with the suite's own lib/common.c, is:
  - built and run on this host (gcc, -lpthread -lrt), 20 s at most;
  - built for Bower as a program of an APPS= image (its own build
    directory, build/posix/, so the tree's own image is untouched) and run
    in the guest, several a boot, each boot with a time limit; a test whose
    boot ran out of time runs again alone, and one that still does not end
    counts as a hang.
A test passes when it exits with PTS_PASS (0). The table, with the LTP
commit, goes to docs/posix.md (between its two markers); the results of
every test to build/posix/results.txt.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, 'build', 'posix')
APPS = os.path.join(BUILD, 'apps')
HOST = os.path.join(BUILD, 'host')
KERNEL = os.path.join(BUILD, 'kernel', 'bower.elf')
DOC = os.path.join(ROOT, 'docs', 'posix.md')
BEGIN, END = '<!-- posix-suite: begin -->', '<!-- posix-suite: end -->'
STATUS = {0: 'PASS', 1: 'FAIL', 2: 'UNRESOLVED', 4: 'UNSUPPORTED', 5: 'UNTESTED'}
PER_BOOT = 16      # tests a boot (init runs at most 32 in one list)
BOOT_LIMIT = 120   # seconds for a boot of PER_BOOT tests
ALONE_LIMIT = 30   # seconds for one test alone


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def first_error(text):
    for line in text.splitlines():
        if 'error' in line or 'undefined reference' in line:
            why = re.sub(r'^.*?(error|undefined reference)', r'\1', line).strip()
            why = re.sub(r'error: (\S+)\.h: No such file or directory', r'no header \1', why)
            return re.sub(r"[`'‘’]", '', why)[:100]  # no quotes: docs/posix.md shows it
    return text.strip().splitlines()[-1][:100] if text.strip() else '?'


def host_result(src, common, inc, name):
    exe = os.path.join(HOST, name)
    r = sh(['gcc', '-std=gnu99', '-w', '-I', inc, src, common, '-o', exe, '-lpthread', '-lrt'])
    if r.returncode:
        return 'does not build', first_error(r.stderr)
    work = os.path.join(HOST, name + '.d')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    try:
        r = sh([exe], cwd=work, timeout=20)
    except subprocess.TimeoutExpired:
        return 'hang', ''
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if r.returncode < 0:
        return 'killed', f'signal {-r.returncode}'
    return STATUS.get(r.returncode, f'status {r.returncode}'), ''


def bower_build(tests, inc):
    """Stage each test as one program (the test and common.c in one unit),
    check each compiles, then build the image: {name: (result, why)} for
    the ones that did not build."""
    shutil.rmtree(APPS, ignore_errors=True)
    os.makedirs(APPS)
    cflags = sh(['make', '-s', '--no-print-directory', 'user-cflags'], cwd=ROOT).stdout.split()
    failed = {}
    for name, src, common in tests:
        staged = os.path.join(APPS, name + '.c')
        with open(staged, 'w') as f:
            f.write(f'#include "{src}"\n#include "{common}"\n')
        r = sh(cflags + ['-w', '-I', inc, '-c', staged, '-o', os.devnull], cwd=ROOT)
        if r.returncode:
            failed[name] = ('does not build', first_error(r.stderr))
            os.remove(staged)
    # Build; a test that does not link is left out and the image built
    # again, so the ramdisk holds what built.
    appflags = f'APPS_CFLAGS=-Wno-error -Wno-unknown-pragmas -w -I{inc}'
    make = ['make', '-j2', f'BUILD={os.path.relpath(BUILD, ROOT)}', f'APPS={APPS}', appflags,
            'image']
    r = sh(make[:1] + ['-k'] + make[1:], cwd=ROOT)
    bindir = os.path.join(BUILD, 'user', 'bin')
    unlinked = [n for n, _, _ in tests if n not in failed
                and not os.path.exists(os.path.join(bindir, n))]
    for name in unlinked:
        why = [l for l in r.stderr.splitlines() if 'undefined reference' in l and name in l]
        failed[name] = ('does not link', first_error('\n'.join(why)) if why else 'link failed')
        os.remove(os.path.join(APPS, name + '.c'))
    if unlinked:
        r = sh(make, cwd=ROOT)
    if r.returncode or not os.path.exists(KERNEL):
        sys.exit('posix-suite: the image did not build:\n' + r.stderr[-2000:])
    return failed


def boot(names, limit):
    """Run names in one boot: {name: (result, why)} for those that ended."""
    cmd = [os.path.join(ROOT, 'tools', 'qemu.sh'), '--smp', '1', KERNEL,
           'run=' + ','.join(names)]
    try:
        out = sh(cmd, timeout=limit, stdin=subprocess.DEVNULL).stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors='replace') if isinstance(e.stdout, bytes) else (e.stdout or '')
        subprocess.run(['pkill', '-f', KERNEL])
    got = {}
    # Not anchored at a line's start: a test's last words may have no
    # newline, and init's line then follows them on the same line.
    for m in re.finditer(r'init: (\S+) \(pid \d+\) exited with status (\d+)', out):
        got[m.group(1)] = (STATUS.get(int(m.group(2)), f'status {m.group(2)}'), '')
    for m in re.finditer(r'init: (\S+) \(pid \d+\) was killed \(signal (\d+)\)', out):
        got[m.group(1)] = ('killed', f'signal {m.group(2)}')
    for m in re.finditer(r'^bower: (\S+) \(pid \d+\) (.*)$', out, re.M):
        if m.group(1) in got and got[m.group(1)][0] == 'killed':
            got[m.group(1)] = ('killed', m.group(2)[:100])
    return got


def bower_results(names):
    results = {}
    for i in range(0, len(names), PER_BOOT):
        chunk = names[i:i + PER_BOOT]
        got = boot(chunk, BOOT_LIMIT)
        for n in chunk:
            if n not in got:
                got.update(boot([n], ALONE_LIMIT))
            results[n] = got.get(n, ('hang', 'no end within the time limit'))
    return results


def reasons(rows):
    count = {}
    for result, why in rows:
        if result == 'PASS':
            continue
        key = result + (f': {why}' if result in ('does not build', 'does not link') and why else '')
        count[key] = count.get(key, 0) + 1
    top = sorted(count.items(), key=lambda kv: -kv[1])[:4]
    return '; '.join(f'{n} {k}' for k, n in top) or '-'


def main():
    if len(sys.argv) < 2 or not os.path.isdir(os.path.join(sys.argv[1], 'testcases')):
        sys.exit('usage: tools/posix-suite.sh LTP_DIR [INTERFACE...]  (an LTP checkout)')
    ltp = os.path.abspath(sys.argv[1])
    suite = os.path.join(ltp, 'testcases', 'open_posix_testsuite')
    inc = os.path.join(suite, 'include')
    common = os.path.join(suite, 'lib', 'common.c')
    interfaces = sys.argv[2:] or ['mmap', 'munmap']
    os.makedirs(HOST, exist_ok=True)
    tests = []
    for itf in interfaces:
        d = os.path.join(suite, 'conformance', 'interfaces', itf)
        if not os.path.isdir(d):
            sys.exit(f'posix-suite: no interface {itf} in {suite}')
        for f in sorted(os.listdir(d), key=lambda s: [int(x) if x.isdigit() else x
                                                      for x in re.split(r'(\d+)', s)]):
            if re.fullmatch(r'\d+-\d+\.c', f):
                tests.append((itf, f'{itf}_{f[:-2]}', os.path.join(d, f)))
    commit = sh(['git', '-C', ltp, 'rev-parse', 'HEAD']).stdout.strip() or 'unknown'
    print(f'posix-suite: {len(tests)} tests of {" ".join(interfaces)}, LTP {commit[:12]}')
    host = {name: host_result(src, common, inc, name) for _, name, src in tests}
    failed = bower_build([(name, src, common) for _, name, src in tests], inc)
    runnable = [name for _, name, _ in tests if name not in failed]
    bower = dict(failed)
    bower.update(bower_results(runnable))

    lines = []
    with open(os.path.join(BUILD, 'results.txt'), 'w') as f:
        for itf, name, _ in tests:
            f.write(f'{name}\thost {host[name][0]} {host[name][1]}\t'
                    f'bower {bower[name][0]} {bower[name][1]}\n')
    lines.append(f'LTP commit {commit}; tools/posix-suite.sh LTP_DIR {" ".join(interfaces)}.')
    lines.append('')
    lines.append('| interface | tests | Linux host passes | Bower passes | passes on the host, '
                 'not on Bower | why Bower fails (the commonest) |')
    lines.append('|---|---|---|---|---|---|')
    for itf in interfaces:
        names = [n for i, n, _ in tests if i == itf]
        hp = sum(host[n][0] == 'PASS' for n in names)
        bp = sum(bower[n][0] == 'PASS' for n in names)
        gap = sum(host[n][0] == 'PASS' and bower[n][0] != 'PASS' for n in names)
        lines.append(f'| {itf} | {len(names)} | {hp} | {bp} | {gap} | '
                     f'{reasons([bower[n] for n in names])} |')
    table = '\n'.join(lines)
    print(table)
    text = open(DOC).read() if os.path.exists(DOC) else ''
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN) + len(BEGIN)] + '\n' + table + '\n' + text[text.index(END):]
        with open(DOC, 'w') as f:
            f.write(text)
        print(f'posix-suite: wrote {os.path.relpath(DOC, ROOT)}')
    print(f'posix-suite: every test: {os.path.relpath(BUILD, ROOT)}/results.txt')


if __name__ == '__main__':
    main()
