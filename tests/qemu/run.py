#!/usr/bin/env python3
"""run.py - boot Bower in QEMU and check what it prints.

Each test is a row of TESTS: the kernel command line (which tells init what
to run), patterns that must appear on the console in order, patterns that
must not appear, and the exit status QEMU must end with (the guest's
power-off status). Every boot has a time limit; a guest still running then
is killed and the test fails. Prints "PASS: qemu/NAME" or
"FAIL: qemu/NAME: why" per test; console logs go to build/test-logs/qemu/.

Usage: tests/qemu/run.py [--smp N] [--long] [NAME...]    (no names: every test)

Every test boots with N CPUs (default $SMP, or 4) unless its row says; with
a count other than $SMP's the suite is named qemu-smpN (its PASS/FAIL lines
and its logs, build/test-logs/qemu-smpN/). --long runs the long stress boots
(make stress) instead of the suite.
"""
import os
import re
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNEL = os.path.join(ROOT, 'build/kernel/bower.elf')
PROFILED_KERNEL = os.path.join(ROOT, 'build/profiled/kernel/bower.elf')   # make profile's
LOGS = os.path.join(ROOT, 'build/test-logs/qemu')
QEMU = os.path.join(ROOT, 'tools/qemu.sh')   # the one QEMU command line


@dataclass
class Disk:
    """A raw image the test makes, every sector filled with the host's
    pattern (user/tests/blktest.c has the same functions), attached as a
    virtio block device. After the guest has powered off, `written` says
    which sectors must hold the guest's pattern: every other one must still
    hold the host's."""
    sectors: int = 8192
    read_only: bool = False
    fail_sector: int = None           # QEMU's blkdebug fails reads covering it
    written: range = range(0)         # sectors the guest writes (blktest's WRITE_AT..)
    ext2_block: int = 0               # not a pattern: ext2 (this block size) of the tree below
    damage: bool = False              # ...then damaged on purpose (damage_ext2)
    files: dict = None                # ext2: path -> what debugfs must read there after
    fail_page: tuple = None           # ext2: (path, page): blkdebug fails reads of that page


# The tree of files an ext2 disk holds (tests/host/ext2/make_tree.py, whose
# contents user/tests/disktest.c checks), made into an image by e2fsprogs.
MAKE_TREE = os.path.join(ROOT, 'tests/host/ext2/make_tree.py')
MKDISK = os.path.join(ROOT, 'tools/mkdisk.sh')
E2FSCK = shutil.which('e2fsck') or '/sbin/e2fsck'
DEBUGFS = shutil.which('debugfs') or '/sbin/debugfs'


def make_ext2(test, img):
    tree = os.path.join(LOGS, test.name + '.tree')
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run([sys.executable, MAKE_TREE, tree], check=True)
    subprocess.run([MKDISK, tree, img, str(test.disk.ext2_block)], check=True)
    if test.disk.damage:
        damage_ext2(img, test.disk.ext2_block)


def damage_ext2(img, bs):
    """Two kinds of damage a server must survive: /hello.txt's first block
    number far past the end (set with debugfs), and the first entry of
    /many's first block longer than the block (written over it)."""
    def debugfs(*args):
        return subprocess.run([DEBUGFS, *args, img], check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL).stdout.decode()
    debugfs('-w', '-R', 'sif /hello.txt block[0] 4000000000')
    block = int(debugfs('-R', 'bmap /many 0').split()[-1])
    with open(img, 'r+b') as f:
        f.seek(block * bs + 4)
        f.write((bs + 4).to_bytes(2, 'little'))


DUMPE2FS = shutil.which('dumpe2fs') or '/sbin/dumpe2fs'
STATVFS = re.compile(r'disktest: statvfs /disk: (\d+) blocks of (\d+) bytes, (\d+) free, '
                     r'(\d+) available, (\d+) files, (\d+) free')


