#!/usr/bin/env python3
"""guest_profile.py - where a guest's instructions go, from a QEMU log.

QEMU's `-d in_asm,exec,nochain -D LOG` writes each translation block's
guest instructions once ("IN:" and one line an instruction) and a "Trace"
line every time a block runs (nochain: every time, not only when entered
from outside). This reads both, counts the instructions each run of a
block executes, and adds them up by the function of the ELF files given
(the kernel's and the programs' symbols, `nm`).

A window narrows it to one path: from the START symbol's Nth entry
(--occurrence) to the next entry of END (default: START again), e.g. one
IPC round trip from the client's call stub to its next call.

  tools/qemu.sh --smp 1 build/kernel/bower.elf run=roundtrip:64 -- \\
      -icount shift=0 -d in_asm,exec,nochain -D build/ipc.log
  tools/guest_profile.py build/ipc.log build/kernel/bower.elf \\
      build/user/bin/roundtrip --start bower_ipc_call --occurrence 30

User programs share addresses: an address is given to the first ELF on
the command line whose symbols cover it, so name the program of interest
before the servers (or the server first, with the window's symbols named
as ELF:NAME, e.g. --start build/user/bin/test_llm:srand). Prints one line a function (instructions, blocks run,
name), most first, and the window's total; with --blocks FUNCTION, one
line a block of that function instead, in address order, to read beside
its disassembly (objdump -d); with --by-elf, one line an ELF file.
"""
import argparse
import bisect
import re
import subprocess
import sys

TRACE = re.compile(r'^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/')
INSN = re.compile(r'^0x([0-9a-f]+):\s')


def symbols(elfs):
    """(address, end, name, rank of its ELF) of every function of the ELF files, sorted by
    address; where ELF files share an address, the first named is last, so
    that a walk back from an address (Names) meets it first.

    Assembly labels have no size: such a label runs to the next symbol."""
    out = []
    for rank, path in enumerate(elfs):
        text = subprocess.run(['nm', '-S', '-n', '--defined-only', path],
                              check=True, stdout=subprocess.PIPE,
                              text=True).stdout
        found = []
        for line in text.splitlines():
            parts = line.split()
            if parts[-1].startswith(('$', '.L')):
                continue        # mapping symbols and local labels
            if len(parts) == 4 and parts[2] in 'tTwW':
                start = int(parts[0], 16)
                found.append([start, start + int(parts[1], 16), parts[3]])
            elif len(parts) == 3 and parts[1] in 'tTwW':
                found.append([int(parts[0], 16), None, parts[2]])
        for i, sym in enumerate(found):
            if sym[1] is None:
                later = [s[0] for s in found[i + 1:] if s[0] > sym[0]]
                sym[1] = later[0] if later else sym[0] + 4096
        out.extend((s[0], -rank, s[1], s[2]) for s in found)
    out.sort()
    return [(a, e, n, -r) for a, r, e, n in out]


class Names:
    def __init__(self, syms):
        self.syms = syms
        self.starts = [s[0] for s in syms]
        self.longest = max((s[1] - s[0] for s in syms), default=0)
        self.cache = {}

    def __call__(self, pc):
        """The function at pc and the rank of its ELF (None: in none): of the
        functions of several ELF files that cover pc, the first-named ELF's."""
        if pc not in self.cache:
            best = (f'?{pc:#x}', None)
            i = bisect.bisect_right(self.starts, pc) - 1
            while i >= 0 and self.syms[i][0] >= pc - self.longest:
                a, e, n, rank = self.syms[i]
                if pc < e and (best[1] is None or rank < best[1]):
                    best = (n, rank)
                i -= 1
            self.cache[pc] = best
        return self.cache[pc]


def runs(log):
    """Each block run: (its pc, how many guest instructions it holds)."""
    sizes = {}
    block = None
    with open(log, errors='replace') as f:
        for line in f:
            if line.startswith('IN:'):
                block = []
                continue
            if block is not None:
                m = INSN.match(line)
                if m:
                    block.append(int(m.group(1), 16))
                    continue
                if block:
                    sizes[block[0]] = len(block)
                block = None
            m = TRACE.match(line)
            if m:
                pc = int(m.group(1), 16)
                yield pc, sizes.get(pc, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('log')
    ap.add_argument('elf', nargs='+')
    ap.add_argument('--start', help='symbol whose entry opens the window (ELF:NAME: '
                    'the one in that ELF file, where several have NAME)')
    ap.add_argument('--end', help='symbol whose next entry closes it (default: START)')
    ap.add_argument('--occurrence', type=int, default=1,
                    help="which of START's entries opens it (default 1)")
    ap.add_argument('--top', type=int, default=40)
    ap.add_argument('--by-elf', action='store_true',
                    help="instead, one line an ELF file")
    ap.add_argument('--blocks', metavar='FUNCTION',
                    help="instead, one line a block of FUNCTION, by address")
    args = ap.parse_args()
    syms = symbols(args.elf)
    name = Names(syms)
    entry = {}          # a name's entry: in the first ELF that has it
    for a, _, n, rank in sorted(syms, key=lambda s: s[3], reverse=True):
        entry[n] = a
        entry[f'{args.elf[rank]}:{n}'] = a  # ELF:NAME, the one in that ELF
    for sym in (args.start, args.end):
        if sym and sym not in entry:
            sys.exit(f'guest_profile: no function {sym} in {", ".join(args.elf)}')
    start = entry.get(args.start)
    end = entry.get(args.end or args.start)
    seen = 0
    inside = start is None
    counts, calls = {}, {}
    total = 0
    for pc, n in runs(args.log):
        if not inside:
            if pc == start:
                seen += 1
                inside = seen == args.occurrence
            if not inside:
                continue
        elif start is not None and pc == end and total:
            break
        f, rank = name(pc)
        if args.blocks:
            if f != args.blocks:
                continue
            f = f'{pc:#x}'
        elif args.by_elf:
            f = args.elf[rank] if rank is not None else 'elsewhere'
        counts[f] = counts.get(f, 0) + n
        calls[f] = calls.get(f, 0) + 1
        total += n
    if start is not None and not total:
        sys.exit(f'guest_profile: {args.start} entered {seen} times, '
                 f'fewer than {args.occurrence}')
    order = sorted(counts.items(), key=lambda kv: -kv[1])[:args.top]
    if args.blocks:
        order.sort()
    for f, n in order:
        print(f"{n:8d} {calls[f]:6d}  {f}")
    print(f'{total:8d}         total')


if __name__ == '__main__':
    main()