def check_space(img, log):
    """What statvfs said in the guest (disktest's last line of it) against
    the superblock's counts as dumpe2fs reads them after: None, or what
    differs."""
    said = STATVFS.findall(open(log, errors='replace').read())
    if not said:
        return None
    out = subprocess.run([DUMPE2FS, '-h', img], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    field = dict(re.findall(r'^([A-Za-z ]+):\s+(\d+)\s*$', out, re.M))
    try:
        free = int(field['Free blocks'])
        want = (int(field['Block count']), int(field['Block size']), free,
                max(free - int(field['Reserved block count']), 0), int(field['Inode count']),
                int(field['Free inodes']))
    except KeyError as e:
        return f'dumpe2fs -h says no {e}'
    got = tuple(int(x) for x in said[-1])
    return None if got == want else f'statvfs said {got}, dumpe2fs -h says {want}'


def check_ext2(img, files, log=None):
    """e2fsck's verdict on the image after the guest powered off, what
    debugfs reads in the files the guest wrote (None: the file must be
    gone), and what the guest's statvfs said against dumpe2fs."""
    r = subprocess.run([E2FSCK, '-fn', img], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        return f'e2fsck -fn finds the image damaged: {r.stdout.decode(errors="replace")[-300:]}'
    if log and (why := check_space(img, log)):
        return why
    for path, want in (files or {}).items():
        r = subprocess.run([DEBUGFS, '-R', f'cat {path}', img], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        got = None if b'not found' in r.stderr else r.stdout
        if got != want:
            return f'debugfs reads {got!r:.60} in {path}, not {want!r:.60}'
    return None


def mapped_bytes():
    """What disktest's mapped_writes leaves in /disk/mapped: its 80 pages of
    mapped_byte(i), then 'M' stored at byte 5 before the munmap."""
    b = bytearray(((i * 13 + i // 4096 * 5 + 1) & 0xff) for i in range(80 * 4096))
    b[5] = ord('M')
    return bytes(b)


def host_sector(s):
    return bytes((s * 31 + i * 7 + 1) & 0xff for i in range(512))


def guest_sector(s):
    return bytes((s * 11 + i * 3 + 0x5a) & 0xff for i in range(512))


def make_disk(test):
    """Write the test's image and say how QEMU attaches it (tools/qemu.sh's
    --disk: a file name, then -drive options)."""
    d = test.disk
    img = os.path.join(LOGS, test.name + '.img')
    if d.ext2_block:
        make_ext2(test, img)
        spec = img
        if d.fail_page:
            path, page = d.fail_page
            block = int(subprocess.run([DEBUGFS, '-R', f'bmap {path} {page}', img], check=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                        .stdout.split()[-1])
            spec = blkdebug(test, img, block * d.ext2_block // 512)
        return spec + (',readonly=on' if d.read_only else ''), img
    with open(img, 'wb') as f:
        f.write(b''.join(host_sector(s) for s in range(d.sectors)))
    spec = img if d.fail_sector is None else blkdebug(test, img, d.fail_sector)
    return spec + (',readonly=on' if d.read_only else ''), img


def blkdebug(test, img, sector):
    """img attached through QEMU's blkdebug, which fails every read of sector."""
    conf = os.path.join(LOGS, test.name + '.blkdebug')
    with open(conf, 'w') as f:
        f.write(f'[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "{sector}"\n')
    return f'blkdebug:{conf}:{img}'


def check_disk(test, img):
    """The image after the guest powered off: None, or what is wrong."""
    if test.disk.ext2_block:
        log = os.path.join(LOGS, (test.then or test).name + '.log')
        return None if test.disk.damage else check_ext2(img, test.disk.files, log)
    data = open(img, 'rb').read()
    if len(data) != test.disk.sectors * 512:
        return f'the image is {len(data)} bytes, not {test.disk.sectors * 512}'
    for s in range(test.disk.sectors):
        want = guest_sector(s) if s in test.disk.written else host_sector(s)
        if data[s * 512:(s + 1) * 512] != want:
            whose = "the guest's" if s in test.disk.written else "the host's"
            return f'after power-off, sector {s} of the image does not hold {whose} pattern'
    return None


@dataclass
class Test:
    name: str
    append: str
    expect: list                      # regexes, in this order on the console
    anywhere: list = field(default_factory=list)    # regexes, each somewhere on it
    forbid: list = field(default_factory=lambda: [r'panic'])
    status: int = 0                   # QEMU's exit status
    timeout: int = 60
    machine: str = 'virt'             # QEMU -M value
    cpu: str = 'cortex-a76'           # QEMU -cpu value (PAN, hardware access flag; cortex-a72: neither)
    typed: list = None                # lines typed at the shell, one per prompt (or Keys)
    qemu_args: list = field(default_factory=list)   # added to QEMU's command line
    kernel: str = None                # the image to boot (None: KERNEL, read at boot time)
    disk: Disk = None                 # a disk image made for the test (None: no disk)
    mem: str = '256M'                 # the guest's memory
    then: 'Test' = None               # a second boot on the same disk, checked the same way
    smp: int = None                   # CPUs (None: the suite's, --smp or $SMP, default 4)


@dataclass
class Keys:
    """Keys typed while a program runs, not at a prompt: `keys` as they are
    (no Enter after them), once `after` (a regex on the transcript as the
    checks see it, lines ending in a newline) has appeared since the last
    thing typed, and a moment more (SETTLE_SECONDS), so that the program
    has started for real (Ctrl-C for a program still being started would
    reach the shell instead)."""
    keys: str
    after: str


SETTLE_SECONDS = 0.5


# init's last line: the free-page count before the file server started and
# after every process, the file server too, was reaped. Every boot that gets
# there must have them equal: whatever a test did, nothing may be lost.
ALL_DONE = re.compile(r'init: all programs done; free pages before (-?\d+), after (-?\d+)')

KILLED = r'bower: killed fault \(pid \d+\): '


def any_order(*patterns):
    """One expected pattern that holds when each of these appears after the
    previous expected one, in any order among themselves."""
    return '(?s)' + ''.join(f'(?=.*?{p})' for p in patterns)


TESTS = [
    Test('boot', 'run=hello:a:b',
         [r'Bower kernel booting \(entered at EL1', r'init: pid 1, main reached',
          r"hello from hello \(pid \d+\) with 2 arguments 'a' 'b'",
          r'init: hello \(pid \d+\) exited with status 0', r'init: all programs done']),
    Test('boot_from_el2', 'run=hello,threads',
         [r'Bower kernel booting \(entered at EL2, running at EL1\)', r'hello from hello',
          r'threads: both threads made progress', r'init: all programs done'],
         machine='virt,virtualization=on', cpu='cortex-a72'),
    # The boot check of W^X, PXN and PAN (kernel/arch/aarch64/protect.c)
    # panics if one is missing, so these lines appear only if they hold.
    Test('protections_a72', 'run=hello',
         [r'bower: W\^X kernel, PXN, PAN not available\n', r'hello from hello'], cpu='cortex-a72'),
    Test('protections_a76', 'run=hello,fstest,mmaptest,llmcap,pagertest,fault:kernel,fault:exec-kernel',
         [r'bower: W\^X kernel, PXN, PAN on\n', r'hello from hello',
          r'fstest: 0 checks failed', r'mmaptest: 0 checks failed', r'llmcap: 0 checks failed',
          r'pagertest: 0 checks failed',
          KILLED + r'segmentation fault \(no mapping\) on read at address 0xffff000040200000',
          KILLED + r'segmentation fault \(no mapping\) on execute at address 0xffff000040200000',
          r'init: all programs done'], cpu='cortex-a76', timeout=120),
    Test('boot_from_el2_a76', 'run=hello,threads',
         [r'Bower kernel booting \(entered at EL2, running at EL1\)', r'bower: W\^X kernel, PXN, PAN on\n',
          r'hello from hello', r'threads: both threads made progress', r'init: all programs done'],
         machine='virt,virtualization=on', cpu='cortex-a76'),
    # FP/SIMD registers move between threads only when used (fpu.c): two
    # processes of two threads each, all holding their own values.
    Test('fp_registers_per_thread', 'par=fptest,fptest',
         [r'fptest: 0 checks failed', r'fptest: 0 checks failed']),
    Test('exit_status', 'run=exitcode:42,exitcode:0',
         [r'init: exitcode \(pid \d+\) exited with status 42',
          r'init: exitcode \(pid \d+\) exited with status 0']),
    Test('bad_syscall_args', 'run=badsys,hello',
         [r'badsys: 0 of \d+ calls returned the wrong result',
          r'init: badsys \(pid \d+\) exited with status 0', r'hello from hello']),
    Test('fault_kills_program',
         'run=fault:null,fault:write-ro,fault:kernel,fault:exec-kernel,fault:exec-data,fault:illegal,'
         'fault:unmapped,hello',
         [KILLED + r'segmentation fault \(no mapping\) on read at address 0x0,',
          r'init: fault \(pid \d+\) was killed \(signal 11\)',
          KILLED + r'segmentation fault \(permission denied\) on write at address 0x4',
          KILLED + r'segmentation fault \(no mapping\) on read at address 0xffff000040200000',
          KILLED + r'segmentation fault \(no mapping\) on execute at address 0xffff000040200000',
          KILLED + r'segmentation fault \(permission denied\) on execute',
          KILLED + r'illegal instruction',
          r'init: fault \(pid \d+\) was killed \(signal 4\)',
          KILLED + r'segmentation fault \(no mapping\) on read at address 0x7000000000',
          r'hello from hello', r'init: all programs done']),
    # On several CPUs the two run side by side: their lines come in any order.
    Test('fault_while_another_runs', 'par=worker,fault:null',
         [any_order(KILLED + r'segmentation fault', r'worker: finished its work',
                    r'init: worker \(pid \d+\) exited with status 0',
                    r'init: fault \(pid \d+\) was killed')]),
    Test('preemption', 'run=threads',
         [r'threads: both threads made progress',
          r'init: threads \(pid \d+\) exited with status 0']),
    Test('anonymous_memory', 'run=memtest',
         [r'memtest: 0 checks failed', r'init: memtest \(pid \d+\) exited with status 0']),
    Test('unmap_frees_tables', 'run=tablefree',
         [r'tablefree: 0 checks failed', r'init: tablefree \(pid \d+\) exited with status 0'],
         timeout=240),
    Test('capabilities_and_notifications', 'run=captest',
         [r'captest: 0 checks failed', r'init: captest \(pid \d+\) exited with status 0']),
    Test('pager_maps_ahead_of_faults', 'run=aheadtest',
         [r'aheadtest: 0 checks failed', r'init: aheadtest \(pid \d+\) exited with status 0']),
    Test('wait_for_a_signal_or_a_free_cpu', 'run=idlewait',
         [r'idlewait: 0 checks failed', r'init: idlewait \(pid \d+\) exited with status 0']),
    Test('ipc_call_reply_badges_caps', 'run=ipctest',
         [r'ipctest: 3 clients, 3 distinct badges, 3 capabilities passed, 3 connections closed, 0 problems',
          r'init: ipctest \(pid \d+\) exited with status 0']),
    # A call, a receive and a fault each end straight from the trap frame
    # when a parked thread is returned to user mode (sched_park): every
    # register the call does not answer in comes back, flags and thread
    # pointer too (user/tests/regtest.c).
    Test('registers_survive_calls_and_faults', 'run=regtest,hello',
         [r'regtest: 0 checks failed', r'init: regtest \(pid \d+\) exited with status 0',
          r'hello from hello']),
    Test('ipc_peer_dies', 'run=ipcfail',
         [r'ipcfail: 0 scenarios went wrong', r'init: ipcfail \(pid \d+\) exited with status 0']),
    # A call's bulk buffer (kernel/ipc/ipc_bulk.c): what the server may copy,
    # a caller killed mid-call, buffers in file and MAP_LLM mappings.
    Test('ipc_bulk_copies', 'run=bulkfail,hello',
         [r'bulkfail: 0 checks failed', r'init: bulkfail \(pid \d+\) exited with status 0',
          r'hello from hello'], forbid=[r'panic', r'WRONG']),
    Test('file_data_bulk', 'run=bulkfile,hello',
         [r'bulkfile: free pages before (\d+), after 1 rounds \1\n', r'bulkfile: nothing lost',
          r'bulkfile: 0 checks failed', r'init: bulkfile \(pid \d+\) exited with status 0',
          r'hello from hello'], forbid=[r'panic', r'WRONG'], timeout=120),
    Test('file_api', 'run=fstest,fstest',
         [r'fstest: 0 checks failed', r'init: fstest \(pid \d+\) exited with status 0',
          r'fstest: 0 checks failed', r'init: fstest \(pid \d+\) exited with status 0']),
    Test('libc_on_bower', 'run=libctest',
         [r'libctest: 0 checks failed', r'init: libctest \(pid \d+\) exited with status 0']),
    Test('posix_dev_null_and_zero', 'run=devfiles',
         [r'devfiles: 0 checks failed', r'init: devfiles \(pid \d+\) exited with status 0']),
    Test('posix_empty_path', 'run=emptypath',
         [r'emptypath: 0 checks failed', r'init: emptypath \(pid \d+\) exited with status 0']),
    Test('posix_sleep', 'run=sleeptest',
         [r'sleeptest: 0 checks failed', r'init: sleeptest \(pid \d+\) exited with status 0']),
    # rename, fstat, a hole past the end, the real-time clock (Linux too).
    Test('posix_files_and_clock', 'run=filetimes',
         [r'filetimes: 0 checks failed', r'init: filetimes \(pid \d+\) exited with status 0']),
    Test('posix_removed_file_lives_while_mapped', 'run=unlinkmap,fileleak:20',
         [r'unlinkmap: 0 checks failed', r'init: unlinkmap \(pid \d+\) exited with status 0',
          r'fileleak: nothing lost']),
    Test('posix_dup_dup2_fcntl', 'run=duptest',
         [r'duptest: 0 checks failed', r'init: duptest \(pid \d+\) exited with status 0']),
    Test('posix_environment', 'run=envtest',
         [r'envtest: 0 checks failed', r'init: envtest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ']),
    Test('posix_threads', 'run=pthreadtest',
         [r'pthreadtest: 0 checks failed', r'init: pthreadtest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ', r'panic'], timeout=120),
    # Locking pages in memory: mlock brings them in, mlockall(MCL_FUTURE)
    # each new mapping; the free-page count comes back (init's line).
    Test('posix_mlock', 'run=mlocktest',
         [r'mlocktest: 0 checks failed', r'init: mlocktest \(pid \d+\) exited with status 0',
          r'free pages before (\d+), after \1;'],
         forbid=[r'FAIL: ', r'panic'], timeout=60),
    # Signals: handlers, masks, faults' handlers, signals between threads
    # and to children, and the hostile cases (docs/signals.md).
    Test('posix_signals', 'run=sigtest',
         [r'sigtest: 0 checks failed', r'init: sigtest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ', r'panic'], timeout=120),
    Test('posix_shared_memory_objects', 'run=shmtest',
         [r'shmtest: 0 checks failed', r'init: shmtest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ', r'panic']),
    Test('posix_munmap_parts_and_map_fixed', 'run=munmaptest',
         [r'munmaptest: 0 checks failed', r'init: munmaptest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ']),
    Test('posix_mprotect', 'run=mprotecttest',
         [r'mprotecttest: 0 checks failed', r'init: mprotecttest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ']),
    Test('posix_sysconf_and_clocks', 'run=sysconftest',
         [r'sysconftest: 0 checks failed', r'init: sysconftest \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ']),
    Test('posix_private_mappings_copy_on_write', 'run=privatemap,privatemap',
         [r'privatemap: 0 checks failed', r'init: privatemap \(pid \d+\) exited with status 0'],
         forbid=[r'FAIL: ']),
    Test('posix_working_directory', 'run=cwdtest',
         [r'cwdtest child: 0 checks failed', r'cwdtest: 0 checks failed',
          r'init: cwdtest \(pid \d+\) exited with status 0']),
    Test('posix_kill_and_wnohang', 'run=killtest',
         [r'killtest: 0 checks failed', r'init: killtest \(pid \d+\) exited with status 0']),
    Test('posix_pipes_and_spawn', 'run=pipeio',
         [r'pipeio: 0 checks failed', r'init: pipeio \(pid \d+\) exited with status 0']),
    Test('posix_msync_unmapped', 'run=msynctest',
         [r'msynctest: 0 checks failed', r'init: msynctest \(pid \d+\) exited with status 0']),
    Test('posix_cpu_time_timers', 'run=cputimer',
         [r'cputimer: 0 checks failed', r'init: cputimer \(pid \d+\) exited with status 0']),
    Test('posix_spawn_attributes', 'run=spawnattr',
         [r'spawnattr: 0 checks failed', r'init: spawnattr \(pid \d+\) exited with status 0']),
    Test('posix_cpu_affinity', 'run=affinity',
         [r'affinity: 0 checks failed', r'init: affinity \(pid \d+\) exited with status 0']),
    Test('posix_process_shared_waits', 'run=psharedtest',
         [r'psharedtest: 0 checks failed', r'init: psharedtest \(pid \d+\) exited with status 0',
          r'free pages before (\d+), after \1;']),
    Test('posix_poll_and_select', 'run=polltest',
         [r'polltest: 0 checks failed', r'init: polltest \(pid \d+\) exited with status 0',
          r'free pages before (\d+), after \1;']),
    Test('posix_file_system_statistics', 'run=statfstest',
         [r'statfstest: 0 checks failed', r'init: statfstest \(pid \d+\) exited with status 0',
          r'free pages before (\d+), after \1;']),
    Test('posix_memory_limits', 'run=memlimit',
         [r'memlimit: 0 checks failed', r'init: memlimit \(pid \d+\) exited with status 0',
          r'free pages before (\d+), after \1;']),
    Test('posix_descriptor_limit', 'run=fdlimit',
         [r'PASS: fdlimit: the last descriptor is 1099 \(more than 1024 open\)',
          r'fdlimit: 0 checks failed', r'init: fdlimit \(pid \d+\) exited with status 0']),
    Test('seed_example', 'run=sparse_example',
         [r'Accessed page 0, first byte: A', r'Accessed page 2, first byte: C',
          r'Accessed page 5, first byte: F', r'Accessed page 6, first byte: G',
          r'Accessed page 8, first byte: I',
          r'init: sparse_example \(pid \d+\) exited with status 0']),
    Test('file_mappings', 'run=mmaptest,hello',
         [r'bower: killed mmaptest \(pid \d+\): bus error \(access beyond the end of the file\)',
          r'mmaptest: 0 checks failed', r'init: mmaptest \(pid \d+\) exited with status 0',
          r'hello from hello']),
    # The same tests of file mappings on the disk's ext2, through a cache
    # of 16 pages (writable shared ones write back); e2fsck after.
    Test('file_mappings_on_the_disk',
         'cache=16 run=mmaptest:/disk,munmaptest:/disk,privatemap:/disk,mprotecttest:/disk',
         [r'bower: killed mmaptest \(pid \d+\): bus error \(access beyond the end of the file\)',
          r'mmaptest: 0 checks failed', r'munmaptest: 0 checks failed',
          r'privatemap: 0 checks failed', r'mprotecttest: 0 checks failed'],
         forbid=[r'FAIL: ', r'WRONG', r'panic'], disk=Disk(ext2_block=4096), timeout=120),
    Test('pager_protocol', 'run=pagertest,hello',
         [r'bower: killed pagertest \(pid \d+\): segmentation fault',
          r"bower: killed pagertest \(pid \d+\): bus error \(the file's pager could not provide the page\)",
          r'pagertest: the pager exits with a fault pending',
          r"bower: killed pagertest \(pid \d+\): bus error \(the file's pager is gone\)",
          r'pagertest: 0 checks failed', r'init: pagertest \(pid \d+\) exited with status 0',
          r'hello from hello']),
    # Calls sleeping in slow user memory while another thread deletes,
    # kills or unmaps what they looked up (user/tests/racetest.c).
    Test('races_through_slow_memory', 'run=racetest,hello',
         [r'racetest: call: 0 wrong', r'racetest: reply: 0 wrong', r'racetest: spawn: 0 wrong',
          r'racetest: room: 0 wrong', r'racetest: recv: 0 wrong', r'racetest: deadring: 0 wrong',
          r'racetest: pipe: 0 wrong',
          r'racetest: 9 scenarios, 3 rounds, 0 failed; free pages before (\d+) after \1\b',
          r'init: racetest \(pid \d+\) exited with status 0', r'hello from hello'],
         forbid=[r'panic', r'WRONG']),
    # Pipes (kernel/object/pipe.c): order, the end, EPIPE, bad pointers, a
    # peer killed in its call, pipes until the table and then memory run out.
    Test('pipes', 'run=pipetest,hello',
         [r'pipetest: \d+ pipes before EMFILE', r'pipetest: \d+ pipes more .* before ENOMEM',
          r'pipetest: 0 checks failed', r'init: pipetest \(pid \d+\) exited with status 0',
          r'hello from hello'], forbid=[r'panic', r'WRONG'], timeout=180),
    Test('pager_answer_without_memory', 'run=pagernomem,hello',
         [r'pagernomem: 0 wrong', r'init: pagernomem \(pid \d+\) exited with status 0',
          r'hello from hello'], forbid=[r'panic', r'WRONG']),
    Test('llm_cap_and_counters', 'run=llmcap',
         [r'llmcap: \d+ evictions', r'llmcap: 0 checks failed',
          r'init: llmcap \(pid \d+\) exited with status 0']),
    # A learned run's second fault is answered by the kernel with the pages
    # the pager's first answer held (docs/llm.md), once the model's walk
    # fills a batch alone: in some run after the first (which one depends
    # on when the pager found time to learn).
    Test('test_llm_learns', 'run=test_llm,test_llm,test_llm,test_llm,test_llm',
         [r'test_llm: \d+ page faults'] + [
          r'test_llm: 2 page faults for 32 accesses \(cap 16\)\S*.*\n'
          r'test_llm: \d map calls, [01] held.*\n'
          r'llm page fault times 2\n'
          r'llm page fault times <= 16\n'
          r'llm page fault time <= 8\n'
          r'llm page fault time <= 2\n'
          r'init: test_llm \(pid \d+\) exited with status 0'] * 2,
         anywhere=[r'test_llm: 1 map calls, 1 held'], cpu='cortex-a72'),
    # The model is the program's, not the inode's: a program that makes its
    # file anew each run and removes it learns as one that keeps its file,
    # and a file of the same name but other contents starts cold. On
    # cortex-a72, where each first use of a prefetched page traps and is
    # reported in the order the program touched the pages: on a core that
    # sets the access flag itself the kernel learns the uses only at the
    # next fault, in the order the pages were prefetched, and the new
    # starts of seeds 4 to 6 take a run or two longer to learn. Cold is 4
    # faults or more: a cold run learns the rule within itself (about 9),
    # a learned one takes 2 or 3.
    Test('test_llm_learns_across_recreated_files',
         'run=' + ','.join(f'test_llm:{s}:recreate' for s in range(1, 7)) + ',test_llm:7:other',
         [r'test_llm: ([4-9]|[1-9]\d) page faults'] +
         [r'test_llm: 2 page faults for 32 accesses'] * 3 +
         [r'init: test_llm \(pid \d+\) exited with status 0 after \d+ ticks\n'
          r'(?:.*\n)*?.*test_llm: ([4-9]|[1-9]\d) page faults'],
         timeout=120, cpu='cortex-a72'),
    # A CPU that sets the access flag itself: no trap tells the kernel a
    # prefetched page was used, it looks at the next fault (llm_collect_used).
    Test('test_llm_learns_hw_access_flag', 'run=test_llm,test_llm,test_llm,test_llm',
         [r'test_llm: \d+ page faults'] + [
          r'test_llm: 2 page faults for 32 accesses \(cap 16\); 30 pages prefetched, 30 of them used\n'
          r'test_llm: \d map calls, [01] held.*\n'
          r'llm page fault times 2\n'] * 2,
         anywhere=[r'test_llm: 1 map calls, 1 held'], cpu='cortex-a76'),
    Test('test_llm_without_prediction', 'predictor=none run=test_llm,test_llm',
         [r'test_llm: 32 page faults for 32 accesses', r'llm page fault times 32\ninit: test_llm'] * 2,
         forbid=[r'panic', r'llm page fault times <= 16']),
    Test('llm_cap_at_boot', 'llm_cap=8 run=test_llm,test_llm,test_llm',
         [r'test_llm: \d+ page faults for 32 accesses \(cap 8\)',
          r'test_llm: 4 page faults for 32 accesses \(cap 8\)']),
    Test('shell_runs_test_llm', '',
         [r'bower\$ test_llm\n.*\n.*\n.*llm page fault times \d+',
          r'bower\$ \./test_llm\n.*\n.*\n.*llm page fault times \d+',
          r'bower\$ \./test_llm\ntest_llm: 2 page faults.*\n.*\nllm page fault times 2\n'],
         typed=['test_llm', './test_llm', './test_llm', './test_llm', 'exit']),
    Test('no_leak_after_exit', 'run=leakcheck:20',
         [r'leakcheck: free pages before (\d+), after 20 rounds \(500 processes\) \1\b',
          r'init: leakcheck \(pid \d+\) exited with status 0'], timeout=180),
    Test('no_leak_after_spawn_storm', 'run=spawnstorm:100',
         [r'spawnstorm: free pages before (\d+), after 100 rounds \1; 0 rounds went wrong',
          r'init: spawnstorm \(pid \d+\) exited with status 0'],
         timeout=180),
    Test('no_leak_files_mapped_truncated_removed', 'run=fileleak:100',
         [r'fileleak: free pages before (\d+), after 100 rounds \1\n',
          r'fileleak: file server heap (\d+) -> \1 bytes, data pages (\d+) -> \2, pool (\d+) -> \3,'
          r' files (\d+) -> \4, models (\d+) -> \5\n',
          r'fileleak: nothing lost', r'init: fileleak \(pid \d+\) exited with status 0'],
         timeout=120),
    Test('no_leak_llm_files_removed', 'run=llmleak:100',
         [r'llmleak: free pages before (\d+), after 100 rounds \1\n',
          r'llmleak: file server heap (\d+) -> \1 bytes, data pages (\d+) -> \2, pool (\d+) -> \3,'
          r' files (\d+) -> \4, models (\d+) -> \5\n',
          r'llmleak: nothing lost', r'init: llmleak \(pid \d+\) exited with status 0'],
         timeout=120),
    Test('file_system_holds_memory', 'run=fsfull',
         [r'fsfull: (\d+) MiB in \d+ files before the file system was full',
          r'fsfull: ok: with ENOSPC', r'fsfull: 0 checks failed',
          r'init: fsfull \(pid \d+\) exited with status 0'], timeout=120),
    Test('malformed_elf_refused', 'run=README,broken-elf,hello',
         [r'bower: cannot run README: not an ELF file',
          r'init: cannot start README: error 8',
          r'bower: cannot run broken-elf: ',
          r'init: cannot start broken-elf: error 8', r'hello from hello']),
    Test('shell_files', '',
         [r'Bower shell', r'bower\$ help', r'ls \[dir\]', r'echo words',
          r'bower\$ echo hello file > /greeting', r'bower\$ cat /greeting\nhello file\n',
          r'bower\$ echo more >> /greeting', r'bower\$ cat /greeting\nhello file\nmore\n',
          r'bower\$ mkdir /docs', r'bower\$ ls\nbin/\ndev/\ndocs/\ngreeting\ntmp/\n(?=bower)',
          r'bower\$ rm /greeting', r'bower\$ ls\nbin/\ndev/\ndocs/\ntmp/\n(?=bower)',
          r'bower\$ cat /greeting\ncat: /greeting: No such file or directory',
          r'bower\$ rmdir /docs\nbower\$ ls\nbin/\ndev/\ntmp/\nbower\$ exit',
          r'init: shell \(pid \d+\) exited with status 0'],
         typed=['help', 'echo hello file > /greeting', 'cat /greeting', 'echo more >> /greeting',
                'cat /greeting', 'mkdir /docs', 'ls', 'rm /greeting', 'ls', 'cat /greeting',
                'rmdir /docs', 'ls', 'exit']),
    Test('shell_runs_programs', '',
         [r"bower\$ hello a b\nhello from hello \(pid \d+\) with 2 arguments 'a' 'b'",
          r"bower\$ ./hello\nhello from ./hello \(pid \d+\) with 0 arguments",
          r'bower\$ exitcode 3\nshell: exitcode exited with status 3',
          r'bower\$ ./fault null\n.*\n' + KILLED + r'.*\nshell: ./fault was killed \(signal 11: segmentation fault\)',
          r'bower\$ nosuch\nshell: nosuch: command not found',
          r'bower\$ fstest\n(fstest: ok.*\n)+fstest: 0 checks failed',
          r'bower\$ exit 5', r'init: shell \(pid \d+\) exited with status 5'],
         typed=['hello a b', './hello', 'exitcode 3', './fault null', 'nosuch', 'fstest', 'exit 5']),
    # The environment: export and NAME=value for one command reach the
    # programs the shell starts (printenv); env lists it, unset drops it.
    Test('shell_environment', '',
         [r'bower\$ export GREETING=hello\nbower\$ printenv GREETING\nhello\n',
          r'bower\$ WHO=you printenv WHO GREETING\nyou\nhello\n',
          r'bower\$ printenv WHO\n.*exited with status 1',
          r'bower\$ env\n(.*\n)*GREETING=hello\n',
          r'bower\$ unset GREETING\nbower\$ printenv GREETING\n.*exited with status 1',
          r'bower\$ X=1\nbower\$ printenv X\n1\n'],
         forbid=[r'panic'],
         typed=['export GREETING=hello', 'printenv GREETING', 'WHO=you printenv WHO GREETING',
                'printenv WHO', 'env', 'unset GREETING', 'printenv GREETING', 'X=1', 'printenv X',
                'exit']),
    # /bin: the ramdisk's programs as read-only files, run by name or path.
    Test('shell_bin', '',
         [r'bower\$ ls /bin\n(\S+\n)*hello\n(\S+\n)*test_llm\n',
          r"bower\$ /bin/hello x\nhello from /bin/hello \(pid \d+\) with 1 argument 'x'",
          r"bower\$ hello\nhello from hello ",
          r'bower\$ cat /bin/README\nThis is Bower\'s initial ramdisk',
          r'bower\$ rm /bin/hello\nrm: /bin/hello: Read-only file system',
          r'bower\$ echo x > /bin/hello\nshell: /bin/hello: Read-only file system',
          r'bower\$ echo x > /notes\nbower\$ /notes\nshell: /notes: cannot run: Permission denied',
          r'bower\$ /bin/nosuch\nshell: /bin/nosuch: command not found',
          r"bower\$ ls /bin/hello\n/bin/hello\n"],
         typed=['ls /bin', '/bin/hello x', 'hello', 'cat /bin/README', 'rm /bin/hello',
                'echo x > /bin/hello', 'echo x > /notes', '/notes', '/bin/nosuch',
                'ls /bin/hello', 'exit']),
    # cd and pwd: the working directory, which programs started from the
    # shell start in (wc opens its file by a relative path).
    Test('shell_working_directory', '',
         [r'bower\$ pwd\n/\n', r'bower\$ cd docs\nbower\$ pwd\n/docs\n',
          r'bower\$ ls\nnote\n', r'bower\$ cat /docs/note\none two\n',
          r'bower\$ wc note\n1 2 8 note\n', r'bower\$ cd \.\.\nbower\$ pwd\n/\n',
          r'bower\$ ls docs\nnote\n',
          r'bower\$ cd /nosuch\ncd: /nosuch: No such file or directory\n',
          r'bower\$ cd /docs/note\ncd: /docs/note: Not a directory\nbower\$ pwd\n/\n',
          r'bower\$ cd /bin\nbower\$ \./hello\nhello from \./hello',
          r'bower\$ wc README\n2 \d+ \d+ README\n',
          r'bower\$ cd\nbower\$ pwd\n/\n', r'init: shell \(pid \d+\) exited with status 0'],
         typed=['pwd', 'mkdir /docs', 'cd docs', 'pwd', 'echo one two > note', 'ls',
                'cat /docs/note', 'wc note', 'cd ..', 'pwd', 'ls docs', 'cd /nosuch',
                'cd /docs/note', 'pwd', 'cd /bin', './hello', 'wc README', 'cd', 'pwd', 'exit']),
    # Up and Down bring back earlier lines; Tab completes commands (built-ins
    # and /bin) and paths, listing the matches when they share no more.
    Test('shell_history_and_completion', '',
         [r'bower\$ echo first\nfirst\n', r'bower\$ echo second\nsecond\n',
          r'bower\$ echo second\nsecond\n',
          r'bower\$ echo second(\x08 \x08){11}echo first\nfirst\n',
          r"bower\$ hel\nhello  help\nbower\$ hello a\nhello from hello \(pid \d+\) with 1 argument 'a'",
          r'bower\$ e\necho  emptypath  env  envtest  exit  exitcode  export\nbower\$ e\nshell: e: command not found',
          r'bower\$ cat /docs/report\nreport1  report2\nbower\$ cat /docs/report2\ny\n',
          r'bower\$ cd /docs/\nbower\$ pwd\n/docs\n',
          r"bower\$ cat \.\./bin/README \nThis is Bower's initial ramdisk",
          r'bower\$ exitcode 3\nshell: exitcode exited with status 3',
          r'bower\$ history\n\s+1  echo first\n\s+2  echo second\n\s+3  echo first\n\s+4  hello a\n'],
         typed=['echo first', 'echo second', '\x1b[A', '\x1b[A\x1b[A\x1b[A', 'hel\tlo a', 'e\t',
                'mkdir /docs', 'echo x > /docs/report1', 'echo y > /docs/report2',
                'cat /do\tr\t\t2', 'cd /do\t', 'pwd', 'cat ../bin/RE\t', 'exitc\t3', 'history',
                'exit']),
    # ps, kill and free: processes and memory as the kernel and the file
    # server report them.
    Test('shell_processes_and_memory', '',
         [r'bower\$ ps\n  PID  PPID STATE   THREADS NAME +WAITING IN\n'
          r'    1     0 waiting       1 init +wait\n'
          r'    2     1 (waiting|running)       2 fs +(ipc_reply_recv)?\n'
          r'    3     1 running       1 shell +\n',
          r'bower\$ free\n +pages +KiB\ntotal +(\d+) +\d+\nused +\d+ +\d+\nfree +\d+ +\d+\n'
          r'file server: 0 pages of file data in a pool of 0 \(0 KiB\), \d+ bytes of heap, \d+ files\n',
          r'bower\$ echo some > /notes\nbower\$ free\n(.*\n){4}file server: 1 pages of file data in a pool of 256 \(1024 KiB\)',
          r'bower\$ kill 2\nkill: 2: not started by this shell\n',
          r'bower\$ kill 999\nkill: 999: No such process\n',
          r'bower\$ kill 3\nkill: 3: that is this shell', r'bower\$ kill x\nkill: x: not a process id'],
         typed=['ps', 'free', 'echo some > /notes', 'free', 'kill 2', 'kill 999', 'kill 3', 'kill x',
                'exit']),
    # Ctrl-C stops the foreground program, computing or asleep, and only it;
    # & runs in the background, jobs and wait follow it, kill %N ends it.
    Test('shell_jobs_and_ctrl_c', '',
         [r'bower\$ spin\nspin: computing until stopped\n'
          r'bower: killed spin \(pid \d+\): interrupted \(Ctrl-C\)\n'
          r'shell: spin was killed \(signal 2: interrupt\)\n',
          r'bower\$ spin sleep\nspin: sleeping until stopped\n'
          r'bower: killed spin \(pid \d+\): interrupted \(Ctrl-C\)\n',
          r'bower\$ sleep 0\.3 &\n\[1\] \d+\n', r'bower\$ sleep 0\.2 &\n\[2\] \d+\n',
          r'bower\$ jobs\n\[1\] running  sleep 0\.3\n\[2\] running  sleep 0\.2\n',
          r'bower\$ wait\n\[1\] done  sleep 0\.3\n\[2\] done  sleep 0\.2\n',
          # the job may say it sleeps before the shell says its number
          r'bower\$ spin sleep &\n(?:spin: sleeping until stopped\n)?\[1\] (\d+)\n',
          r'(bower\$ |\n)spin\n(.*\n)?spin: computing until stopped\n'
          r'bower: killed spin \(pid \d+\): interrupted \(Ctrl-C\)\n',
          r'bower\$ ps\n(.*\n)+ +\d+ +\d+ waiting +1 spin +sleep_until\n',
          # the job's end is told once: at the prompt after the kill if
          # it has ended by then (with several CPUs it often has), or by wait
          r'bower\$ kill %1\nbower: killed spin \(pid \d+\): ended by shell[^\n]*\n'
          r'(\[1\] was killed \(signal 9: killed\)  spin sleep\nbower\$ wait\n(?!\[1\])'
          r'|bower\$ wait\n\[1\] was killed \(signal 9: killed\)  spin sleep\n)',
          r'bower\$ exitcode 4 &\n\[1\] \d+\nbower\$ wait\n\[1\] exited with status 4  exitcode 4\n',
          r'bower\$ echo in the background &\n\[1\] \d+\n(bower\$ (wait\n)?)?in the background\n',
          r'\[1\] done  echo in the background\n',
          r'bower\$ wc\nbower: killed wc \(pid \d+\): interrupted \(Ctrl-C\)\n.*\nbower\$ echo after\nafter\n',
          r'init: shell \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'typed ahead'],
         typed=['spin', Keys('\x03', r'spin: computing until stopped\n'),
                'spin sleep', Keys('\x03', r'spin: sleeping until stopped\n'),
                'sleep 0.3 &', 'sleep 0.2 &', 'jobs', 'wait', 'spin sleep &',
                # The job's line first: on several CPUs it would come amid the echo.
                Keys('spin\r', any_order(r'spin: sleeping until stopped\n', r'bower\$ ')),
                Keys('\x03', r'spin: computing until stopped\n'), 'ps', 'kill %1', 'wait',
                'exitcode 4 &', 'wait', 'echo in the background &', 'wait',
                'wc', Keys('typed ahead\r\x03', r'wc\n'), 'echo after', 'exit']),
    # A program that catches SIGINT goes on after Ctrl-C, and ends when its
    # handler says so (docs/signals.md).
    Test('shell_ctrl_c_caught', '',
         [r'bower\$ spin catch\nspin: computing until stopped\n',
          r'spin: caught SIGINT, going on\n',
          r'shell: spin catch exited with status 3\n|exited with status 3',
          r'init: shell \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'killed spin'],
         typed=['spin catch', Keys('\x03', r'spin: computing until stopped\n'),
                Keys('\x03', r'spin: caught SIGINT, going on\n'), 'exit']),
    # time CMD: wall time by the counter, its ticks, and what they are in
    # instructions under -icount shift=0 (16 a tick at 62.5 MHz), which this
    # boot uses.
    Test('shell_time', '',
         [r'bower\$ time sleep 0\.2\nreal   0\.2\d\d s\nticks  1\d{7} \(the counter, at 62500000 Hz\)\n'
          r"instr  \d+ \(16 a tick, under QEMU's -icount shift=0; waiting counts too\)\n",
          r'bower\$ time hello\nhello from hello .*\nreal   0\.\d{3} s\nticks  (\d+) .*\ninstr  \d+ ',
          r'bower\$ time echo hi\nhi\nreal ',
          r'bower\$ time exitcode 2\nshell: exitcode exited with status 2\nreal ',
          r'bower\$ time\ntime: usage: time command'],
         typed=['time sleep 0.2', 'time hello', 'time echo hi', 'time exitcode 2', 'time', 'exit'],
         qemu_args=['-icount', 'shift=0']),
    # a | b through a kernel pipe, < and > (and >>) for programs and
    # built-ins, in pipelines too; Ctrl-C stops a whole pipeline.
    Test('shell_pipes_and_redirection', '',
         [r'bower\$ echo one two three \| wc\n1 3 14\n', r'bower\$ ls /bin \| wc\n\d\d \d\d \d+\n',
          r'bower\$ echo some words > /f\nbower\$ wc < /f\n1 2 11\n',
          r'bower\$ cat < /f \| wc\n1 2 11\n',
          r'bower\$ wc /f > /g\nbower\$ cat /g\n1 2 11 /f\n',
          r'bower\$ echo again \| wc >> /g\nbower\$ cat /g\n1 2 11 /f\n1 1 6\n',
          r'bower\$ echo a \| cat \| cat \| wc\n1 1 2\n',
          r'bower\$ hello \| wc\n1 8 4\d\n',
          r'bower\$ wc < /nosuch\nshell: /nosuch: No such file or directory\n',
          r'bower\$ hello > /nodir/x\nshell: /nodir/x: No such file or directory\n',
          r'bower\$ hello \| nosuch\nshell: nosuch: command not found\n(?=bower)',
          r'bower\$ spin \| wc\nspin: computing until stopped\n'
          r'bower: killed spin \(pid \d+\): interrupted \(Ctrl-C\)\n'
          r'bower: killed wc \(pid \d+\): interrupted \(Ctrl-C\)\n',
          r'bower\$ cat /f \| wc &\n(.*\n)*?\[1\] done  cat /f \| wc\n',
          r'bower\$ hello \|\nshell: syntax error near end of line\n',
          r'init: shell \(pid \d+\) exited with status 0'],
         typed=['echo one two three | wc', 'ls /bin | wc', 'echo some words > /f', 'wc < /f',
                'cat < /f | wc', 'wc /f > /g', 'cat /g', 'echo again | wc >> /g', 'cat /g',
                'echo a | cat | cat | wc', 'hello | wc', 'wc < /nosuch', 'hello > /nodir/x',
                'hello | nosuch', 'spin | wc', Keys('\x03', r'spin: computing until stopped\n'),
                'cat /f | wc &', 'wait', 'hello |', 'exit']),
    Test('shell_line_editing', '',
         [r'bower\$ ecjo\x08 \x08\x08 \x08ho fixed\nfixed\n',
          r'bower\$ (garbage)(\x08 \x08){7}echo cleared\ncleared\n',
          r'bower\$ echo "two  spaces"\ntwo  spaces\n',
          r'bower\$ echo "open\nshell: unmatched quote'],
         typed=['ecjo\x7f\x7fho fixed', 'garbage\x15echo cleared', 'echo "two  spaces"',
                'echo "open', 'exit']),
    # The system call fuzzer (user/servers/fuzz/, docs/syscalls.md), briefly:
    # three seeds in safe mode, each checked against the documented errors
    # and for lost pages; and one seed twice, which must make the same calls.
    Test('fuzz_syscalls', 'run=fuzz:1:3000:safe,fuzz:2:3000:safe,fuzz:3:3000:safe',
         [rf'fuzz: seed {s} \(safe\): \d+ calls, 0 wrong answers, free pages before (\d+) after \1;'
          for s in (1, 2, 3)] + [r'init: fuzz \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'fuzz: wrong answer', r'fuzz: seed \d+: the fuzzing process was killed'],
         timeout=120),
    # Hostile mode: main's own slots in the calls (ports it deletes while a
    # peer holds a copy, say). Seed 35 once hung, calling its own port
    # after its last capability to receive on it had gone.
    Test('fuzz_syscalls_hostile', 'run=fuzz:35:100000:hostile',
         [r'fuzz: seed 35 \(hostile\): \d+ calls, 0 wrong answers, free pages before (\d+) after \1;',
          r'init: fuzz \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'fuzz: wrong answer', r'fuzz: seed \d+: the fuzzing process was killed'],
         timeout=120),
    Test('fuzz_same_seed_same_calls', 'run=fuzz:4:2000:safe,fuzz:4:2000:safe',
         [r'fuzz: seed 4 \(safe\): \d+ calls, 0 wrong answers, .*calls digest (\w+)\n'
          r'(?:.*\n)*?.*fuzz: seed 4 \(safe\): \d+ calls, 0 wrong answers, .*calls digest \1\n'],
         timeout=120),
    # Devices by capability and the block driver (docs/devices.md). The
    # disk rows make their image and check it after the power-off.
    Test('disk_read_write', 'run=blktest:8192',
         [r'blk: 8192 sectors \(4096 KiB\), read-write', r'blktest: 0 checks failed',
          r'init: blktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(written=range(4096, 4096 + 64)), timeout=90),
    Test('disk_from_the_shell', '',
         [r'bower\$ blktest 8192\n(?:.*\n)*?blktest: 0 checks failed', r'bower\$ exit'],
         forbid=[r'panic', r'WRONG'], typed=['blktest 8192', 'exit'],
         disk=Disk(written=range(4096, 4096 + 64)), timeout=90),
    Test('disk_device_error', 'run=blktest:8192:ioerror:2000',
         [r'blktest: ok: the failing sector is an I/O error', r'blktest: 0 checks failed',
          r'init: blktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(fail_sector=2000), timeout=90),
    Test('disk_read_only', 'run=blktest:8192:readonly',
         [r'blk: 8192 sectors \(4096 KiB\), read-only', r'blktest: 0 checks failed',
          r'init: blktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(read_only=True), timeout=90),
    Test('devices_without_capabilities', 'run=devtest',
         [r'devtest: ok: DMA memory gone, every page back', r'devtest: 0 checks failed',
          r'init: devtest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG']),
    Test('devices_held_by_a_driver', 'blk=devtest run=hello',
         [r'devtest: ok: killed drivers with their interrupt pending',
          r'devtest: ok: a new driver takes the interrupt over and reads',
          r'devtest: ok: drivers killed, no page lost', r'devtest: 0 checks failed',
          r'hello from hello', r'init: devtest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(), timeout=120),
    # ext2 at /disk (docs/storage.md): the host's files read back through a
    # small page cache, with both block sizes; the shell's view of them.
    Test('disk_ext2_1k', 'cache=64 run=disktest:4',
         [r'fs: /disk: ext2, \d+ blocks of 1024 bytes', r'disktest: 0 checks failed',
          r'init: disktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(ext2_block=1024), timeout=120),
    Test('disk_ext2_4k', 'cache=16 run=disktest:2',
         [r'fs: /disk: ext2, \d+ blocks of 4096 bytes', r'disktest: 0 checks failed',
          r'init: disktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(ext2_block=4096), timeout=120),
    # MAP_LLM over a disk file (docs/storage.md): the pager reads the
    # predicted rows into the cache; every way of reading agrees, and the
    # learned runs fault less. With 8 pages of cache a batch holds 3.
    Test('map_llm_over_a_disk_file', 'cache=64 run=llmsparse:/disk/big:check',
         [r'llmsparse: read, mmap and three MAP_LLM runs agree',
          r'llmsparse: the file server held no more than its cache and the file\'s model',
          r'llmsparse: MAP_LLM faults [2-9]\d\d, [1-9]?\d, [1-9]?\d\n',
          r'init: llmsparse \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(ext2_block=4096), timeout=180),
    # What a disk file's model learned is saved on the disk
    # (/disk/.profiles/big) and loaded at the next boot: its first MAP_LLM
    # run there faults as a learned one (a cold start takes over 200).
    Test('map_llm_profile_survives_reboot', 'cache=64 run=llmsparse:/disk/big:check',
         [r'llmsparse: MAP_LLM faults \d+, \d+, \d+\n'],
         forbid=[r'panic', r'WRONG'], disk=Disk(ext2_block=4096), timeout=180,
         then=Test('map_llm_profile_after_reboot', 'cache=64 run=llmsparse:/disk/big:llm',
                   [r'llmsparse: llm: 4 tokens, \d+ rows read, checksum [0-9a-f]+, [1-9]?[0-9] faults\n',
                    r'init: llmsparse \(pid \d+\) exited with status 0'],
                   forbid=[r'panic', r'WRONG', r'refused'], timeout=180)),
    # A page the disk cannot read, in a MAP_LLM mapping's batches: a
    # prediction's read that fails maps nothing, the touch of that page
    # is a bus error for its program alone, and the system goes on.
    Test('map_llm_disk_read_error', 'cache=64 run=disktest:llmbad,hello',
         [r'disktest: ok: MAP_LLM of a disk file',
          r'disktest: ok: pages before the bad one read right',
          r'bower: killed disktest \(pid \d+\): bus error \(the file\'s pager could not '
          r'provide the page\)', r'hello from hello'],
         forbid=[r'panic', r'WRONG'], disk=Disk(ext2_block=4096, fail_page=('/big', 100)),
         timeout=120),
    Test('map_llm_over_a_disk_file_small_cache', 'cache=8 run=llmsparse:/disk/big:check',
         [r'llmsparse: read, mmap and three MAP_LLM runs agree',
          r'llmsparse: MAP_LLM faults (\d+), (\d+), (\d+)\n',
          r'init: llmsparse \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], disk=Disk(ext2_block=1024), timeout=180),
    Test('disk_ext2_write', 'cache=32 run=disktest:write',
         [r'fs: /disk: ext2, \d+ blocks of 1024 bytes, \d+ inodes, read-write',
          r'disktest: 0 checks failed', r'init: disktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], timeout=120,
         disk=Disk(ext2_block=1024, files={
             '/many/file010': b'written by the guest\n', '/sub/moved/renamed': b'inner\n',
             '/sub/trunc': b'short\n', '/new.txt': None, '/newdir': None, '/hello.txt': None,
             '/sub/deep/note': None, '/mapped': mapped_bytes()})),
    Test('disk_ext2_survives_reboot', 'run=disktest:write',
         [r'disktest: 0 checks failed', r'init: disktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], timeout=120, disk=Disk(ext2_block=1024),
         then=Test('disk_ext2_after_reboot', 'run=disktest:again',
                   [r'disktest: ok: what the last boot wrote is there',
                    r'disktest: 0 checks failed',
                    r'init: disktest \(pid \d+\) exited with status 0'],
                   forbid=[r'panic', r'WRONG'], timeout=120)),
    Test('disk_ext2_write_4k', 'cache=16 run=disktest:write',
         [r'fs: /disk: ext2, \d+ blocks of 4096 bytes, \d+ inodes, read-write',
          r'disktest: 0 checks failed', r'init: disktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], timeout=120,
         disk=Disk(ext2_block=4096, files={'/many/file010': b'written by the guest\n',
                                           '/sub/moved/renamed': b'inner\n',
                                           '/mapped': mapped_bytes()})),
    Test('disk_ext2_read_only', 'run=disktest:readonly',
         [r'fs: /disk: ext2, \d+ blocks of 1024 bytes, \d+ inodes, read-only',
          r'disktest: 0 checks failed', r'init: disktest \(pid \d+\) exited with status 0'],
         forbid=[r'panic', r'WRONG'], timeout=120, disk=Disk(ext2_block=1024, read_only=True)),
    Test('disk_ext2_shell', '',
         [r'bower\$ ls /\n(?:.*\n)*?disk/', r'bower\$ ls /disk\n(?:.*\n)*?hello\.txt',
          r'bower\$ cat /disk/hello\.txt\nhello, disk\n', r'bower\$ cat /disk/sub/deep/note\ndeep\n',
          r'bower\$ echo hi there > /disk/notes\n', r'bower\$ cat /disk/notes\nhi there\n',
          r'bower\$ rm /disk/hello\.txt\n', r'bower\$ mkdir /disk/dir\n',
          r'bower\$ cat /disk/hello\.txt\ncat: /disk/hello\.txt: No such file',
          r'bower\$ free\n(?:.*\n)*?page cache: \d+ pages \(\d+ KiB\), \d+ holding data, \d+ lent',
          r'bower\$ exit'],
         typed=['ls /', 'ls /disk', 'cat /disk/hello.txt', 'cat /disk/sub/deep/note',
                'echo hi there > /disk/notes', 'cat /disk/notes', 'rm /disk/hello.txt',
                'mkdir /disk/dir', 'cat /disk/hello.txt', 'free', 'exit'],
         forbid=[r'panic', r'WRONG'], timeout=90,
         disk=Disk(ext2_block=1024, files={'/notes': b'hi there\n', '/hello.txt': None})),
    Test('disk_ext2_damaged', '',
         [r'bower\$ cat /disk/hello\.txt\ncat: /disk/hello\.txt: I/O error',
          r'bower\$ ls /disk/many\nls: /disk/many: I/O error',
          r'bower\$ cat /disk/sub/deep/note\ndeep\n', r'bower\$ echo fine > /t\n',
          r'bower\$ cat /t\nfine\n', r'bower\$ exit'],
         typed=['cat /disk/hello.txt', 'ls /disk/many', 'cat /disk/sub/deep/note',
                'echo fine > /t', 'cat /t', 'exit'],
         forbid=[r'panic', r'WRONG', r'killed fs \(pid \d+\): (?!ended by init)'], disk=Disk(ext2_block=1024, damage=True),
         timeout=90),
    Test('disk_not_ext2', 'cache=3 run=hello',
         [r'fs: cache=3 is not 8 to 65536 pages; using 1024',
          r'fs: /disk not mounted: bad superblock magic', r'hello from hello'],
         disk=Disk()),
    Test('memory_128m', 'run=hello',
         [r'bower: memory 128 MiB at 0x40000000', r'hello from hello', r'init: all programs done'],
         forbid=[r'panic', r'fs: /disk'], mem='128M'),  # no disk: nothing to say about one
    Test('panic_reports_failure', 'init=no-such-init',
         [r'bower: panic: cannot start init', r'bower: panic at '],
         forbid=[], status=3),
]


def exited_ok(*programs):
    """init's line for each program's clean exit, in any order."""
    return any_order(*(rf'init: {p} \(pid \d+\) exited with status 0' for p in programs))


# Several programs at once, on every CPU: processes faulting files through
# the pager (test_llm twice, mmaptest, pagertest), IPC between processes on
# different CPUs (ipctest's clients and server), threads preempted on
# several CPUs (threads), programs killed by their faults while the others
# run (fault), twice each. No panic, every program's
# end as it should be, and init's free-page counts equal (ALL_DONE, checked
# after every boot). Programs that count the system's free pages or want
# the root directory to themselves (fileleak, leakcheck, fstest) are not
# among them.
STRESS_PROGRAMS = ['ipctest', 'test_llm', 'test_llm', 'mmaptest', 'pagertest', 'threads',
                   'ipctest', 'test_llm', 'pagertest', 'threads']   # mmaptest's file is its own


def stress_test(name, batches, timeout):
    """Batch after batch (init runs each par= word's programs together,
    then the next word's): every program of every batch ends as it should
    (no other exit status, no panic)."""
    batch = 'par=' + ','.join(STRESS_PROGRAMS + ['fault:null', 'fault:kernel'] * 2)
    return Test(name, ' '.join([batch] * batches),
                [any_order(*(rf'init: {p} \(pid \d+\) exited with status 0'
                             for p in STRESS_PROGRAMS),
                           r'init: fault \(pid \d+\) was killed'),
                 r'init: all programs done'],
                forbid=[r'panic', r'exited with status [1-9]',
                        r'init: (?!fault )\S+ \(pid \d+\) was killed'],
                timeout=timeout)


TESTS.append(stress_test('smp_stress', 1, 240))

# make stress: the same, longer, boot after boot (not in the default run).
LONG_TESTS = [stress_test(f'smp_stress_long_{i}', 8, 900) for i in range(1, 4)]


PROMPT = b'bower$ '
CTRL_T = b'\x14'       # the kernel's status key: it prints every thread
DUMP_SECONDS = 2       # how long a hung guest is given to print it




def trigger(item):
    """What an item of `typed` waits for, and what it types then: a line
    waits for the next prompt and ends with Enter."""
    if isinstance(item, Keys):
        return re.compile(item.after.encode()), item.keys.encode(), SETTLE_SECONDS
    return re.compile(re.escape(PROMPT)), item.encode() + b'\r', 0


def boot(cmd, timeout, typed=()):
    """Boot with the console on a pipe, typing each line of `typed` when the
    shell's prompt appears, as a person at the terminal would (and each
    Keys when what it waits for appears). A guest that has not powered off
    by the deadline is asked for its thread dump (Ctrl-T), so the log shows
    who waits on what, then killed. Returns the console output, QEMU's exit
    status (None if killed) and whether it was."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = b''
    deadline = time.monotonic() + timeout
    pending = [trigger(item) for item in typed]
    seen = 0          # output before this has triggered something already
    dumped = False
    while True:
        now = time.monotonic()
        if now >= deadline:
            if dumped:
                proc.kill()
                proc.wait()
                return out, None, True
            proc.stdin.write(CTRL_T)
            proc.stdin.flush()
            deadline, dumped = now + DUMP_SECONDS, True
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            out += chunk
        m = pending and not dumped and pending[0][0].search(out.replace(b'\r\n', b'\n'), seen)
        if m:
            time.sleep(pending[0][2])
            proc.stdin.write(pending.pop(0)[1])
            proc.stdin.flush()
            seen = m.end()
    status = proc.wait()
    return out, (None if dumped else status), dumped


def run(test):
    """Boot the test (and its `then`, on the same disk) and check it: None,
    or what is wrong."""
    os.makedirs(LOGS, exist_ok=True)
    spec, img = make_disk(test) if test.disk else (None, None)
    why = boot_and_check(test, spec)
    if not why and test.then:
        why = boot_and_check(test.then, spec)
        why = why and f'after a reboot ({test.then.name}): {why}'
    if why:
        return why
    return check_disk(test, img) if test.disk else None


def boot_and_check(test, spec):
    cmd = [QEMU, '--machine', test.machine, '--cpu', test.cpu, '--mem', test.mem,
           '--smp', str(test.smp or SMP)]
    if spec:
        cmd += ['--disk', spec]
    cmd += [test.kernel or KERNEL, test.append, '--'] + test.qemu_args
    out, status, timed_out = boot(cmd, test.timeout, test.typed or ())
    text = out.decode('utf-8', 'replace').replace('\r\n', '\n')
    with open(os.path.join(LOGS, test.name + '.log'), 'w') as f:
        f.write(text)
    if timed_out:
        return (f'no power-off within {test.timeout}s (console and thread dump in '
                f'build/test-logs/qemu/{test.name}.log)')
    pos = 0
    for pattern in test.expect:
        m = re.compile(pattern, re.M).search(text, pos)
        if not m:
            return f'missing (in order) /{pattern}/'
        pos = m.end()
    for pattern in test.anywhere:
        if not re.search(pattern, text, re.M):
            return f'missing /{pattern}/'
    for pattern in test.forbid:
        m = re.search(pattern, text)
        if m:
            line = text[text.rfind('\n', 0, m.start()) + 1:text.find('\n', m.end())]
            return f'unexpected /{pattern}/: {line.strip()}'
    done = ALL_DONE.search(text)
    if done and done.group(1) != done.group(2):
        return f'pages lost: {done.group(0)}'
    if status != test.status:
        return f'QEMU exit status {status}, want {test.status}'
    return None


def report(suite, checks):
    """Run each (name, check) of a suite, a check returning None or why it
    failed (an exception of the OS or a subprocess counts as a failure),
    and print one PASS/FAIL line each as tools/test.sh counts them: the
    exit status for the suite."""
    failed = 0
    for name, check in checks:
        try:
            why = check()
        except (OSError, subprocess.SubprocessError) as e:
            why = f'{type(e).__name__}: {e}'
        if why:
            failed += 1
            print(f'FAIL: {suite}/{name}: {why}', flush=True)
        else:
            print(f'PASS: {suite}/{name}', flush=True)
    return 1 if failed else 0


SMP = int(os.environ.get('SMP') or 4)   # CPUs for every test that does not choose


def main():
    global SMP, LOGS, TESTS
    names = sys.argv[1:]
    if names[:1] == ['--smp'] and len(names) > 1 and names[1].isdigit():
        SMP, names = int(names[1]), names[2:]
    if names[:1] == ['--long']:
        TESTS, names = LONG_TESTS, names[1:]
    # Another CPU count is another suite: its own names and logs.
    suite = 'qemu' if SMP == int(os.environ.get('SMP') or 4) else f'qemu-smp{SMP}'
    LOGS = os.path.join(ROOT, 'build/test-logs', suite)
    unknown = [n for n in names if n not in {t.name for t in TESTS}]
    if unknown:
        sys.exit(f'run.py: no such test: {" ".join(unknown)}')
    if not os.path.exists(KERNEL):
        print(f'FAIL: qemu/build: {KERNEL} is missing (run make image)')
        return 1
    return report(suite, [(t.name, lambda t=t: run(t)) for t in TESTS
                          if not names or t.name in names])


if __name__ == '__main__':
    sys.exit(main())
